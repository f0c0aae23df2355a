#include "moderation/policy.hpp"

namespace ibasho::moderation {
namespace {

using protocol::ErrorCode;

Decision allow() {
    return {};
}

Decision reject(ErrorCode code, std::chrono::milliseconds retry = std::chrono::milliseconds{0}) {
    return Decision{Verdict::reject, code, retry};
}

// Rounds a wait up to whole milliseconds and never below 1, so that "retry after" is a real
// promise: a client that waits exactly this long is let through.
std::chrono::milliseconds until(std::int64_t until_ms, std::int64_t now_ms) {
    return std::chrono::milliseconds{std::max<std::int64_t>(1, until_ms - now_ms)};
}

bool moderator_action(Action a) {
    switch (a) {
        case Action::hide:
        case Action::remind:
        case Action::mute:
        case Action::remove:
        case Action::ban:
        case Action::room_control:
        case Action::standing:
        case Action::standing_note:
            return true;
        default:
            return false;
    }
}

// Actions aimed at one member, where who that member is matters.
bool member_sanction(Action a) {
    return a == Action::remind || a == Action::mute || a == Action::remove || a == Action::ban;
}

Decision decide_moderation(const Request& r, bool staff) {
    if (!staff) {
        return reject(ErrorCode::forbidden);
    }
    if (member_sanction(r.action)) {
        if (r.target_self) {
            return reject(ErrorCode::forbidden);
        }
        // Supporters are peers: a problem with another staff member goes to an organiser.
        if (r.role == Role::supporter && r.target_role != Role::participant) {
            return reject(ErrorCode::forbidden);
        }
    }
    return allow();
}

Decision decide_join(const Request& r, bool staff) {
    if (r.room.state == RoomState::closed) {
        return reject(ErrorCode::room_closed);
    }
    // One visit, a few rooms: each seat costs presence, fan-out and history on every node, so
    // a session cannot sit in every room. Staff of the room come and go as their work needs.
    if (!staff && r.max_rooms > 0 && r.rooms_held >= r.max_rooms) {
        return reject(ErrorCode::too_many_rooms);
    }
    if (!staff && r.standing.banned_until_ms > r.now_ms) {
        return reject(ErrorCode::banned, until(r.standing.banned_until_ms, r.now_ms));
    }
    if (!staff && r.standing.removed_until_ms > r.now_ms) {
        return reject(ErrorCode::removed, until(r.standing.removed_until_ms, r.now_ms));
    }
    // A member coming back to a locked room keeps their seat: locking keeps strangers out,
    // it does not throw out someone whose phone lost signal.
    if (r.room.state == RoomState::locked && !r.resuming && !staff) {
        return reject(ErrorCode::room_locked);
    }
    if (r.room.limited && !r.affirmed && !staff) {
        return reject(ErrorCode::affirmation_required);
    }
    // The shield holds newcomers at the door; a member coming back to their seat is no
    // stranger, and staff come and go freely.
    if (r.room.shield && !r.resuming && !r.admitted && !staff) {
        return reject(ErrorCode::held);
    }
    return allow();
}

Decision decide_write(const Request& r, bool staff) {
    if (r.room.state == RoomState::closed) {
        return reject(ErrorCode::room_closed);
    }
    if (r.room.state == RoomState::paused && !staff) {
        return reject(ErrorCode::room_paused);
    }
    // Reading-only time: nobody is there to look after what is written.
    if (!staff && r.room.supporter_required && !r.room.staff_present) {
        return reject(ErrorCode::no_supporter);
    }
    if (!staff && r.standing.muted_until_ms > r.now_ms) {
        return reject(ErrorCode::muted, until(r.standing.muted_until_ms, r.now_ms));
    }
    if (r.rate_wait.count() > 0) {
        return reject(ErrorCode::rate_limited, r.rate_wait);
    }
    // Slow mode calms participants; staff must be able to answer at once.
    if (r.action == Action::say && !staff && r.slow_wait.count() > 0) {
        return reject(ErrorCode::slow_mode, r.slow_wait);
    }
    if (r.action == Action::say && r.alert) {
        return Decision{Verdict::allow_and_alert, ErrorCode::internal_error, {}};
    }
    return allow();
}

Decision decide_private_word(const Request& r, bool staff) {
    switch (r.action) {
        case Action::report:
            return allow();
        case Action::resolve_report:
            if (!staff) {
                return reject(ErrorCode::forbidden);
            }
            if (r.organisers_only && r.role != Role::organiser && r.role != Role::operator_) {
                return reject(ErrorCode::forbidden);
            }
            return allow();
        case Action::ask:
            // Staff talk to members in the open or accept their asks; they do not ask.
            if (r.role != Role::participant) {
                return reject(ErrorCode::forbidden);
            }
            return r.room_has_staff ? allow() : reject(ErrorCode::no_supporter);
        case Action::accept_ask:
        case Action::answer_alert:
            return staff ? allow() : reject(ErrorCode::forbidden);
        case Action::private_say:
            // DESIGN.md rule 4: the only private line is between a member and the supporter
            // who accepted their ask; nobody else can write into it.
            if (!r.party) {
                return reject(ErrorCode::forbidden);
            }
            if (r.rate_wait.count() > 0) {
                return reject(ErrorCode::rate_limited, r.rate_wait);
            }
            return allow();
        case Action::private_end:
            return r.party ? allow() : reject(ErrorCode::forbidden);
        default:
            return reject(ErrorCode::forbidden);
    }
}

}  // namespace

std::string_view to_string(Role role) noexcept {
    switch (role) {
        case Role::participant:
            return "participant";
        case Role::supporter:
            return "supporter";
        case Role::organiser:
            return "organiser";
        case Role::operator_:
            return "operator";
    }
    return "participant";
}

std::string_view to_string(Action action) noexcept {
    switch (action) {
        case Action::join:
            return "join";
        case Action::say:
            return "say";
        case Action::stamp:
            return "stamp";
        case Action::set_status:
            return "set_status";
        case Action::hide:
            return "hide";
        case Action::remind:
            return "remind";
        case Action::mute:
            return "mute";
        case Action::remove:
            return "remove";
        case Action::ban:
            return "ban";
        case Action::room_control:
            return "room_control";
        case Action::report:
            return "report";
        case Action::resolve_report:
            return "resolve_report";
        case Action::ask:
            return "ask";
        case Action::accept_ask:
            return "accept_ask";
        case Action::answer_alert:
            return "answer_alert";
        case Action::private_say:
            return "private_say";
        case Action::private_end:
            return "private_end";
        case Action::standing:
            return "standing";
        case Action::standing_note:
            return "standing_note";
    }
    return "say";
}

bool is_staff(const Request& r) noexcept {
    switch (r.role) {
        case Role::participant:
            return false;
        case Role::supporter:
            return r.assigned_to_room;
        case Role::organiser:
        case Role::operator_:
            return true;
    }
    return false;
}

Decision decide_stamp_target(std::optional<std::uint64_t> on, std::uint64_t last_seq,
                             bool syncing) noexcept {
    if (on && !syncing && *on > last_seq) {
        return reject(ErrorCode::no_such_message);
    }
    return allow();
}

Decision decide_reply_target(std::optional<std::uint64_t> re, std::uint64_t last_seq,
                             bool syncing) noexcept {
    if (re && *re == 0) {
        return reject(ErrorCode::no_such_message);
    }
    return decide_stamp_target(re, last_seq, syncing);
}

Decision decide(const Request& r) noexcept {
    const bool staff = is_staff(r);
    if (moderator_action(r.action)) {
        return decide_moderation(r, staff);
    }
    switch (r.action) {
        case Action::join:
            return decide_join(r, staff);
        case Action::say:
        case Action::stamp:
            return decide_write(r, staff);
        case Action::set_status:
            // Listening or talking is the member's own choice, whatever the room's state.
            return allow();
        case Action::report:
        case Action::resolve_report:
        case Action::ask:
        case Action::accept_ask:
        case Action::answer_alert:
        case Action::private_say:
        case Action::private_end:
            return decide_private_word(r, staff);
        default:
            return reject(ErrorCode::forbidden);
    }
}

}  // namespace ibasho::moderation
