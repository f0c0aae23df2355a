#include "server/chat/standing_store.hpp"
#include "server/control/control_args.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

#include "server/clock.hpp"
#include "server/log.hpp"

namespace ibasho::chat {
namespace {

using nlohmann::json;

// A concurrent writer on another node costs one more round; beyond this something is wrong.
constexpr int update_attempts = 5;

std::uint32_t count_of(const json& j, const char* key) {
    return static_cast<std::uint32_t>(std::max<std::int64_t>(0, json_int(j, key)));
}

std::string string_of(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<moderation::Action> action_of(std::string_view name) {
    for (auto a : {moderation::Action::remind, moderation::Action::mute, moderation::Action::remove,
                   moderation::Action::ban}) {
        if (moderation::to_string(a) == name) {
            return a;
        }
    }
    return std::nullopt;
}

std::string ban_id(char kind, const std::string& value) {
    return std::string(1, kind) + "_" + value;
}

struct Update {
    Store& store;
    const Clock& clock;
    std::string room;
    std::string member;
    std::function<void(StandingRecord&)> change;
    std::function<void(bool, StandingRecord)> done;
    int attempts = 0;
};

void run_update(std::shared_ptr<Update> u) {
    const std::string id = standing_id(u->room, u->member);
    u->store.get(standing_kind, id, [u, id](StoreResult r, StoreRecord rec) {
        if (r != StoreResult::ok && r != StoreResult::not_found) {
            u->done(false, {});
            return;
        }
        StandingRecord s = r == StoreResult::ok ? parse_standing(rec.body) : StandingRecord{};
        u->change(s);
        StoreRecord out;
        out.kind = standing_kind;
        out.id = id;
        out.owner = u->room;
        out.body = standing_body(s);
        out.ttl = standing_ttl;
        const std::uint64_t expected = r == StoreResult::ok ? rec.version : 0;
        u->store.put(
            std::move(out), expected, [u, s = std::move(s)](StoreResult pr, std::uint64_t) mutable {
                if (pr == StoreResult::ok) {
                    u->done(true, std::move(s));
                } else if (pr == StoreResult::conflict && ++u->attempts < update_attempts) {
                    run_update(u);
                } else {
                    log::warn("standing_write_failed", {{"result", to_string(pr)}});
                    u->done(false, {});
                }
            });
    });
}

}  // namespace

std::string standing_id(std::string_view room, std::string_view member) {
    std::string id;
    id.reserve(room.size() + member.size() + 1);
    id += room;
    id += '~';
    id += member;
    return id;
}

StandingRecord parse_standing(std::string_view body) {
    StandingRecord s;
    const json j = json::parse(body, nullptr, false);
    if (!j.is_object()) {
        return s;
    }
    s.muted_until_ms = json_int(j, "muted_until_ms");
    s.removed_until_ms = json_int(j, "removed_until_ms");
    s.banned_until_ms = json_int(j, "banned_until_ms");
    s.reminders = count_of(j, "reminders");
    s.mutes = count_of(j, "mutes");
    s.removes = count_of(j, "removes");
    s.bans = count_of(j, "bans");
    s.last_ms = json_int(j, "last_ms");
    s.note = string_of(j, "note");
    if (auto ev = j.find("events"); ev != j.end() && ev->is_array()) {
        for (const auto& e : *ev) {
            if (e.is_object()) {
                s.events.push_back(
                    {string_of(e, "action"), string_of(e, "reason"), json_int(e, "at_ms")});
            }
        }
    }
    if (auto rv = j.find("review"); rv != j.end() && rv->is_object()) {
        s.review = PendingReview{string_of(*rv, "action"), string_of(*rv, "nick"),
                                 string_of(*rv, "reason"), json_int(*rv, "due_ms")};
    }
    return s;
}

std::string standing_body(const StandingRecord& s) {
    json events = json::array();
    for (const auto& e : s.events) {
        events.push_back({{"action", e.action}, {"reason", e.reason}, {"at_ms", e.at_ms}});
    }
    json j{{"muted_until_ms", s.muted_until_ms},
           {"removed_until_ms", s.removed_until_ms},
           {"banned_until_ms", s.banned_until_ms},
           {"reminders", s.reminders},
           {"mutes", s.mutes},
           {"removes", s.removes},
           {"bans", s.bans},
           {"last_ms", s.last_ms},
           {"note", s.note},
           {"events", std::move(events)}};
    if (s.review) {
        j["review"] = {{"action", s.review->action},
                       {"nick", s.review->nick},
                       {"reason", s.review->reason},
                       {"due_ms", s.review->due_ms}};
    }
    return j.dump();
}

void record_step(StandingRecord& s, moderation::Action action, std::string_view reason,
                 std::int64_t now_ms) {
    switch (action) {
        case moderation::Action::remind:
            ++s.reminders;
            break;
        case moderation::Action::mute:
            ++s.mutes;
            break;
        case moderation::Action::remove:
            ++s.removes;
            break;
        case moderation::Action::ban:
            ++s.bans;
            break;
        default:
            return;
    }
    s.events.push_back({std::string(moderation::to_string(action)), std::string(reason), now_ms});
    if (s.events.size() > standing_events_max) {
        s.events.erase(
            s.events.begin(),
            s.events.begin() + static_cast<std::ptrdiff_t>(s.events.size() - standing_events_max));
    }
    s.last_ms = now_ms;
}

moderation::Standing policy_standing(const StandingRecord& s) {
    moderation::Standing out;
    out.muted_until_ms = s.muted_until_ms;
    out.removed_until_ms = s.removed_until_ms;
    out.banned_until_ms = s.banned_until_ms;
    out.warned = s.reminders > 0;
    return out;
}

moderation::StandingSummary ladder_summary(const StandingRecord& s) {
    moderation::StandingSummary out;
    for (const auto& e : s.events) {
        if (auto a = action_of(e.action)) {
            out.steps.push_back({*a, e.at_ms});
        }
    }
    return out;
}

protocol::StandingInfo standing_info(const StandingRecord& s) {
    protocol::StandingInfo out;
    out.muted_until_ms = s.muted_until_ms;
    out.removed_until_ms = s.removed_until_ms;
    out.reminders = s.reminders;
    out.mutes = s.mutes;
    out.removes = s.removes;
    out.bans = s.bans;
    out.last_ms = s.last_ms;
    out.note = s.note;
    out.events = s.events;
    return out;
}

void load_standing(Store& store, const std::string& room, const std::string& member,
                   std::function<void(bool, StandingRecord)> done) {
    store.get(standing_kind, standing_id(room, member),
              [done = std::move(done)](StoreResult r, StoreRecord rec) {
                  if (r == StoreResult::ok) {
                      done(true, parse_standing(rec.body));
                  } else {
                      done(r == StoreResult::not_found, {});
                  }
              });
}

void update_standing(Store& store, const Clock& clock, const std::string& room,
                     const std::string& member, std::function<void(StandingRecord&)> change,
                     std::function<void(bool, StandingRecord)> done) {
    run_update(std::make_shared<Update>(
        Update{store, clock, room, member, std::move(change), std::move(done)}));
}

void remember_seat(Store& store, const std::string& room, const std::string& address,
                   const std::string& member) {
    if (address.empty()) {
        return;
    }
    StoreRecord rec;
    rec.kind = seat_of_kind;
    rec.id = standing_id(room, address);
    rec.owner = room;
    rec.body = json{{"member", member}}.dump();
    rec.ttl = standing_ttl;
    store.put(std::move(rec), Store::any_version, nullptr);
}

void find_seat(Store& store, const std::string& room, const std::string& address,
               std::function<void(std::optional<std::string>)> done) {
    if (address.empty()) {
        done(std::nullopt);
        return;
    }
    store.get(seat_of_kind, standing_id(room, address),
              [done = std::move(done)](StoreResult r, StoreRecord rec) {
                  if (r != StoreResult::ok) {
                      done(std::nullopt);
                      return;
                  }
                  const json j = json::parse(rec.body, nullptr, false);
                  const std::string member = j.is_object() ? string_of(j, "member") : "";
                  done(member.empty() ? std::nullopt : std::optional(member));
              });
}

void put_ban(Store& store, const Clock& clock, const std::string& address,
             const std::string& address_hash, std::int64_t until_ms, const std::string& reason,
             std::int64_t hash_key_expires_ms) {
    const std::int64_t now = clock.unix_ms();
    const std::int64_t left = until_ms - now;
    if (left <= 0) {
        return;
    }
    for (auto [kind, value] : {std::pair{'s', address}, std::pair{'h', address_hash}}) {
        if (value.empty()) {
            continue;
        }
        StoreRecord rec;
        rec.kind = ban_kind;
        rec.id = ban_id(kind, value);
        rec.body = json{{"until_ms", until_ms}, {"reason", reason}}.dump();
        std::int64_t ttl = left;
        if (kind == 'h' && hash_key_expires_ms > 0) {
            ttl = std::min(ttl, hash_key_expires_ms - now);
            if (ttl <= 0) {
                continue;
            }
        }
        rec.ttl = std::chrono::milliseconds(ttl);
        store.put(std::move(rec), Store::any_version, nullptr);
    }
}

void find_ban(Store& store, const Clock& clock, const std::string& address,
              const std::string& address_hash, std::function<void(std::int64_t)> done) {
    auto until_of = [&clock](StoreResult r, const StoreRecord& rec) -> std::int64_t {
        if (r != StoreResult::ok) {
            return 0;
        }
        const json j = json::parse(rec.body, nullptr, false);
        const std::int64_t until = j.is_object() ? json_int(j, "until_ms") : 0;
        return until > clock.unix_ms() ? until : 0;
    };
    auto by_hash = [&store, address_hash, until_of, done = std::move(done)](std::int64_t first) {
        if (address_hash.empty()) {
            done(first);
            return;
        }
        store.get(ban_kind, ban_id('h', address_hash),
                  [first, until_of, done](StoreResult r, StoreRecord rec) {
                      done(std::max(first, until_of(r, rec)));
                  });
    };
    if (address.empty()) {
        by_hash(0);
        return;
    }
    store.get(ban_kind, ban_id('s', address),
              [until_of, by_hash](StoreResult r, StoreRecord rec) { by_hash(until_of(r, rec)); });
}

}  // namespace ibasho::chat
