#include "moderation/slow_mode.hpp"

#include <algorithm>

namespace ibasho::moderation {

SlowMode::SlowMode(std::chrono::seconds interval)
    : interval_(std::max(interval, std::chrono::seconds::zero())) {}

void SlowMode::set_interval(std::chrono::seconds interval) {
    interval_ = std::max(interval, std::chrono::seconds::zero());
}

std::chrono::milliseconds SlowMode::wait(std::chrono::steady_clock::time_point now) const {
    if (enabled() && last_post_) {
        const auto allowed_at = *last_post_ + interval_;
        if (now < allowed_at) {
            return std::chrono::ceil<std::chrono::milliseconds>(allowed_at - now);
        }
    }
    return std::chrono::milliseconds{0};
}

std::chrono::milliseconds SlowMode::try_post(std::chrono::steady_clock::time_point now) {
    // Posts are recorded even while slow mode is off, so that switching it on also applies to
    // a member who has just posted.
    const auto w = wait(now);
    if (w.count() == 0) {
        record(now);
    }
    return w;
}

}  // namespace ibasho::moderation
