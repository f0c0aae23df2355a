// The one place that decides whether an action may happen: a pure function of who asks, the
// room's state and settings, the member's standing there, the action and the time.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "moderation/room_state.hpp"
#include "protocol/error_codes.hpp"

namespace ibasho::moderation {

// A session's role is data, carried by the session (participants have no account).
enum class Role { participant, supporter, organiser, operator_ };

enum class Action {
    join,
    say,
    stamp,
    set_status,
    // Moderator actions: allowed to the room's supporters and to organisers and operators.
    hide,
    remind,
    mute,
    remove,
    ban,
    room_control,
    // Reports and the private word (server/chat/report_handlers.*, private_word.*).
    report,          // any member seated in the room (the caller checks the seat)
    resolve_report,  // staff of the room; an operator report: organisers only
    ask,             // a participant, in a room that has staff
    accept_ask,      // staff of the room
    private_say,     // one of the two sides of an open thread
    private_end,     // one of the two sides
    // Staff reading a member's standing, and writing its note.
    standing,
    standing_note,
    // Staff answering an alert (crisis words, a blocked word): "seen", or opening a private
    // word with the writer. Staff of the alert's room only.
    answer_alert,
};

std::string_view to_string(Role role) noexcept;
std::string_view to_string(Action action) noexcept;

// What the room is like right now, as far as the decision needs it.
struct RoomFacts {
    RoomState state = RoomState::open;
    bool limited = false;  // for one audience: members affirm it is for them
    bool shield = false;   // new joiners wait until staff admit them (held)
    // A room where participants write only while a staff member is in it, and whether one
    // is now (presence, across nodes).
    bool supporter_required = false;
    bool staff_present = false;
};

// The member's standing in this room. Times are unix milliseconds, so a mute set on one node
// means the same on every other; 0 = not in force.
struct Standing {
    std::int64_t muted_until_ms = 0;
    std::int64_t removed_until_ms = 0;
    // Banned from every room (the session or its address hash); 0 = not banned.
    std::int64_t banned_until_ms = 0;
    bool warned = false;
};

struct Request {
    Role role = Role::participant;
    // A supporter counts as staff only in the rooms they are assigned to.
    bool assigned_to_room = false;
    Action action = Action::say;
    RoomFacts room;
    Standing standing;
    std::int64_t now_ms = 0;
    // join: the session already held a seat in this room (a resume), and whether this join
    // or the earlier one affirmed the room's audience.
    bool resuming = false;
    bool affirmed = false;
    // join: staff let this joiner in past the room's shield (admit, or the shield went off).
    bool admitted = false;
    // join: rooms the session is in or joining now, this one not included, and how many it
    // may be in at once (--max-rooms-per-session; 0 = no limit).
    std::size_t rooms_held = 0;
    std::size_t max_rooms = 0;
    // say / stamp: how long until the member's rate limit and the room's slow mode would let
    // this through (RateLimiter::wait, SlowMode::wait); the caller spends the token only when
    // the answer is allow, so a refusal costs the member nothing.
    std::chrono::milliseconds rate_wait{0};
    std::chrono::milliseconds slow_wait{0};
    // say: the text matched something the room's supporters must see (crisis words). It never
    // blocks the message (DESIGN.md rule 6): an allowed message becomes allow_and_alert.
    bool alert = false;
    // resolve_report: the report is about a private support operator (reason "operator"),
    // which only organisers see and close.
    bool organisers_only = false;
    // ask: the room has staff who could answer (a supporter assigned, or an organiser).
    bool room_has_staff = false;
    // private_say / private_end: the session is one of the thread's two sides.
    bool party = false;
    // remind / mute / remove / ban: whom the action is for. A supporter may not act on staff,
    // and nobody on themselves.
    Role target_role = Role::participant;
    bool target_self = false;
};

enum class Verdict { allow, reject, allow_and_alert };

struct Decision {
    Verdict verdict = Verdict::allow;
    protocol::ErrorCode code = protocol::ErrorCode::internal_error;  // when rejected
    std::chrono::milliseconds retry_after{0};  // when rejected for a while; 0 = no hint

    bool allowed() const { return verdict != Verdict::reject; }
};

// Staff of this room: its assigned supporters, and every organiser and operator.
bool is_staff(const Request& request) noexcept;

Decision decide(const Request& request) noexcept;

// stamp `on`: whether the seq it answers can be a message of the room. `last_seq` is the newest
// seq this connection has been sent there; while the join is still replaying history
// (`syncing`) that is not known yet, and the stamp goes on to decide(). A stamp on a seq the
// room has not reached is refused with no_such_message: it would point at a message that
// later turns out to be someone else's.
Decision decide_stamp_target(std::optional<std::uint64_t> on, std::uint64_t last_seq,
                             bool syncing) noexcept;

// say `re` (issue 13, a quoted reply): the same rule as a stamp's `on`, for the same reason,
// and seq 0 is never a message, so it is refused too.
Decision decide_reply_target(std::optional<std::uint64_t> re, std::uint64_t last_seq,
                             bool syncing) noexcept;

}  // namespace ibasho::moderation
