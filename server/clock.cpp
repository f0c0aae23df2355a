#include "server/clock.hpp"

namespace ibasho {

std::chrono::steady_clock::time_point SystemClock::now() const {
    return std::chrono::steady_clock::now();
}

std::int64_t SystemClock::unix_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

ManualClock::ManualClock(std::int64_t start_unix_ms) : start_unix_ms_(start_unix_ms) {}

std::chrono::steady_clock::time_point ManualClock::now() const {
    return std::chrono::steady_clock::time_point(
        std::chrono::milliseconds(offset_ms_.load(std::memory_order_relaxed)) +
        std::chrono::hours(1));
}

std::int64_t ManualClock::unix_ms() const {
    return start_unix_ms_ + offset_ms_.load(std::memory_order_relaxed);
}

void ManualClock::advance(std::chrono::milliseconds d) {
    offset_ms_.fetch_add(d.count(), std::memory_order_relaxed);
}

}  // namespace ibasho
