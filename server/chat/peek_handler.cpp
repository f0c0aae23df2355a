#include "server/chat/peek_handler.hpp"

#include "moderation/peek_policy.hpp"
#include "protocol/encode.hpp"
#include "server/chat/client_session.hpp"
#include "server/chat/presence_notifier.hpp"

namespace ibasho::chat {

protocol::Preview preview_of(const std::string& room, const std::string& ref,
                             const HistorySlice& slice, const std::vector<Member>& members) {
    protocol::Preview p;
    p.room = room;
    p.ref = ref;
    p.view = "messages";
    // Counts only: the view is computed as for a room that shows no names.
    const protocol::PresenceUpdate counts = presence_view(room, members, nullptr);
    p.count = counts.count;
    p.quiet = counts.quiet;
    const std::size_t n = slice.events.size();
    const std::size_t first = n > peek_events ? n - peek_events : 0;
    for (std::size_t i = first; i < n; ++i) {
        if (slice.events[i].frame) {
            p.messages.push_back(*slice.events[i].frame);
        }
    }
    return p;
}

void handle_peek(ClientSession& session, const protocol::Peek& m) {
    ChatService& service = session.service();
    auto rooms = service.catalog.snapshot();
    const RoomConfig* rc = rooms->find(m.room);
    const auto now = service.clock.now();
    moderation::PeekFacts facts;
    facts.known = rc != nullptr;
    if (rc != nullptr) {
        facts.state = rc->effective_state();
        facts.limited = rc->limited();
        facts.scheduled = rc->scheduled;
        facts.shield = rc->shield;
    }
    facts.rate_wait = session.peek_budget().wait(now);
    const moderation::PeekDecision d = moderation::decide_peek(facts);
    if (!d.allowed) {
        session.send_error(d.code, m.id,
                           d.retry_after.count() > 0
                               ? std::optional(static_cast<std::uint32_t>(d.retry_after.count()))
                               : std::nullopt);
        return;
    }
    session.peek_budget().take(now);
    if (d.view == moderation::PeekView::about) {
        protocol::Preview about;
        about.room = m.room;
        about.ref = m.id;
        about.view = "about";
        session.connection().send_reply(make_frame(protocol::encode(about)));
        return;
    }
    const HistoryLimits limits{rc->history_length, rc->history_age};
    service.broker.history(
        m.room, 0, peek_events, limits,
        session.guarded([&session, room = m.room, ref = m.id](Fault f, HistorySlice slice) {
            if (f != Fault::none) {
                session.send_error(protocol::ErrorCode::service_degraded, ref);
                return;
            }
            session.service().presence.members(
                room, session.guarded([&session, room, ref, slice = std::move(slice)](
                                          Fault pf, std::vector<Member> members) {
                    if (pf != Fault::none) {
                        session.send_error(protocol::ErrorCode::service_degraded, ref);
                        return;
                    }
                    session.connection().send_reply(
                        make_frame(protocol::encode(preview_of(room, ref, slice, members))));
                }));
        }));
}

}  // namespace ibasho::chat
