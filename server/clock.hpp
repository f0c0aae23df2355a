// The Clock seam: schedules, expiry, slow mode and rate limits read time from here, so tests
// move time forward by hand instead of sleeping.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace ibasho {

class Clock {
  public:
    virtual ~Clock() = default;
    virtual std::chrono::steady_clock::time_point now() const = 0;  // for intervals
    virtual std::int64_t unix_ms() const = 0;                       // for timestamps shown
};

class SystemClock final : public Clock {
  public:
    std::chrono::steady_clock::time_point now() const override;
    std::int64_t unix_ms() const override;
};

// Starts at a fixed instant and moves only when told; safe to read from any thread.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(std::int64_t start_unix_ms = 1'790'000'000'000);
    std::chrono::steady_clock::time_point now() const override;
    std::int64_t unix_ms() const override;
    void advance(std::chrono::milliseconds d);

  private:
    std::int64_t start_unix_ms_;
    std::atomic<std::int64_t> offset_ms_{0};
};

}  // namespace ibasho
