// Close codes: all in the application range, each with a reason word and advice.
#include <catch2/catch.hpp>

#include <set>

#include "protocol/close_codes.hpp"

using namespace ibasho::protocol;

TEST_CASE("close codes are in 4000-4999 and described", "[protocol][codes]") {
    std::set<std::uint16_t> values;
    std::set<std::string_view> reasons;
    REQUIRE(close_codes().size() == 6);
    for (const CloseCode code : close_codes()) {
        const auto value = static_cast<std::uint16_t>(code);
        INFO(value);
        CHECK(value >= 4000);
        CHECK(value <= 4999);
        CHECK(values.insert(value).second);
        const CloseAdvice advice = describe(code);
        CHECK_FALSE(advice.reason.empty());
        CHECK(advice.reason.size() <= 123);  // RFC 6455 close reason limit
        CHECK(advice.reason != "unknown");
        CHECK(reasons.insert(advice.reason).second);
        CHECK(advice.advice.size() > 10);
        for (const char c : advice.reason) {
            CHECK(((c >= 'a' && c <= 'z') || c == '_'));
        }
    }
}

TEST_CASE("close advice matches the documented behaviour", "[protocol][codes]") {
    CHECK(static_cast<int>(CloseCode::slow_consumer) == 4001);
    CHECK(describe(CloseCode::slow_consumer).reconnect == Reconnect::now);
    CHECK(describe(CloseCode::flood).reconnect == Reconnect::after_delay);
    CHECK(describe(CloseCode::flood).min_delay_s == 30);
    CHECK(describe(CloseCode::protocol_violation).reconnect == Reconnect::after_delay);
    CHECK(describe(CloseCode::session_replaced).reconnect == Reconnect::never);
    CHECK(describe(CloseCode::server_overloaded).reconnect == Reconnect::with_backoff);
    CHECK(describe(CloseCode::removed).reconnect == Reconnect::never);
    CHECK(static_cast<int>(CloseCode::removed) == 4009);
    CHECK(describe(static_cast<CloseCode>(4999)).reason == "unknown");
}
