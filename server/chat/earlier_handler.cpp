#include "server/chat/earlier_handler.hpp"

#include <limits>
#include <utility>

#include "protocol/encode.hpp"
#include "server/chat/client_session.hpp"

namespace ibasho::chat {

std::uint64_t earlier_first(std::uint64_t before) {
    return before > earlier_page ? before - earlier_page : 1;
}

EarlierPage earlier_page_of(HistorySlice slice, std::uint64_t before) {
    EarlierPage page;
    const std::uint64_t first = earlier_first(before);
    for (RoomEvent& ev : slice.events) {
        if (ev.seq >= first && ev.seq < before) {
            page.events.push_back(std::move(ev));
        }
    }
    // Older ones remain only if this page starts exactly at `first` (history still reaches it)
    // and the room had messages before it; a gap means history stopped short of `first`.
    page.more = first > 1 && !slice.gap && !page.events.empty() && page.events.front().seq == first;
    return page;
}

void handle_earlier(ClientSession& session, const protocol::Earlier& m) {
    if (session.memberships().find(m.room) == nullptr) {
        session.send_error(protocol::ErrorCode::not_in_room, m.id);
        return;
    }
    auto rooms = session.service().catalog.snapshot();
    const RoomConfig* rc = rooms->find(m.room);
    if (rc == nullptr) {
        session.send_error(protocol::ErrorCode::no_such_room, m.id);
        return;
    }
    const HistoryLimits limits{rc->history_length, rc->history_age};
    const std::uint64_t since = earlier_first(m.before) - 1;
    // since 0 reads the newest `max_events`: ask for all, the page keeps what is before `before`.
    session.service().broker.history(
        m.room, since, std::numeric_limits<std::uint32_t>::max(), limits,
        session.guarded(
            [&session, room = m.room, ref = m.id, before = m.before,
             kept_s = static_cast<std::uint64_t>(limits.age.count())](Fault f, HistorySlice slice) {
                if (session.memberships().find(room) == nullptr) {
                    return;  // left meanwhile: nothing of the room goes to a non-member
                }
                if (f != Fault::none) {
                    session.send_error(protocol::ErrorCode::service_degraded, ref);
                    return;
                }
                EarlierPage page = earlier_page_of(std::move(slice), before);
                for (RoomEvent& ev : page.events) {
                    session.connection().send_reply(ev.frame);
                }
                protocol::EarlierEnd end{room, ref, static_cast<std::uint32_t>(page.events.size()),
                                         page.more, kept_s};
                session.connection().send_reply(make_frame(protocol::encode(end)));
            }));
}

}  // namespace ibasho::chat
