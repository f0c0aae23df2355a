#include "moderation/peek_policy.hpp"

namespace ibasho::moderation {

PeekDecision decide_peek(const PeekFacts& facts) noexcept {
    PeekDecision d;
    if (!facts.known) {
        d.allowed = false;
        d.code = protocol::ErrorCode::no_such_room;
        return d;
    }
    if (facts.rate_wait.count() > 0) {
        d.allowed = false;
        d.code = protocol::ErrorCode::rate_limited;
        d.retry_after = facts.rate_wait;
        return d;
    }
    const bool open_to_all =
        facts.state == RoomState::open && !facts.limited && !facts.scheduled && !facts.shield;
    d.view = open_to_all ? PeekView::messages : PeekView::about;
    return d;
}

}  // namespace ibasho::moderation
