#include "moderation/slow_mode.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace ibasho::moderation;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

const Clock::time_point t0 = Clock::time_point{} + 1000h;

}  // namespace

TEST_CASE("slow mode: one message per interval", "[moderation][slow]") {
    SlowMode slow(10s);
    CHECK(slow.enabled());
    CHECK(slow.try_post(t0) == 0ms);
    CHECK(slow.try_post(t0) == 10000ms);
    CHECK(slow.try_post(t0 + 3s) == 7000ms);
    CHECK(slow.try_post(t0 + 9999ms) == 1ms);
    // A refused post is not recorded: the wait still runs from the last accepted one.
    CHECK(slow.try_post(t0 + 10s) == 0ms);
    CHECK(slow.try_post(t0 + 12s) == 8000ms);
    CHECK(slow.try_post(t0 + 25s) == 0ms);
}

TEST_CASE("slow mode: the retry-after value rounds up", "[moderation][slow]") {
    SlowMode slow(1s);
    CHECK(slow.try_post(t0) == 0ms);
    CHECK(slow.try_post(t0 + 1us) == 1000ms);  // 999.999 ms rounds up
    CHECK(slow.try_post(t0 + 999'999us) == 1ms);
    CHECK(slow.try_post(t0 + 1s) == 0ms);
}

TEST_CASE("slow mode: an interval of zero is off", "[moderation][slow]") {
    SlowMode slow(0s);
    CHECK_FALSE(slow.enabled());
    for (int i = 0; i < 100; ++i) {
        REQUIRE(slow.try_post(t0) == 0ms);
    }
    SlowMode negative(-5s);
    CHECK_FALSE(negative.enabled());
    CHECK(negative.interval() == 0s);
    CHECK(negative.try_post(t0) == 0ms);
    CHECK(negative.try_post(t0) == 0ms);
}

TEST_CASE("slow mode: switching on applies to a member who has just posted", "[moderation][slow]") {
    SlowMode slow(0s);
    CHECK(slow.try_post(t0) == 0ms);
    slow.set_interval(30s);
    CHECK(slow.interval() == 30s);
    CHECK(slow.try_post(t0 + 10s) == 20000ms);
    CHECK(slow.try_post(t0 + 30s) == 0ms);
}

TEST_CASE("slow mode: changing the interval takes effect at once", "[moderation][slow]") {
    SlowMode slow(60s);
    CHECK(slow.try_post(t0) == 0ms);
    CHECK(slow.try_post(t0 + 5s) == 55000ms);
    slow.set_interval(10s);  // shortened: the member may post now
    CHECK(slow.try_post(t0 + 10s) == 0ms);
    slow.set_interval(0s);  // off
    CHECK(slow.try_post(t0 + 10s) == 0ms);
    CHECK(slow.try_post(t0 + 10s) == 0ms);
    slow.set_interval(20s);  // on again, counted from the last post
    CHECK(slow.try_post(t0 + 15s) == 15000ms);
}

TEST_CASE("slow mode: the first post is always allowed", "[moderation][slow]") {
    SlowMode slow(3600s);
    CHECK(slow.try_post(Clock::time_point{}) == 0ms);
    SlowMode other(3600s);
    CHECK(other.try_post(t0) == 0ms);
}
