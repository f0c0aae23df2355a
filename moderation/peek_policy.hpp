// Which rooms may be looked into before joining (issue 13, "looking without being seen"): an
// open room shows its last messages and counts, a gated one only its description and rules.
#pragma once

#include <chrono>

#include "moderation/room_state.hpp"
#include "protocol/error_codes.hpp"

namespace ibasho::moderation {

// What a preview may hold.
enum class PeekView {
    messages,  // the last few messages as delivered, and the counts
    about,     // nothing of the conversation: the client shows the description and rules
};

// The room as it is now, and how long this session's preview budget would hold the request.
struct PeekFacts {
    bool known = true;                  // the room exists
    RoomState state = RoomState::open;  // effective now (a scheduled room outside its windows
                                        // is closed)
    bool limited = false;    // an audience other than "open": joining asks an affirmation
    bool scheduled = false;  // open only for its events: a gathering, not a room to drop into
    bool shield = false;     // staff admit each newcomer: they decide who reads along
    std::chrono::milliseconds rate_wait{0};  // 0: a preview may be sent now
};

struct PeekDecision {
    bool allowed = true;
    protocol::ErrorCode code = protocol::ErrorCode::internal_error;  // when refused
    std::chrono::milliseconds retry_after{0};
    PeekView view = PeekView::about;
};

// Unknown room: no_such_room. Budget spent: rate_limited with the wait. Otherwise allowed, with
// `messages` only for a room anyone may join now without affirming anything (open state, open
// audience, not scheduled, no shield) and `about` for every other room. A locked or paused
// room is `about` too: nobody new can take part there now, so reading along is not offered.
PeekDecision decide_peek(const PeekFacts& facts) noexcept;

}  // namespace ibasho::moderation
