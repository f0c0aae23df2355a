// A member's standing in a room (spec §4), bans, and the seat a sanctioned session held, as
// Store records: the body's shape, and the reads and compare-and-set writes every node shares.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/policy.hpp"
#include "moderation/sanction_ladder.hpp"
#include "protocol/encode_staff_notices.hpp"
#include "server/store/store.hpp"

namespace ibasho {
class Clock;
}

namespace ibasho::chat {

inline constexpr const char* standing_kind = "standing";
inline constexpr const char* ban_kind = "ban";
// (room, session address) -> the member id a sanctioned session had there, so leaving and
// coming back (a new member id otherwise) does not shake off a mute or a removal.
inline constexpr const char* seat_of_kind = "seat_of";
// A standing lives 30 days from the last action on it.
inline constexpr std::chrono::milliseconds standing_ttl{30LL * 24 * 3600 * 1000};
inline constexpr std::size_t standing_events_max = 10;

// A mute waiting to be looked at again once it has run out (the sweep sends `review`).
struct PendingReview {
    std::string action = "mute";
    std::string nick;
    std::string reason;
    std::int64_t due_ms = 0;
};

struct StandingRecord {
    std::int64_t muted_until_ms = 0;
    std::int64_t removed_until_ms = 0;
    std::int64_t banned_until_ms = 0;
    std::uint32_t reminders = 0;
    std::uint32_t mutes = 0;
    std::uint32_t removes = 0;
    std::uint32_t bans = 0;
    std::int64_t last_ms = 0;
    std::string note;
    std::vector<protocol::StandingEventInfo> events;  // oldest first, at most 10
    std::optional<PendingReview> review;
};

std::string standing_id(std::string_view room, std::string_view member);
// Anything unreadable is an empty standing: the record is ours, but Redis is shared.
StandingRecord parse_standing(std::string_view body);
std::string standing_body(const StandingRecord& record);

// One step on the ladder: the counter, the event (the oldest dropped past 10), last_ms.
void record_step(StandingRecord& record, moderation::Action action, std::string_view reason,
                 std::int64_t now_ms);

moderation::Standing policy_standing(const StandingRecord& record);
moderation::StandingSummary ladder_summary(const StandingRecord& record);
protocol::StandingInfo standing_info(const StandingRecord& record);

// The member's standing; an empty one when there is none. `ok` false: the Store did not answer.
void load_standing(Store& store, const std::string& room, const std::string& member,
                   std::function<void(bool ok, StandingRecord)> done);

// Read, change, write back with compare-and-set (retried on a concurrent write), ttl 30 days
// from now. `done(true, record as written)`; false when the Store failed.
void update_standing(Store& store, const Clock& clock, const std::string& room,
                     const std::string& member, std::function<void(StandingRecord&)> change,
                     std::function<void(bool ok, StandingRecord)> done);

// Writes seat_of for (room, session address) -> member, for as long as a standing lives.
void remember_seat(Store& store, const std::string& room, const std::string& address,
                   const std::string& member);
// The member id a sanctioned session had in `room`, if any.
void find_seat(Store& store, const std::string& room, const std::string& address,
               std::function<void(std::optional<std::string>)> done);

// Bans the session address and, when known, the address hash from every room until
// `until_ms` (ids s_<address>, h_<hash>; ttl = the ban). The hash's record ends no later than
// `hash_key_expires_ms` (when the address key that made the hash is replaced: after that the
// hash matches nobody and nothing may link back); 0 = not known, the ban's own length.
void put_ban(Store& store, const Clock& clock, const std::string& address,
             const std::string& address_hash, std::int64_t until_ms, const std::string& reason,
             std::int64_t hash_key_expires_ms = 0);
// The latest end of a ban on either; 0 when neither is banned (or the Store did not answer).
void find_ban(Store& store, const Clock& clock, const std::string& address,
              const std::string& address_hash, std::function<void(std::int64_t until_ms)> done);

}  // namespace ibasho::chat
