// A token bucket for one sender (a session, or a keyed address hash): how many messages per
// second, with how much burst. Time is passed in, so tests and callers choose the clock.
#pragma once

#include <chrono>
#include <cstdint>

namespace ibasho::moderation {

// Implemented as GCRA (the generic cell rate algorithm): the same decisions as a bucket of
// `burst` tokens refilled at `per_second`, kept as one time point in integer nanoseconds, so
// the retry-after value is exact and nothing drifts with floating-point rounding. Not
// thread-safe: each instance belongs to one session, which lives on one thread.
class RateLimiter {
  public:
    // per_second <= 0 disables the limiter (every try_take succeeds), which is how benchmark
    // rooms turn it off. A burst below 1 is raised to 1: a bucket must hold one message. The
    // bucket starts full.
    RateLimiter(double per_second, double burst);

    // Returns 0 ms if a token was taken; otherwise how long until one is available (nothing
    // is taken), rounded up to a whole millisecond so that retrying after it succeeds.
    std::chrono::milliseconds try_take(std::chrono::steady_clock::time_point now);

    // The same answer as try_take, without taking: lets the policy layer weigh every rule
    // first and spend the token only when the action really goes ahead (take()).
    std::chrono::milliseconds wait(std::chrono::steady_clock::time_point now) const;
    // Takes a token whether or not one is due (call after wait() returned 0).
    void take(std::chrono::steady_clock::time_point now);

    // Changes the rate; the bucket starts full again (a stricter limit should not punish what
    // was sent under the old one).
    void reset(double per_second, double burst);

    bool enabled() const { return enabled_; }

  private:
    using Nanoseconds = std::chrono::nanoseconds;

    bool enabled_ = false;
    Nanoseconds interval_{0};   // time one token takes to refill
    Nanoseconds tolerance_{0};  // how far ahead of the schedule a burst may run
    // When the bucket will be full again if nothing more is taken (GCRA's "theoretical
    // arrival time"); min() for a bucket that has never been used.
    std::chrono::steady_clock::time_point full_at_ = std::chrono::steady_clock::time_point::min();
};

}  // namespace ibasho::moderation
