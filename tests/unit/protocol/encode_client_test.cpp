// Client-side encoders round-trip through the decoder unchanged.
#include <catch2/catch.hpp>

#include "protocol/codec.hpp"
#include "protocol/encode_client.hpp"

using namespace ibasho::protocol;

namespace {

ClientMessage round_trip(const ClientMessage& message) {
    const std::string line = encode(message);
    INFO(line);
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.rfind("{\"type\":\"", 0) == 0);
    DecodeResult result = decode(line);
    INFO(result.error.message);
    REQUIRE(result.ok());
    return std::move(*result.message);
}

}  // namespace

TEST_CASE("client messages round-trip", "[protocol][encode]") {
    SECTION("hello") {
        const auto out = std::get<Hello>(round_trip(Hello{1, "AbCdEfGhIjKlMnOpQr-_09"}));
        CHECK(out.v == 1);
        CHECK(out.resume == "AbCdEfGhIjKlMnOpQr-_09");
        CHECK_FALSE(std::get<Hello>(round_trip(Hello{})).resume);
        CHECK(encode(Hello{}) == R"({"type":"hello","v":1})");
    }
    SECTION("rooms") {
        CHECK(std::holds_alternative<ListRooms>(round_trip(ListRooms{})));
    }
    SECTION("join") {
        const auto out = std::get<Join>(round_trip(Join{"lobby", "くも \"A\"", 41, true, true}));
        CHECK(out.room == "lobby");
        CHECK(out.nick == "くも \"A\"");
        CHECK(out.since == 41u);
        CHECK(out.affirm);
        CHECK(out.listening);
        const auto plain = std::get<Join>(round_trip(Join{"lobby", "k", {}, false, false}));
        CHECK_FALSE(plain.since);
        CHECK_FALSE(plain.affirm);
    }
    SECTION("leave") {
        CHECK(std::get<Leave>(round_trip(Leave{"lobby"})).room == "lobby");
    }
    SECTION("say") {
        const auto out =
            std::get<Say>(round_trip(Say{"lobby", "一行目\n二行目 \\ \"🙂\"", "m1"}));
        CHECK(out.text == "一行目\n二行目 \\ \"🙂\"");
        CHECK(out.id == "m1");
    }
    SECTION("stamp") {
        const auto out = std::get<Stamp>(round_trip(Stamp{"lobby", "hug", "s1", 9}));
        CHECK(out.stamp == "hug");
        CHECK(out.on == 9u);
    }
    SECTION("status") {
        CHECK(std::get<SetStatus>(round_trip(SetStatus{"lobby", true})).listening);
    }
}
