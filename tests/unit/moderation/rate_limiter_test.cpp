#include "moderation/rate_limiter.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <limits>

using namespace ibasho::moderation;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// Any fixed point will do: the limiter only looks at differences.
const Clock::time_point t0 = Clock::time_point{} + 1000h;

}  // namespace

TEST_CASE("rate limiter: a full bucket allows the burst, then says how long to wait",
          "[moderation][rate]") {
    RateLimiter limiter(2.0, 3.0);  // 2 per second, burst 3
    CHECK(limiter.enabled());
    CHECK(limiter.try_take(t0) == 0ms);
    CHECK(limiter.try_take(t0) == 0ms);
    CHECK(limiter.try_take(t0) == 0ms);
    // Empty: one token comes back every 500 ms.
    CHECK(limiter.try_take(t0) == 500ms);
    // Refusing takes nothing, so asking again gives the same answer.
    CHECK(limiter.try_take(t0) == 500ms);
    CHECK(limiter.try_take(t0 + 200ms) == 300ms);
    CHECK(limiter.try_take(t0 + 499ms) == 1ms);
    CHECK(limiter.try_take(t0 + 500ms) == 0ms);
    CHECK(limiter.try_take(t0 + 500ms) == 500ms);
}

TEST_CASE("rate limiter: refill is continuous and capped at the burst", "[moderation][rate]") {
    RateLimiter limiter(1.0, 2.0);
    CHECK(limiter.try_take(t0) == 0ms);
    CHECK(limiter.try_take(t0) == 0ms);
    CHECK(limiter.try_take(t0) == 1000ms);
    // After a long quiet spell the bucket holds only `burst` tokens, not more.
    const auto later = t0 + 1h;
    CHECK(limiter.try_take(later) == 0ms);
    CHECK(limiter.try_take(later) == 0ms);
    CHECK(limiter.try_take(later) == 1000ms);
    // Half a second refills half a token: still 500 ms to go.
    CHECK(limiter.try_take(later + 500ms) == 500ms);
    CHECK(limiter.try_take(later + 1000ms) == 0ms);
}

TEST_CASE("rate limiter: a steady sender at the rate is never refused", "[moderation][rate]") {
    RateLimiter limiter(5.0, 1.0);
    for (int i = 0; i < 100; ++i) {
        CHECK(limiter.try_take(t0 + i * 200ms) == 0ms);
    }
    // ...but one message early is.
    CHECK(limiter.try_take(t0 + 99 * 200ms + 150ms) == 50ms);
}

TEST_CASE("rate limiter: retry-after rounds up to whole milliseconds", "[moderation][rate]") {
    RateLimiter limiter(3.0, 1.0);  // one token every 333.333333 ms
    CHECK(limiter.try_take(t0) == 0ms);
    CHECK(limiter.try_take(t0) == 334ms);
    // Waiting exactly the advertised time is enough.
    CHECK(limiter.try_take(t0 + 334ms) == 0ms);
}

TEST_CASE("rate limiter: fractional rates", "[moderation][rate]") {
    RateLimiter limiter(0.5, 1.0);  // one message every two seconds
    CHECK(limiter.try_take(t0) == 0ms);
    CHECK(limiter.try_take(t0 + 1s) == 1000ms);
    CHECK(limiter.try_take(t0 + 2s) == 0ms);
}

TEST_CASE("rate limiter: a burst below one still allows one message", "[moderation][rate]") {
    RateLimiter limiter(1.0, 0.0);
    CHECK(limiter.try_take(t0) == 0ms);
    CHECK(limiter.try_take(t0) == 1000ms);
    RateLimiter nan_burst(1.0, std::numeric_limits<double>::quiet_NaN());
    CHECK(nan_burst.try_take(t0) == 0ms);
    CHECK(nan_burst.try_take(t0) == 1000ms);
}

TEST_CASE("rate limiter: a rate of zero or less disables it", "[moderation][rate]") {
    for (const double rate : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(),
                              std::numeric_limits<double>::infinity()}) {
        RateLimiter limiter(rate, 1.0);
        CHECK_FALSE(limiter.enabled());
        for (int i = 0; i < 1000; ++i) {
            REQUIRE(limiter.try_take(t0) == 0ms);
        }
    }
}

TEST_CASE("rate limiter: reset changes the rate and refills", "[moderation][rate]") {
    RateLimiter limiter(1.0, 1.0);
    CHECK(limiter.try_take(t0) == 0ms);
    CHECK(limiter.try_take(t0) == 1000ms);
    limiter.reset(10.0, 2.0);
    CHECK(limiter.try_take(t0) == 0ms);
    CHECK(limiter.try_take(t0) == 0ms);
    CHECK(limiter.try_take(t0) == 100ms);
    limiter.reset(0.0, 1.0);
    CHECK_FALSE(limiter.enabled());
    CHECK(limiter.try_take(t0) == 0ms);
}

TEST_CASE("rate limiter: a clock that seems to go back does not grant tokens",
          "[moderation][rate]") {
    RateLimiter limiter(1.0, 1.0);
    CHECK(limiter.try_take(t0) == 0ms);
    CHECK(limiter.try_take(t0 - 5s) == 6000ms);
    CHECK(limiter.try_take(t0 + 1s) == 0ms);
}
