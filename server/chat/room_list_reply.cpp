#include "server/chat/room_list_reply.hpp"

#include <algorithm>

#include "protocol/encode.hpp"
#include "server/chat/client_session.hpp"
#include "server/chat/room_list.hpp"

namespace ibasho::chat {

RoomListReplies::Step RoomListReplies::begin(const std::string& after, const void* catalogue,
                                             TimePoint now) {
    const bool same = after == page_ && catalogue == catalogue_;
    if (same && pending_) {
        return Step::skip;
    }
    if (same && answered_at_ && last_ && now - *answered_at_ < room_list_repeat_window) {
        return Step::resend;
    }
    page_ = after;
    catalogue_ = catalogue;
    answered_at_.reset();
    last_.reset();
    pending_ = true;
    return Step::build;
}

void RoomListReplies::answered(TimePoint now, SharedFrame frame) {
    pending_ = false;
    answered_at_ = now;
    last_ = std::move(frame);
}

void RoomListReplies::failed() {
    pending_ = false;
    answered_at_.reset();
    last_.reset();
}

void handle_list_rooms(ClientSession& s, RoomListReplies& replies, const protocol::ListRooms& m) {
    ChatService& service = s.service();
    auto rooms = service.catalog.snapshot();
    const auto first = page_start(*rooms, m.after);
    if (!first) {
        s.send_error(protocol::ErrorCode::no_such_room, {}, std::nullopt,
                     "The room list changed; ask for it again from the start.");
        return;
    }
    switch (replies.begin(m.after.value_or(std::string()), rooms.get(), service.clock.now())) {
        case RoomListReplies::Step::skip:
            return;
        case RoomListReplies::Step::resend:
            s.connection().send_reply(replies.last());
            return;
        case RoomListReplies::Step::build:
            break;
    }
    // A page is a small part of the send queue, however it is configured.
    const std::size_t page_bytes =
        std::min(room_list_page_bytes, service.config.send_queue_bytes / 4);
    service.presence.counts(page_candidates(*rooms, *first),
                            s.guarded([&s, &replies, rooms, first = *first, after = m.after,
                                       page_bytes](Fault f, std::vector<RoomCounts> counts) {
                                if (f != Fault::none) {
                                    replies.failed();
                                    s.send_error(protocol::ErrorCode::service_degraded);
                                    return;
                                }
                                protocol::RoomList page =
                                    build_room_page(*rooms, first, counts, page_bytes);
                                page.after = after;
                                SharedFrame frame = make_frame(protocol::encode(page));
                                replies.answered(s.service().clock.now(), frame);
                                s.connection().send_reply(std::move(frame));
                            }));
}

}  // namespace ibasho::chat
