#include "moderation/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace ibasho::moderation {

namespace {

// Rounds a wait up, so that a client which waits exactly this long is let through.
std::chrono::milliseconds ceil_ms(std::chrono::nanoseconds wait) {
    return std::chrono::ceil<std::chrono::milliseconds>(wait);
}

// Converts to nanoseconds, saturating far below the point where time_point arithmetic would
// overflow: ~31 years is "never" for a chat message.
std::chrono::nanoseconds to_ns(double ns) {
    constexpr double ceiling = 1e18;
    return std::chrono::nanoseconds{
        static_cast<std::chrono::nanoseconds::rep>(std::clamp(std::round(ns), 0.0, ceiling))};
}

}  // namespace

RateLimiter::RateLimiter(double per_second, double burst) {
    reset(per_second, burst);
}

void RateLimiter::reset(double per_second, double burst) {
    full_at_ = std::chrono::steady_clock::time_point::min();
    // An infinite rate or burst is no limit at all.
    enabled_ = per_second > 0 && std::isfinite(per_second) && !std::isinf(burst);
    if (!enabled_) {
        interval_ = Nanoseconds{0};
        tolerance_ = Nanoseconds{0};
        return;
    }
    if (!(burst >= 1)) {  // also catches NaN
        burst = 1;
    }
    interval_ = to_ns(1e9 / per_second);
    tolerance_ = to_ns((burst - 1) * static_cast<double>(interval_.count()));
}

std::chrono::milliseconds RateLimiter::wait(std::chrono::steady_clock::time_point now) const {
    if (!enabled_) {
        return std::chrono::milliseconds{0};
    }
    // The bucket holds burst - (full_at_ - now) / interval tokens; it lacks one exactly when
    // full_at_ is more than `tolerance` (burst - 1 intervals) ahead of now.
    const auto behind = std::max(full_at_, now) - now;
    if (behind > tolerance_) {
        return ceil_ms(behind - tolerance_);
    }
    return std::chrono::milliseconds{0};
}

void RateLimiter::take(std::chrono::steady_clock::time_point now) {
    if (enabled_) {
        full_at_ = std::max(full_at_, now) + interval_;
    }
}

std::chrono::milliseconds RateLimiter::try_take(std::chrono::steady_clock::time_point now) {
    const auto w = wait(now);
    if (w.count() == 0) {
        take(now);
    }
    return w;
}

}  // namespace ibasho::moderation
