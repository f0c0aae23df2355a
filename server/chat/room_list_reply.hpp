// list_rooms on the WebSocket: one page of the room list per request, sent as a reply (its own
// send-queue allowance), and the same page asked again while its answer is fresh answered once.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "protocol/messages.hpp"
#include "server/shared_frame.hpp"

namespace ibasho::chat {

class ClientSession;

// A repeat of the same page within this long of its answer gets nothing.
inline constexpr std::chrono::seconds room_list_repeat_window{2};

// What one session remembers: the page it was last answered, its bytes and when, and whether
// one is being prepared. A repeat within the window is answered once, from the same bytes
// (shared, not copied): no second Presence round trip and no second page built, so a request
// loop costs the node nothing more than its frames; a repeat while the first is still being
// prepared gets nothing more (the answer on its way serves both). Every request that can be
// answered is, so a client waiting for its reply never hangs.
class RoomListReplies {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;
    enum class Step { build, resend, skip };
    // What to do with a request for the page after `after` (empty: the first) of the
    // catalogue snapshot `catalogue` now. A new snapshot (the rooms file reloaded, a room's
    // live state changed) is never a repeat: the client would otherwise miss the change.
    Step begin(const std::string& after, const void* catalogue, TimePoint now);
    // The answer was queued, or could not be given (a failure is not remembered).
    void answered(TimePoint now, SharedFrame frame);
    void failed();
    // The last answer's bytes (for Step::resend).
    const SharedFrame& last() const { return last_; }

  private:
    std::string page_;
    const void* catalogue_ = nullptr;  // identity only, never dereferenced
    std::optional<TimePoint> answered_at_;
    SharedFrame last_;
    bool pending_ = false;
};

void handle_list_rooms(ClientSession& s, RoomListReplies& replies, const protocol::ListRooms& m);

}  // namespace ibasho::chat
