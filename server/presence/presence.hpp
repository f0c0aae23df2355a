// The Presence seam: who is in which room (member id, nickname, listening or talking), room
// counts, and a change signal for every node. Memory and Redis versions behind one interface.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "server/broker/broker.hpp"

namespace ibasho {

struct Member {
    std::string member;  // random per-room id shown to others
    std::string nick;
    bool listening = false;
    // Which connection holds the seat (random per connection, never shown): a late leave from
    // a connection that was replaced elsewhere must not remove the member who resumed.
    std::string holder;
    // "supporter" / "organiser" for a member seated as the room's staff, else empty. Set on
    // join and kept for the seat's life.
    std::string badge;
    // Wrote or stamped during this seat (issue 13): only then do others see the nickname;
    // until then the member is one of the room's `quiet` number. Kept across a resume.
    bool spoke = false;
};

struct RoomCounts {
    std::uint32_t count = 0;
    std::uint32_t listening = 0;
    std::uint32_t staff = 0;  // members with a badge
};

enum class JoinOutcome { joined, already_present, full, nick_taken };

// What join does when another member of the room holds the nickname asked for.
enum class NickClash {
    refuse,           // nick_taken, with free alternatives: the person chooses
    take_alternative  // a seat coming back (resume, staff): the first free alternative
};

// At most this many free alternatives come back with nick_taken.
inline constexpr std::size_t offered_nicks = 3;

struct JoinResult {
    JoinOutcome outcome = JoinOutcome::joined;
    Member member;  // as stored (after take_alternative, under the alternative's name)
    // nick_taken: up to offered_nicks of moderation::nickname_alternatives() that nobody in the
    // room held at that moment, best first. Not reserved: a join with one can still clash.
    std::vector<std::string> free_nicks;
};

class Presence {
  public:
    using ChangeSink = std::function<void(const std::string& room)>;
    using JoinDone = std::function<void(Fault, JoinResult)>;
    using Done = std::function<void(Fault)>;
    using ListDone = std::function<void(Fault, std::vector<Member>)>;
    using CountsDone = std::function<void(Fault, std::vector<RoomCounts>)>;

    virtual ~Presence() = default;

    // Told (on any thread) whenever a room's membership or statuses change, on every node.
    virtual void set_change_sink(ChangeSink sink) = 0;

    // Adds `want` to the room unless it is full. A member id already present is refreshed
    // (resume) and keeps its nickname and its `spoke` mark. A nickname another member holds is
    // decided by `clash`, atomically with the capacity check: of two joiners asking for one
    // name, one gets it.
    virtual void join(const std::string& room, Member want, std::uint32_t capacity, NickClash clash,
                      JoinDone done) = 0;
    // Removes the member if `holder` still holds the seat (empty `holder`: whoever holds it).
    virtual void leave(const std::string& room, const std::string& member,
                       const std::string& holder, Done done) = 0;
    virtual void set_listening(const std::string& room, const std::string& member, bool listening,
                               Done done) = 0;
    // Marks the member as having written or stamped (Member::spoke), on every node; a change
    // signal only the first time. A member not present is left alone.
    virtual void mark_spoke(const std::string& room, const std::string& member, Done done) = 0;
    virtual void members(const std::string& room, ListDone done) = 0;
    virtual void counts(const std::vector<std::string>& rooms, CountsDone done) = 0;
};

}  // namespace ibasho
