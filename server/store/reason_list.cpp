#include "server/store/reason_list.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

#include "server/store/store.hpp"

namespace ibasho {

const char* default_reasons_json() {
    return R"({"reasons":[)"
           R"({"id":"hurtful","ja":"人を傷つける言葉","en":"Hurtful words"},)"
           R"({"id":"flood","ja":"連続投稿","en":"Flooding"},)"
           R"({"id":"spam","ja":"宣伝・スパム","en":"Advertising or spam"},)"
           R"({"id":"contact_seeking","ja":"連絡先の交換・外部への誘導","en":"Seeking contact or luring elsewhere"},)"
           R"({"id":"personal_info","ja":"個人が特定される情報","en":"Identifying details"},)"
           R"({"id":"off_topic","ja":"部屋の目的と違う話題","en":"Not what this room is for"},)"
           R"({"id":"pressure","ja":"押しつけ・説教","en":"Pressure or lecturing"},)"
           R"({"id":"care","ja":"ご本人の安全のため","en":"For the person's own safety"},)"
           R"({"id":"calm_down","ja":"部屋を落ち着かせるため","en":"To calm the room"},)"
           R"({"id":"handled","ja":"対応済み","en":"Handled"},)"
           R"({"id":"other","ja":"その他","en":"Other"}]})";
}

namespace {

// The codes a list body names; nullopt when the body is not a list.
std::optional<std::set<std::string, std::less<>>> codes_of(const std::string& body) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("reasons") || !j["reasons"].is_array()) {
        return std::nullopt;
    }
    std::set<std::string, std::less<>> codes;
    for (const auto& r : j["reasons"]) {
        if (r.is_object() && r.contains("id") && r["id"].is_string()) {
            codes.insert(r["id"].get<std::string>());
        }
    }
    return codes;
}

// The organisation a record id names: "default" is "main"'s, "org:<id>" another's.
std::string org_of_record(const std::string& id) {
    if (id == "default") {
        return "main";
    }
    return id.starts_with("org:") ? id.substr(4) : std::string();
}

}  // namespace

ReasonList::ReasonList() : shipped_(*codes_of(default_reasons_json())) {}

void ReasonList::follow(Store& store) {
    store.watch([this, &store](const StoreChange& change) {
        if (change.resync || change.kind == "reasons") {
            reload(store);
        }
    });
    reload(store);
}

void ReasonList::reload(Store& store) {
    store.list("reasons", std::nullopt, [this](StoreResult r, std::vector<StoreRecord> records) {
        if (r != StoreResult::ok) {
            return;  // unavailable: keep what we have; the next change or resync reloads
        }
        std::map<std::string, Codes, std::less<>> lists;
        for (const auto& rec : records) {
            const std::string org = org_of_record(rec.id);
            if (auto codes = codes_of(rec.body); codes && !org.empty()) {
                lists[org] = std::move(*codes);
            }
        }
        std::lock_guard lock(mutex_);
        by_org_ = std::move(lists);
    });
}

bool ReasonList::listed(std::string_view org, std::string_view code) {
    std::lock_guard lock(mutex_);
    const auto it = by_org_.find(org);
    const Codes& codes = it == by_org_.end() ? shipped_ : it->second;
    return codes.find(code) != codes.end();
}

}  // namespace ibasho
