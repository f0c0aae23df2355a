// A session's seats in rooms, owned in one place: hub registration (and through it the node's
// broker subscription), presence, and the seat in the session record. One way in, one way out.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "moderation/flood_watch.hpp"
#include "moderation/policy.hpp"
#include "moderation/rate_limiter.hpp"
#include "moderation/slow_mode.hpp"
#include "server/chat/chat_service.hpp"

namespace ibasho {
class Connection;
class Shard;
}  // namespace ibasho

namespace ibasho::chat {

class RoomListener;
class ClientSession;

// Why a member leaves a room. Each has one effect, and there is no other way out:
//
// | reason      | hub, subscription | presence   | session record | the client is told          |
// |-------------|-------------------|------------|----------------|-----------------------------|
// | left        | removed           | left       | seat dropped   | {"type":"left"}             |
// | closed      | removed           | left       | seat kept      | nothing (the socket is gone)|
// | superseded  | removed           | untouched  | untouched      | nothing (closed with 4004)  |
// | removed     | removed           | left       | seat dropped   | left, reason "removed"      |
// | banned      | removed           | left       | seat dropped   | left, reason "banned"       |
// | room_closed | removed           | left       | seat dropped   | left, reason "room_closed"  |
// | join_failed | removed           | left       | seat dropped   | nothing here (the caller    |
// |             |                   |            |                | answers the join with error)|
//
// `closed` keeps the seat so the same member id and nickname come back on resume (the record
// already holds it; whoever closes saves the record once, refreshing its TTL);
// `superseded` touches nothing shared because the connection that resumed owns it now.
enum class LeaveReason { left, closed, superseded, removed, banned, room_closed, join_failed };
std::string_view to_string(LeaveReason reason) noexcept;

// One seat in one room, with what the session needs per room.
struct Membership {
    Seat seat;
    std::uint64_t last_seq = 0;  // newest seq this client has been sent
    bool syncing = true;         // history not yet sent: live events wait in `pending`
    std::vector<RoomEvent> pending;
    moderation::RateLimiter rate;
    moderation::SlowMode slow;
    moderation::FloodWatch flood;  // refused writes; a flood becomes a short mute
    moderation::Standing standing;
    bool staff = false;  // seated as the room's staff
    // A scheduled room: the occurrence whose closing_soon this member was sent (once each).
    std::string told_closing;

    Membership(Seat s, double per_second, double burst, std::chrono::seconds slow_interval)
        : seat(std::move(s)), rate(per_second, burst), slow(slow_interval) {}
};

class Memberships {
  public:
    // `listener` is what the hub delivers the room's events to; `holder` marks this
    // connection's entries in Presence.
    // `owner` (may be null in tests) is the session LocalSessions names for these seats.
    Memberships(ChatService& service, Connection& connection, RoomListener& listener,
                std::string holder, ClientSession* owner = nullptr);
    ~Memberships();
    Memberships(const Memberships&) = delete;
    Memberships& operator=(const Memberships&) = delete;

    // The session record, once hello has been answered.
    void set_record(SessionRecord record) { record_ = std::move(record); }
    bool has_record() const { return record_.has_value(); }
    const SessionRecord& record() const { return *record_; }

    Membership* find(const std::string& room);
    bool empty() const { return seats_.empty(); }
    std::size_t size() const { return seats_.size(); }
    const std::string& holder() const { return holder_; }

    // Takes the seat that Presence has just granted `seat.member`: registers with the hub (the
    // node subscribes to the room on its first local member), records the seat in the session
    // record and saves it. The membership starts syncing: the caller sends history next.
    // `as_staff`: the session sits here as the room's staff (badge, staff lookups).
    Membership& enter(const RoomConfig& room, Seat seat, bool as_staff = false);

    // The one way out; see LeaveReason for what each reason does. Leaving a room the session
    // is not in does nothing.
    void leave(const std::string& room, LeaveReason reason);
    void leave_all(LeaveReason reason);

    // The member wrote or stamped (the publish went through): from now on, for the rest of
    // this seat, others see the nickname (Presence::mark_spoke, on every node). Once per seat.
    void spoke(const std::string& room);

    // Writes every seat's current state (nickname, listening, ...) into the record and saves.
    void save();
    // Quick exit (server/chat/end_session.*) removed the record from the registry: from now
    // on nothing writes it back, not a join still in flight nor the close.
    void end() { ended_ = true; }
    bool ended() const { return ended_; }

    std::vector<std::string> rooms() const;

  private:
    void drop_seat_from_record(const std::string& room);

    ChatService& service_;
    Connection& connection_;
    Shard& shard_;
    RoomListener& listener_;
    std::string holder_;
    ClientSession* owner_ = nullptr;
    std::optional<SessionRecord> record_;
    bool ended_ = false;
    std::unordered_map<std::string, std::unique_ptr<Membership>> seats_;
};

}  // namespace ibasho::chat
