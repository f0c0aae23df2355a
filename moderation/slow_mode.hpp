// Slow mode for one member of one room: at most one message per interval, set by a peer
// supporter to calm a room down. Time is passed in, so tests never sleep.
#pragma once

#include <chrono>
#include <optional>

namespace ibasho::moderation {

// Not thread-safe: each instance belongs to one member's session in one room.
class SlowMode {
  public:
    // An interval of zero (or less) turns slow mode off.
    explicit SlowMode(std::chrono::seconds interval);

    // Returns 0 ms when the member may post now, and records now as their last post. Otherwise
    // returns how long until they may (rounded up to a whole millisecond) and records nothing.
    std::chrono::milliseconds try_post(std::chrono::steady_clock::time_point now);

    // try_post's answer without recording anything, and the recording alone: the policy
    // layer asks first and records only when the message really goes out.
    std::chrono::milliseconds wait(std::chrono::steady_clock::time_point now) const;
    void record(std::chrono::steady_clock::time_point now) { last_post_ = now; }

    // Takes effect at once, measured from the member's last post (posts are recorded while
    // slow mode is off too), so switching it on calms a fast room straight away and shortening
    // it can let a waiting member post at once.
    void set_interval(std::chrono::seconds interval);

    std::chrono::seconds interval() const { return interval_; }
    bool enabled() const { return interval_ > std::chrono::seconds::zero(); }

  private:
    std::chrono::seconds interval_;
    std::optional<std::chrono::steady_clock::time_point> last_post_;
};

}  // namespace ibasho::moderation
