// list_rooms on the WebSocket: one page of the room list per request, sent as a reply (its own
// send-queue allowance), and the same page asked again while its answer is fresh answered once.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "protocol/messages.hpp"

namespace ibasho::chat {

class ClientSession;

// A repeat of the same page within this long of its answer gets nothing.
inline constexpr std::chrono::seconds room_list_repeat_window{2};

// What one session remembers: the page it was last answered and when, and whether one is
// being prepared. A repeat gets nothing rather than the same bytes again: the first answer is
// already on its way on the same ordered connection (or was just read), so a copy tells the
// client nothing new, would cost it queue bytes and the node a Presence round trip, and is
// exactly what a request loop would otherwise turn into a wall of replies.
class RoomListReplies {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;
    // Whether to answer a request for the page after `after` (empty: the first) now.
    bool begin(const std::string& after, TimePoint now);
    // The answer was queued, or could not be given (a failure is not remembered).
    void answered(TimePoint now);
    void failed();

  private:
    std::string page_;
    std::optional<TimePoint> answered_at_;
    bool pending_ = false;
};

void handle_list_rooms(ClientSession& s, RoomListReplies& replies, const protocol::ListRooms& m);

}  // namespace ibasho::chat
