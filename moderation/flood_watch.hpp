// Turns a chat flood into a short pause instead of a disconnect (issue 12): counts the writes
// a member's rate limit or the room's slow mode refused, and says when to mute. Pure, timed
// by the caller.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>

namespace ibasho::moderation {

// Not thread-safe: each instance belongs to one member's seat in one room.
class FloodWatch {
  public:
    static constexpr std::size_t refusals = 5;           // this many ...
    static constexpr std::chrono::seconds window{10};    // ... within this time
    static constexpr std::chrono::seconds mute_for{60};  // become this mute

    // Records one refused write at `now`; true when it completes a flood (the count starts
    // again, so one flood gives one mute).
    bool refused(std::chrono::steady_clock::time_point now);

  private:
    std::deque<std::chrono::steady_clock::time_point> recent_;
};

}  // namespace ibasho::moderation
