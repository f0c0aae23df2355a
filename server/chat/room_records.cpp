#include "server/chat/room_records.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>

#include "server/config.hpp"
#include "server/log.hpp"
#include "server/store/org_records.hpp"

namespace ibasho::chat {
namespace {

using nlohmann::json;

// The rooms file's keys: nothing else rides along into the Store.
const std::set<std::string, std::less<>> file_keys = {
    "id",          "org",        "name",     "description",    "rules",
    "audience",    "state",      "capacity", "history_length", "history_age_s",
    "slow_mode_s", "rate_limit", "presence", "typing",         "supporter_present",
    "scheduled"};

json known_keys(const json& room) {
    json out = json::object();
    for (const auto& [key, value] : room.items()) {
        if (file_keys.contains(key)) {
            out[key] = value;
        }
    }
    return out;
}

// "rooms[0].capacity" -> "capacity": the API's body is the one room.
std::string api_field(const std::string& field) {
    const std::string prefix = "rooms[0]";
    if (field.rfind(prefix, 0) != 0) {
        return field == "file" ? "room" : field;
    }
    return field.size() > prefix.size() + 1 ? field.substr(prefix.size() + 1) : "room";
}

std::optional<RoomConfig> parse_one(const json& room) {
    try {
        auto set = parse_rooms(json{{"rooms", json::array({room})}}.dump());
        if (set->rooms.size() != 1) {
            return std::nullopt;
        }
        return set->rooms.front();
    } catch (const ConfigError&) {
        return std::nullopt;
    }
}

void ensure_org(Store& store, const std::string& id, std::function<void()> done) {
    Org org;
    org.id = id;
    org.name_ja = id;
    org.name_en = id;
    StoreRecord rec{org_kind, id, "", 0, org_body(org), {}};
    store.put(std::move(rec), 0, [done = std::move(done)](StoreResult, std::uint64_t) {
        if (done) {
            done();
        }
    });
}

std::string org_of(const json& body) {
    const auto it = body.find("org");
    return it != body.end() && it->is_string() ? it->get<std::string>() : std::string("main");
}

}  // namespace

std::string room_org(const RoomCatalog& catalog, std::string_view room) {
    const auto rooms = catalog.snapshot();
    const RoomConfig* config = rooms->find(room);
    return config != nullptr ? config->org : std::string();
}

std::string audit_org(const RoomCatalog& catalog, std::string_view room) {
    std::string org = room_org(catalog, room);
    return org.empty() ? std::string("main") : org;
}

std::optional<RoomProblem> check_room_object(const json& room) {
    if (!room.is_object()) {
        return RoomProblem{"room", "The room must be a JSON object."};
    }
    try {
        parse_rooms(json{{"rooms", json::array({known_keys(room)})}}.dump());
    } catch (const ConfigError& e) {
        return RoomProblem{api_field(e.field()), e.problem()};
    }
    if (const auto it = room.find("order"); it != room.end()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() < 0 ||
            it->get<std::int64_t>() > 1'000'000'000) {
            return RoomProblem{"order", "must be a whole number from 0 to 1000000000"};
        }
    }
    if (const auto it = room.find("seeded"); it != room.end() && !it->is_boolean()) {
        return RoomProblem{"seeded", "must be true or false"};
    }
    return std::nullopt;
}

json room_record_body(json room, const std::string& org, std::int64_t order, bool seeded) {
    json body = known_keys(room);
    body["org"] = org;
    if (!body.contains("scheduled")) {
        body["scheduled"] = false;
    }
    body["order"] = order;
    body["seeded"] = seeded;
    return body;
}

std::optional<RoomRecord> room_from_record(const StoreRecord& rec) {
    json body = json::parse(rec.body, nullptr, false);
    if (!body.is_object() || body.value("id", "") != rec.id) {
        return std::nullopt;
    }
    RoomRecord out;
    if (const auto it = body.find("order"); it != body.end() && it->is_number_integer()) {
        out.order = it->get<std::int64_t>();
    }
    if (const auto it = body.find("seeded"); it != body.end() && it->is_boolean()) {
        out.seeded = it->get<bool>();
    }
    json room = known_keys(body);
    room["org"] = rec.owner;
    auto parsed = parse_one(room);
    if (!parsed) {
        return std::nullopt;
    }
    out.room = std::move(*parsed);
    return out;
}

std::vector<json> rooms_file_records(std::string_view text) {
    parse_rooms(text);  // the whole file's rules (ids used twice, ...): throws before anything
    const json doc = json::parse(text);
    const json defaults = doc.contains("defaults") ? doc["defaults"] : json::object();
    std::vector<json> out;
    const json& rooms = doc["rooms"];
    for (std::size_t i = 0; i < rooms.size(); ++i) {
        json room = rooms[i];
        for (const auto& [key, value] : defaults.items()) {
            if (!room.contains(key)) {
                room[key] = value;
            }
        }
        const std::string org = org_of(room);
        out.push_back(room_record_body(std::move(room), org, static_cast<std::int64_t>(i), true));
    }
    return out;
}

RoomRecords::RoomRecords(Store& store, RoomCatalog& catalog, GoneFn gone)
    : store_(store), catalog_(catalog), gone_(std::move(gone)) {}

void RoomRecords::watch() {
    store_.watch([this](const StoreChange& change) {
        if (change.resync || change.kind == room_kind) {
            reload();
        }
    });
}

void RoomRecords::start(std::string file_text) {
    store_.list(
        room_kind, std::nullopt,
        [this, file_text = std::move(file_text)](StoreResult r, std::vector<StoreRecord> records) {
            if (r != StoreResult::ok) {
                log::warn("rooms_not_loaded", {{"result", to_string(r)}});
                return;
            }
            if (!records.empty() || file_text.empty()) {
                loaded(std::move(records));
                return;
            }
            std::vector<json> seeds;
            try {
                seeds = rooms_file_records(file_text);
            } catch (const ConfigError& e) {
                log::error("rooms_seed_failed", {{"field", e.field()}, {"problem", e.problem()}});
                return;
            }
            // A fresh Store: the file's rooms become records (CAS 0, so two nodes starting
            // together write each once), with the organisations the file names.
            std::set<std::string> orgs;
            for (const auto& s : seeds) {
                orgs.insert(s["org"].get<std::string>());
            }
            hold();
            auto pending =
                std::make_shared<std::atomic<std::size_t>>(seeds.size() + orgs.size() + 1);
            auto one_done = [this, pending] {
                if (pending->fetch_sub(1) == 1) {
                    release();
                }
            };
            for (const auto& org : orgs) {
                ensure_org(store_, org, one_done);
            }
            log::info("rooms_seeded", {{"rooms", seeds.size()}});
            for (auto& s : seeds) {
                StoreRecord rec{room_kind,
                                s["id"].get<std::string>(),
                                s["org"].get<std::string>(),
                                0,
                                s.dump(-1, ' ', false, json::error_handler_t::replace),
                                {}};
                store_.put(std::move(rec), 0,
                           [one_done](StoreResult, std::uint64_t) { one_done(); });
            }
            one_done();
        });
}

void RoomRecords::hold() {
    std::lock_guard lock(mutex_);
    ++holds_;
}

void RoomRecords::release() {
    {
        std::lock_guard lock(mutex_);
        if (--holds_ != 0) {
            return;
        }
        held_change_ = false;
    }
    reload();
}

void RoomRecords::reload() {
    {
        std::lock_guard lock(mutex_);
        if (holds_ != 0) {
            held_change_ = true;
            return;
        }
        if (in_flight_) {
            again_ = true;
            return;
        }
        in_flight_ = true;
    }
    load_now();
}

void RoomRecords::load_now() {
    store_.list(room_kind, std::nullopt, [this](StoreResult r, std::vector<StoreRecord> records) {
        if (r == StoreResult::ok) {
            loaded(std::move(records));
        } else {
            log::warn("rooms_not_loaded", {{"result", to_string(r)}});
        }
        {
            std::lock_guard lock(mutex_);
            if (!again_) {
                in_flight_ = false;
                return;
            }
            again_ = false;
        }
        load_now();
    });
}

void RoomRecords::loaded(std::vector<StoreRecord> records) {
    std::vector<RoomRecord> rooms;
    for (const auto& rec : records) {
        if (auto room = room_from_record(rec)) {
            rooms.push_back(std::move(*room));
        } else {
            log::warn("room_record_unreadable", {{"room", rec.id}});
        }
    }
    std::stable_sort(rooms.begin(), rooms.end(), [](const RoomRecord& a, const RoomRecord& b) {
        return a.order != b.order ? a.order < b.order : a.room.id < b.room.id;
    });
    auto set = std::make_shared<RoomSet>();
    for (auto& r : rooms) {
        set->rooms.push_back(std::move(r.room));
    }
    set->index_rooms();
    std::vector<std::string> gone;
    {
        // One writer at a time, so the comparison sees the snapshot this swap replaces.
        static std::mutex swap_mutex;
        std::lock_guard lock(swap_mutex);
        const auto before = catalog_.snapshot();
        catalog_.replace(std::move(set));
        const auto after = catalog_.snapshot();
        for (const auto& was : before->rooms) {
            const RoomConfig* now = after->find(was.id);
            if (now == nullptr ||
                (now->state == RoomState::closed && was.state != RoomState::closed)) {
                gone.push_back(was.id);
            }
        }
    }
    for (const auto& id : gone) {
        if (gone_) {
            gone_(id);
        }
    }
}

void RoomRecords::apply_file(std::string_view file_text, std::function<void()> done) {
    auto seeds = rooms_file_records(file_text);  // throws ConfigError before any write
    store_.list(
        room_kind, std::nullopt,
        [this, seeds = std::move(seeds), done = std::move(done)](
            StoreResult r, std::vector<StoreRecord> records) mutable {
            if (r != StoreResult::ok) {
                log::error("rooms_reload_failed", {{"field", "store"}, {"problem", to_string(r)}});
                if (done) {
                    done();
                }
                return;
            }
            std::map<std::string, StoreRecord> existing;
            for (auto& rec : records) {
                existing.emplace(rec.id, std::move(rec));
            }
            struct Write {
                StoreRecord record;
                std::uint64_t expected;
                bool remove;
            };
            std::vector<Write> writes;
            std::set<std::string> in_file;
            std::set<std::string> orgs;
            for (auto& s : seeds) {
                const std::string id = s["id"].get<std::string>();
                in_file.insert(id);
                orgs.insert(s["org"].get<std::string>());
                StoreRecord rec{room_kind,
                                id,
                                s["org"].get<std::string>(),
                                0,
                                s.dump(-1, ' ', false, json::error_handler_t::replace),
                                {}};
                const auto it = existing.find(id);
                if (it == existing.end()) {
                    writes.push_back({std::move(rec), 0, false});
                    continue;
                }
                const auto was = room_from_record(it->second);
                if (was && !was->seeded) {
                    // Edited through the API: the organiser's room is no longer the file's.
                    log::warn("rooms_reload_api_kept", {{"room", id}});
                    continue;
                }
                if (json::parse(it->second.body, nullptr, false) != s ||
                    it->second.owner != rec.owner) {
                    writes.push_back({std::move(rec), it->second.version, false});
                }
            }
            for (const auto& [id, rec] : existing) {
                const auto was = room_from_record(rec);
                if (!in_file.contains(id) && (!was || was->seeded)) {
                    writes.push_back(
                        {StoreRecord{room_kind, id, rec.owner, 0, {}, {}}, rec.version, true});
                }
            }
            hold();
            auto pending =
                std::make_shared<std::atomic<std::size_t>>(writes.size() + orgs.size() + 1);
            auto one_done = [this, pending,
                             done = std::make_shared<std::function<void()>>(std::move(done))] {
                if (pending->fetch_sub(1) == 1) {
                    release();
                    if (*done) {
                        (*done)();
                    }
                }
            };
            for (const auto& org : orgs) {
                ensure_org(store_, org, one_done);
            }
            for (auto& w : writes) {
                const std::string id = w.record.id;
                auto answered = [id, one_done](StoreResult wr) {
                    if (wr != StoreResult::ok) {
                        log::warn("rooms_reload_write_failed",
                                  {{"room", id}, {"result", to_string(wr)}});
                    }
                    one_done();
                };
                if (w.remove) {
                    store_.remove(room_kind, id, w.expected, answered);
                } else {
                    store_.put(std::move(w.record), w.expected,
                               [answered](StoreResult wr, std::uint64_t) { answered(wr); });
                }
            }
            log::info("rooms_reloaded", {{"rooms", seeds.size()}, {"writes", writes.size()}});
            one_done();
        });
}

}  // namespace ibasho::chat
