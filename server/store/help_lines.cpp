#include "server/store/help_lines.hpp"

#include <nlohmann/json.hpp>

#include "server/store/help_entries.hpp"
#include "server/store/help_seed.hpp"
#include "server/store/store.hpp"

namespace ibasho {
namespace {

using nlohmann::json;

bool is_text_pair(const json& j) {
    return j.is_object() && j.contains("ja") && j["ja"].is_string();
}

std::string string_of(const json& entry, const char* key) {
    const auto it = entry.find(key);
    return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Only what the card shows: never the free text of `about`, so the card stays three short
// lines of who, how to reach them, and when.
json card_line(const json& entry) {
    json line = json::object();
    line["id"] = string_of(entry, "id");
    line["name"] = entry["name"];
    if (const auto tel = string_of(entry, "tel"); !tel.empty()) {
        line["tel"] = tel;
    }
    if (const auto url = string_of(entry, "url"); !url.empty()) {
        line["url"] = url;
    }
    const auto hours = entry.find("hours");
    line["hours"] = hours != entry.end() && is_text_pair(*hours) ? *hours : json(nullptr);
    return line;
}

void collect_contacts(const json& entry, HelpSnapshot& s) {
    if (auto tel = string_of(entry, "tel"); !tel.empty()) {
        s.phones.push_back(std::move(tel));
    }
    if (auto url = string_of(entry, "url"); !url.empty()) {
        s.links.push_back(std::move(url));
    }
}

std::shared_ptr<const HelpSnapshot> parse(const std::string& body) {
    const json j = json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("entries") || !j["entries"].is_array()) {
        return nullptr;
    }
    auto s = std::make_shared<HelpSnapshot>();
    std::vector<const json*> featured;
    std::vector<const json*> rest;
    for (const auto& entry : j["entries"]) {
        if (!entry.is_object() || !is_text_pair(entry.value("name", json()))) {
            continue;
        }
        collect_contacts(entry, *s);
        if (string_of(entry, "tel").empty() && string_of(entry, "url").empty()) {
            continue;  // nothing to reach on the card
        }
        if (entry.contains("for")) {
            continue;  // for someone else (families): the card is for the writer, now
        }
        (entry.value("featured", false) ? featured : rest).push_back(&entry);
    }
    if (const auto e = j.find("emergency"); e != j.end() && e->is_object()) {
        collect_contacts(*e, *s);
    }
    json lines = json::array();
    for (const auto* list : {&featured, &rest}) {
        for (const json* entry : *list) {
            if (lines.size() < HelpLines::card_lines_max) {
                lines.push_back(card_line(*entry));
            }
        }
    }
    s->card_lines_json = lines.dump();
    s->participants = moderation::ContactAllowance::from_lists(s->phones, s->links);
    s->staff = s->participants;
    s->staff.links_allowed = true;
    return s;
}

}  // namespace

HelpLines::HelpLines() : current_(std::make_shared<HelpSnapshot>()) {}

bool HelpLines::take(const std::string& body) {
    if (!parse(body)) {
        return false;
    }
    {
        std::lock_guard lock(mutex_);
        directory_ = body;
    }
    return apply();
}

bool HelpLines::apply() {
    std::string merged;
    {
        std::lock_guard lock(mutex_);
        merged = merge_help_directory(directory_, entries_);
    }
    auto parsed = parse(merged);
    if (!parsed) {
        return false;
    }
    std::lock_guard lock(mutex_);
    current_ = std::move(parsed);
    return true;
}

void HelpLines::follow(Store& store) {
    store.watch([this, &store](const StoreChange& change) {
        if (change.resync || change.kind == help_kind || change.kind == help_entry_kind) {
            reload(store);
        }
    });
    reload(store);
}

void HelpLines::reload(Store& store) {
    store.get(help_kind, help_directory_id, [this, &store](StoreResult r, StoreRecord rec) {
        if (r == StoreResult::ok && parse(rec.body)) {
            std::lock_guard lock(mutex_);
            directory_ = std::move(rec.body);
        }
        // not_found or unavailable: keep the directory we have (the shipped file, or the last
        // reading), and still read the organisations' entries.
        store.list(help_entry_kind, std::nullopt,
                   [this](StoreResult lr, std::vector<StoreRecord> entries) {
                       if (lr == StoreResult::ok) {
                           std::lock_guard lock(mutex_);
                           entries_ = std::move(entries);
                       }
                       apply();
                   });
    });
}

std::shared_ptr<const HelpSnapshot> HelpLines::current() const {
    std::lock_guard lock(mutex_);
    return current_;
}

}  // namespace ibasho
