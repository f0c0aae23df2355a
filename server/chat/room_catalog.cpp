#include "server/chat/room_catalog.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "server/config.hpp"

namespace ibasho::chat {
namespace {

using nlohmann::json;

const std::set<std::string, std::less<>> known_audiences = {
    "open", "age_u20", "age_20s", "age_30s", "age_40plus", "women", "lgbtq", "family"};

[[noreturn]] void fail(const std::string& field, const std::string& problem) {
    throw ConfigError(field, problem);
}

const json& require(const json& obj, const char* key, const std::string& where) {
    auto it = obj.find(key);
    if (it == obj.end()) {
        fail(where + "." + key, "is missing");
    }
    return *it;
}

protocol::LocalizedText text(const json& v, const std::string& where, bool required) {
    protocol::LocalizedText t;
    if (v.is_null() && !required) {
        return t;
    }
    if (!v.is_object()) {
        fail(where, "must be an object {\"ja\": ..., \"en\": ...}");
    }
    for (const char* lang : {"ja", "en"}) {
        auto it = v.find(lang);
        if (it == v.end() || !it->is_string() || (required && it->get<std::string>().empty())) {
            fail(where + "." + lang, "must be a non-empty string");
        }
        (std::string_view(lang) == "ja" ? t.ja : t.en) = it->get<std::string>();
    }
    return t;
}

std::uint64_t uint_in(const json& v, const std::string& where, std::uint64_t lo, std::uint64_t hi) {
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
        fail(where, "must be a whole number");
    }
    const auto n = v.get<std::uint64_t>();
    if (n < lo || n > hi) {
        fail(where, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    }
    return n;
}

void apply_common(RoomConfig& r, const json& obj, const std::string& where) {
    if (auto it = obj.find("capacity"); it != obj.end()) {
        r.capacity = static_cast<std::uint32_t>(uint_in(*it, where + ".capacity", 1, 100000));
    }
    if (auto it = obj.find("history_length"); it != obj.end()) {
        r.history_length =
            static_cast<std::uint32_t>(uint_in(*it, where + ".history_length", 0, 10000));
    }
    if (auto it = obj.find("history_age_s"); it != obj.end()) {
        r.history_age = std::chrono::seconds(uint_in(*it, where + ".history_age_s", 0, 86400));
    }
    if (auto it = obj.find("slow_mode_s"); it != obj.end()) {
        r.slow_mode = std::chrono::seconds(uint_in(*it, where + ".slow_mode_s", 0, 3600));
    }
    if (auto it = obj.find("rate_limit"); it != obj.end()) {
        if (it->is_string() && *it == "off") {
            r.rate_per_second = 0;
        } else if (it->is_object()) {
            auto ps = it->find("per_second");
            auto burst = it->find("burst");
            if (ps == it->end() || !ps->is_number() || ps->get<double>() <= 0 ||
                ps->get<double>() > 1000) {
                fail(where + ".rate_limit.per_second", "must be a number above 0 and up to 1000");
            }
            r.rate_per_second = ps->get<double>();
            if (burst != it->end()) {
                if (!burst->is_number() || burst->get<double>() < 1 ||
                    burst->get<double>() > 1000) {
                    fail(where + ".rate_limit.burst", "must be a number from 1 to 1000");
                }
                r.rate_burst = burst->get<double>();
            }
        } else {
            fail(where + ".rate_limit", "must be \"off\" or {\"per_second\": N, \"burst\": N}");
        }
    }
    if (auto it = obj.find("presence"); it != obj.end()) {
        if (*it == "names") {
            r.presence = PresenceMode::names;
        } else if (*it == "counts") {
            r.presence = PresenceMode::counts;
        } else {
            fail(where + ".presence", "must be \"names\" or \"counts\"");
        }
    }
    if (auto it = obj.find("typing"); it != obj.end()) {
        if (!it->is_boolean()) {
            fail(where + ".typing", "must be true or false");
        }
        r.typing = it->get<bool>();
    }
    if (auto it = obj.find("supporter_present"); it != obj.end()) {
        if (!it->is_boolean()) {
            fail(where + ".supporter_present", "must be true or false");
        }
        r.supporter_present = it->get<bool>();
    }
}

}  // namespace

bool is_known_audience(std::string_view audience) {
    return known_audiences.find(audience) != known_audiences.end();
}

bool RoomConfig::limited() const {
    return std::any_of(audience.begin(), audience.end(),
                       [](const std::string& a) { return a != "open"; });
}

RoomState RoomConfig::effective_state() const {
    if (scheduled && !schedule.open) {
        return RoomState::closed;
    }
    return state;
}

std::uint32_t RoomConfig::effective_capacity() const {
    if (scheduled && schedule.open && schedule.window->capacity > 0) {
        return schedule.window->capacity;
    }
    return capacity;
}

bool RoomConfig::event_supporter(std::string_view staff_id) const {
    if (!scheduled || !schedule.open || staff_id.empty()) {
        return false;
    }
    const auto& ids = schedule.window->supporters;
    return std::find(ids.begin(), ids.end(), staff_id) != ids.end();
}

const RoomConfig* RoomSet::find(std::string_view id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &rooms[it->second];
}

void RoomSet::index_rooms() {
    by_id_.clear();
    for (std::size_t i = 0; i < rooms.size(); ++i) {
        by_id_.emplace(rooms[i].id, i);
    }
}

std::shared_ptr<const RoomSet> parse_rooms(std::string_view json_text) {
    auto doc = json::parse(json_text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        fail("rooms", "the rooms file must hold one JSON object with a \"rooms\" array");
    }
    RoomConfig defaults;
    if (auto it = doc.find("defaults"); it != doc.end()) {
        if (!it->is_object()) {
            fail("defaults", "must be an object");
        }
        apply_common(defaults, *it, "defaults");
    }
    const json& list = require(doc, "rooms", "file");
    if (!list.is_array()) {
        fail("rooms", "must be an array");
    }
    static const std::regex id_pattern("^[a-z0-9][a-z0-9-]{0,47}$");
    auto set = std::make_shared<RoomSet>();
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string where = "rooms[" + std::to_string(i) + "]";
        const json& obj = list[i];
        if (!obj.is_object()) {
            fail(where, "must be an object");
        }
        RoomConfig r = defaults;
        const json& id = require(obj, "id", where);
        if (!id.is_string() || !std::regex_match(id.get<std::string>(), id_pattern)) {
            fail(where + ".id", "must match ^[a-z0-9][a-z0-9-]{0,47}$");
        }
        r.id = id.get<std::string>();
        if (!seen.insert(r.id).second) {
            fail(where + ".id", "'" + r.id + "' is used twice");
        }
        r.name = text(require(obj, "name", where), where + ".name", true);
        r.description = text(obj.value("description", json()), where + ".description", false);
        r.rules = text(obj.value("rules", json()), where + ".rules", false);
        const json& audience = require(obj, "audience", where);
        if (!audience.is_array() || audience.empty()) {
            fail(where + ".audience", "must be a non-empty array");
        }
        for (const auto& a : audience) {
            if (!a.is_string() || !known_audiences.contains(a.get<std::string>())) {
                fail(where + ".audience",
                     "entries must be open, age_u20, age_20s, age_30s, age_40plus, women, "
                     "lgbtq or family");
            }
            r.audience.push_back(a.get<std::string>());
        }
        if (auto it = obj.find("state"); it != obj.end()) {
            const auto state = it->is_string()
                                   ? moderation::room_state_from_string(it->get<std::string>())
                                   : std::nullopt;
            if (!state)
                fail(where + ".state", "must be open, locked, paused or closed");
            r.state = *state;
        }
        if (auto it = obj.find("org"); it != obj.end()) {
            static const std::regex org_pattern("^[a-z0-9][a-z0-9-]{1,31}$");
            if (!it->is_string() || !std::regex_match(it->get<std::string>(), org_pattern)) {
                fail(where + ".org", "must match ^[a-z0-9][a-z0-9-]{1,31}$");
            }
            r.org = it->get<std::string>();
        }
        if (auto it = obj.find("scheduled"); it != obj.end()) {
            if (!it->is_boolean()) {
                fail(where + ".scheduled", "must be true or false");
            }
            r.scheduled = it->get<bool>();
        }
        apply_common(r, obj, where);
        set->rooms.push_back(std::move(r));
    }
    set->index_rooms();
    return set;
}

std::string read_rooms_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        fail("rooms", "cannot read '" + path + "'");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::shared_ptr<const RoomSet> load_rooms_file(const std::string& path) {
    return parse_rooms(read_rooms_file(path));
}

RoomCatalog::RoomCatalog() : rooms_(std::make_shared<RoomSet>()) {}
RoomCatalog::RoomCatalog(std::shared_ptr<const RoomSet> rooms) : rooms_(std::move(rooms)) {}

std::shared_ptr<const RoomSet> RoomCatalog::snapshot() const {
    std::lock_guard lock(mutex_);
    return rooms_;
}

void RoomCatalog::replace(std::shared_ptr<const RoomSet> rooms) {
    std::lock_guard lock(mutex_);
    bool overridden = false;
    for (const auto& [id, live] : live_) {
        overridden = overridden || (rooms && rooms->find(id) != nullptr);
    }
    for (const auto& [id, schedule] : schedules_) {
        overridden = overridden || (rooms && rooms->find(id) != nullptr);
    }
    if (!overridden) {
        rooms_ = std::move(rooms);
        return;
    }
    auto next = std::make_shared<RoomSet>();
    next->rooms = rooms->rooms;
    for (RoomConfig& r : next->rooms) {
        if (auto it = live_.find(r.id); it != live_.end()) {
            apply_live(r, it->second);
        }
        if (auto it = schedules_.find(r.id); it != schedules_.end()) {
            r.schedule = it->second;
        }
    }
    next->index_rooms();
    rooms_ = std::move(next);
}

bool RoomCatalog::set_live(const std::string& room, const RoomLive& live) {
    std::lock_guard lock(mutex_);
    if (rooms_ == nullptr || rooms_->find(room) == nullptr) {
        return false;
    }
    live_[room] = live;
    auto next = std::make_shared<RoomSet>();
    next->rooms = rooms_->rooms;
    for (RoomConfig& r : next->rooms) {
        if (r.id == room) {
            apply_live(r, live);
        }
    }
    next->index_rooms();
    rooms_ = std::move(next);
    return true;
}

std::optional<RoomLive> RoomCatalog::live(const std::string& room) const {
    std::lock_guard lock(mutex_);
    auto it = live_.find(room);
    return it == live_.end() ? std::nullopt : std::optional(it->second);
}

bool RoomCatalog::set_schedule(const std::string& room, const events::RoomSchedule& schedule) {
    std::lock_guard lock(mutex_);
    const RoomConfig* current = rooms_ ? rooms_->find(room) : nullptr;
    if (current == nullptr || current->schedule == schedule) {
        return false;
    }
    schedules_[room] = schedule;
    auto next = std::make_shared<RoomSet>();
    next->rooms = rooms_->rooms;
    for (RoomConfig& r : next->rooms) {
        if (r.id == room) {
            r.schedule = schedule;
        }
    }
    next->index_rooms();
    rooms_ = std::move(next);
    return true;
}

bool RoomCatalog::set_state(const std::string& room, RoomState state) {
    std::lock_guard lock(mutex_);
    const RoomConfig* current = rooms_ ? rooms_->find(room) : nullptr;
    if (current == nullptr || current->state == state) {
        return false;
    }
    if (auto it = live_.find(room); it != live_.end()) {
        it->second.state = state;  // the override follows, so a reload does not undo it
    }
    auto next = std::make_shared<RoomSet>();
    next->rooms = rooms_->rooms;
    for (RoomConfig& r : next->rooms) {
        if (r.id == room) {
            r.state = state;
        }
    }
    next->index_rooms();
    rooms_ = std::move(next);
    return true;
}

}  // namespace ibasho::chat
