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

TEST_CASE("staff, report and private-word messages round-trip", "[protocol][encode][staff]") {
    const auto hide = std::get<Hide>(round_trip(Hide{"hiroba", 42, "hurtful", "二件目", "c1"}));
    CHECK(hide.seq == 42u);
    CHECK(hide.reason == "hurtful");
    CHECK(hide.note == "二件目");
    CHECK(std::get<Unhide>(round_trip(Unhide{"hiroba", 42, "c2"})).seq == 42u);
    const auto remind =
        std::get<Remind>(round_trip(Remind{"hiroba", "m1", "kind_words", std::nullopt, "c3"}));
    CHECK(remind.template_id == "kind_words");
    const auto own = std::get<Remind>(round_trip(Remind{"hiroba", "m1", "", "ゆっくりで", "c3"}));
    CHECK(own.text == "ゆっくりで");
    const auto mute = std::get<Sanction>(
        round_trip(Sanction{SanctionKind::mute, "hiroba", "m1", 10, "flood", std::nullopt, "c4"}));
    CHECK(mute.kind == SanctionKind::mute);
    CHECK(mute.minutes == 10u);
    const auto ban = std::get<Sanction>(
        round_trip(Sanction{SanctionKind::ban, "hiroba", "m1", 24 * 60, "spam", "x", "c6"}));
    CHECK(ban.kind == SanctionKind::ban);
    CHECK(ban.minutes == 24u * 60);
    const auto slow = std::get<RoomControl>(round_trip(
        RoomControl{"hiroba", RoomControlKind::slow_mode, 30, std::nullopt, "calm", "c7"}));
    CHECK(slow.control == RoomControlKind::slow_mode);
    CHECK(slow.seconds == 30u);
    const auto pin = std::get<RoomControl>(
        round_trip(RoomControl{"hiroba", RoomControlKind::pin, 0, "お知らせ", "", "c8"}));
    CHECK(pin.text == "お知らせ");
    CHECK(std::get<Admit>(round_trip(Admit{"hiroba", "m2", "c9"})).member == "m2");
    CHECK(std::get<StandingQuery>(round_trip(StandingQuery{"hiroba", "m2", "c10"})).member == "m2");
    CHECK(std::get<StandingNote>(round_trip(StandingNote{"hiroba", "m2", "", "c11"})).text.empty());
    const auto report = std::get<Report>(
        round_trip(Report{"hiroba", 42, ReportReason::operator_, std::nullopt, "c12"}));
    CHECK(report.reason == ReportReason::operator_);
    CHECK(std::get<ResolveReport>(round_trip(ResolveReport{"r_1", true, "", "c13"})).dismissed);
    CHECK(std::get<Ask>(round_trip(Ask{"hiroba", "c14"})).room == "hiroba");
    CHECK(std::get<AcceptAsk>(round_trip(AcceptAsk{"q_1", "c15"})).ask == "q_1");
    CHECK(std::get<PrivateSay>(round_trip(PrivateSay{"q_1", "こんばんは", "c16"})).text ==
          "こんばんは");
    CHECK(std::get<PrivateEnd>(round_trip(PrivateEnd{"q_1", "c17"})).thread == "q_1");
    const auto staff_hello =
        std::get<Hello>(round_trip(Hello{1, std::nullopt, std::string(43, 'Z')}));
    CHECK(staff_hello.staff == std::string(43, 'Z'));
}

TEST_CASE("end (quick exit) round-trips and needs a well-formed id", "[protocol][encode]") {
    CHECK(std::get<End>(round_trip(End{"c20"})).id == "c20");
    CHECK(decode(R"({"type":"end","id":"c1"})").ok());
    CHECK(decode(R"({"type":"end"})").error.code == ErrorCode::missing_field);
    CHECK(decode(R"({"type":"end","id":"bad id!"})").error.code == ErrorCode::bad_id);
}

TEST_CASE("staff messages: each bad field has its own code, with the ref", "[protocol][staff]") {
    auto code = [](const std::string& frame) {
        const DecodeResult r = decode(frame);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error.ref == "c1");
        return std::string(to_string(r.error.code));
    };
    CHECK(code(R"({"type":"mute","room":"r","member":"m","minutes":0,"reason":"x","id":"c1"})") ==
          "bad_duration");
    CHECK(code(R"({"type":"mute","room":"r","member":"m","reason":"x","id":"c1"})") ==
          "missing_field");
    CHECK(code(R"({"type":"ban","room":"r","member":"m","hours":169,"reason":"x","id":"c1"})") ==
          "bad_duration");
    CHECK(code(R"({"type":"hide","room":"r","seq":1,"reason":"Bad Reason","id":"c1"})") ==
          "bad_reason");
    CHECK(code(R"({"type":"mute","room":"r","member":"m m","minutes":5,"reason":"x","id":"c1"})") ==
          "bad_member");
    CHECK(code(R"({"type":"room_control","room":"r","control":"explode","id":"c1"})") ==
          "bad_control");
    CHECK(
        code(
            R"({"type":"room_control","room":"r","control":"slow_mode","seconds":601,"id":"c1"})") ==
        "bad_duration");
    CHECK(code(R"({"type":"report","room":"r","seq":1,"reason":"boring","id":"c1"})") ==
          "bad_reason");
    CHECK(code(R"({"type":"accept_ask","ask":"q 1","id":"c1"})") == "bad_ref");
    CHECK(code(R"({"type":"private_say","thread":"q_1","text":"  ","id":"c1"})") == "empty_text");
    CHECK(code(R"({"type":"standing_note","room":"r","member":"m","text":")" +
               std::string(301, 'a') + R"(","id":"c1"})") == "text_too_long");
    CHECK(code(R"({"type":"resolve_report","report":"r_1","outcome":"maybe","id":"c1"})") ==
          "wrong_type");
    // A remove without minutes takes the default hour.
    const DecodeResult removal =
        decode(R"({"type":"remove","room":"r","member":"m","reason":"x","id":"c1"})");
    REQUIRE(removal.ok());
    CHECK(std::get<Sanction>(*removal.message).minutes == 60u);
}
