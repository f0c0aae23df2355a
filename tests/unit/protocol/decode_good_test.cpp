// Well-formed frames of every client type decode to the right struct and values.
#include <catch2/catch.hpp>

#include <string>

#include "protocol/codec.hpp"
#include "protocol/messages.hpp"

using namespace ibasho::protocol;

namespace {

template <typename T>
T decode_as(std::string_view frame) {
    const DecodeResult result = decode(frame);
    INFO(frame);
    INFO(result.error.message);
    REQUIRE(result.ok());
    REQUIRE(std::holds_alternative<T>(*result.message));
    return std::get<T>(*result.message);
}

}  // namespace

TEST_CASE("hello", "[protocol][decode]") {
    SECTION("minimal") {
        const auto hello = decode_as<Hello>(R"({"type":"hello"})");
        CHECK(hello.v == 1);
        CHECK_FALSE(hello.resume);
    }
    SECTION("with version and resume token") {
        const auto hello =
            decode_as<Hello>(R"({"type":"hello","v":1,"resume":"AbCdEfGhIjKlMnOpQr-_09"})");
        CHECK(hello.v == 1);
        REQUIRE(hello.resume);
        CHECK(*hello.resume == "AbCdEfGhIjKlMnOpQr-_09");
    }
    SECTION("null resume reads as none") {
        CHECK_FALSE(decode_as<Hello>(R"({"type":"hello","resume":null})").resume);
    }
    SECTION("pretty-printed over several lines") {
        CHECK(decode_as<Hello>("{\n  \"type\" : \"hello\",\n  \"v\" : 1\n}\n").v == 1);
    }
}

TEST_CASE("rooms", "[protocol][decode]") {
    decode_as<ListRooms>(R"({"type":"rooms"})");
}

TEST_CASE("join", "[protocol][decode]") {
    SECTION("minimal") {
        const auto join = decode_as<Join>(R"({"type":"join","room":"lobby","nick":"くも"})");
        CHECK(join.room == "lobby");
        CHECK(join.nick == "くも");
        CHECK_FALSE(join.since);
        CHECK_FALSE(join.affirm);
        CHECK_FALSE(join.listening);
    }
    SECTION("every field") {
        const auto join =
            decode_as<Join>(R"({"type":"join","room":"age-30s-evening","nick":"🌙 よる",)"
                            R"("since":18446744073709551615,"affirm":true,"listening":true})");
        CHECK(join.room == "age-30s-evening");
        CHECK(join.nick == "🌙 よる");
        REQUIRE(join.since);
        CHECK(*join.since == 18446744073709551615ULL);
        CHECK(join.affirm);
        CHECK(join.listening);
    }
    SECTION("since zero, written as -0 too") {
        CHECK(*decode_as<Join>(R"({"type":"join","room":"a","nick":"k","since":0})").since == 0);
        CHECK(*decode_as<Join>(R"({"type":"join","room":"a","nick":"k","since":-0})").since == 0);
    }
    SECTION("the longest room id and nick") {
        const std::string room(48, 'r');
        const std::string nick(256, 'n');
        const auto join =
            decode_as<Join>(R"({"type":"join","room":")" + room + R"(","nick":")" + nick + R"("})");
        CHECK(join.room == room);
        CHECK(join.nick == nick);
    }
}

TEST_CASE("leave", "[protocol][decode]") {
    CHECK(decode_as<Leave>(R"({"type":"leave","room":"family-1"})").room == "family-1");
}

TEST_CASE("say", "[protocol][decode]") {
    SECTION("Japanese and emoji text") {
        const auto say = decode_as<Say>(
            R"({"type":"say","room":"lobby","text":"こんばんは🌙 今日は少し話せそうです","id":"m_01-a"})");
        CHECK(say.room == "lobby");
        CHECK(say.text == "こんばんは🌙 今日は少し話せそうです");
        CHECK(say.id == "m_01-a");
    }
    SECTION("escapes are decoded") {
        const auto say =
            decode_as<Say>(R"({"type":"say","room":"lobby","id":"m2",)"
                           R"("text":"line one\nline \"two\" \\ \u3042 \ud83d\ude00"})");
        CHECK(say.text == "line one\nline \"two\" \\ あ 😀");
    }
    SECTION("text with surrounding spaces is kept as sent") {
        CHECK(decode_as<Say>(R"({"type":"say","room":"a","text":"  hi  ","id":"1"})").text ==
              "  hi  ");
    }
    SECTION("an emoji built with a zero-width joiner is not blank") {
        CHECK(decode_as<Say>("{\"type\":\"say\",\"room\":\"a\",\"text\":\"👨\u200d👩\",\"id\":\"1\"}")
                  .text == "👨\u200d👩");
    }
    SECTION("the longest id") {
        const std::string id(64, 'Z');
        CHECK(decode_as<Say>(R"({"type":"say","room":"a","text":"x","id":")" + id + R"("})").id ==
              id);
    }
}

TEST_CASE("stamp", "[protocol][decode]") {
    SECTION("every stamp key") {
        for (const std::string_view key : stamp_keys()) {
            const auto stamp = decode_as<Stamp>(R"({"type":"stamp","room":"lobby","stamp":")" +
                                                std::string(key) + R"(","id":"s1"})");
            CHECK(stamp.stamp == key);
            CHECK(stamp.room == "lobby");
            CHECK(stamp.id == "s1");
            CHECK_FALSE(stamp.on);
        }
    }
    SECTION("answering a message") {
        const auto stamp = decode_as<Stamp>(
            R"({"type":"stamp","room":"lobby","stamp":"wakaru","id":"s2","on":42})");
        REQUIRE(stamp.on);
        CHECK(*stamp.on == 42);
    }
}

TEST_CASE("status", "[protocol][decode]") {
    CHECK(decode_as<SetStatus>(R"({"type":"status","room":"lobby","listening":true})").listening);
    CHECK_FALSE(
        decode_as<SetStatus>(R"({"type":"status","room":"lobby","listening":false})").listening);
}

TEST_CASE("unknown fields are ignored", "[protocol][decode]") {
    SECTION("scalars, arrays and objects of any kind") {
        const auto say = decode_as<Say>(
            R"({"client":"web/1.2","type":"say","room":"lobby","text":"hi","id":"m1",)"
            R"("reply_to":null,"tags":["a",{"b":[1]}],"meta":{"x":1.5e10}})");
        CHECK(say.text == "hi");
    }
    SECTION("fields that belong to other types") {
        const auto hello = decode_as<Hello>(R"({"type":"hello","room":5,"text":[],"since":-1})");
        CHECK(hello.v == 1);
    }
    SECTION("field order does not matter") {
        CHECK(decode_as<Leave>(R"({"room":"lobby","type":"leave"})").room == "lobby");
    }
    SECTION("an unknown field may repeat") {
        decode_as<ListRooms>(R"({"type":"rooms","x":1,"x":2})");
    }
}

TEST_CASE("stamp keys", "[protocol]") {
    CHECK(stamp_keys().size() == 4);
    CHECK(is_stamp("like"));
    CHECK(is_stamp("wakaru"));
    CHECK(is_stamp("thanks"));
    CHECK(is_stamp("hug"));
    CHECK_FALSE(is_stamp(""));
    CHECK_FALSE(is_stamp("Like"));
}

TEST_CASE("say re and earlier (issue 13)", "[protocol][decode]") {
    const auto plain = decode_as<Say>(R"({"type":"say","room":"lobby","text":"やあ","id":"m1"})");
    CHECK_FALSE(plain.re);
    const auto reply =
        decode_as<Say>(R"({"type":"say","room":"lobby","text":"わかる","id":"m2","re":41})");
    REQUIRE(reply.re);
    CHECK(*reply.re == 41);
    CHECK(reply.text == "わかる");
    CHECK_FALSE(decode(R"({"type":"say","room":"lobby","text":"x","id":"m3","re":"41"})").ok());
    const auto earlier =
        decode_as<Earlier>(R"({"type":"earlier","room":"lobby","before":120,"id":"c21"})");
    CHECK(earlier.room == "lobby");
    CHECK(earlier.before == 120);
    CHECK(earlier.id == "c21");
    CHECK_FALSE(decode(R"({"type":"earlier","room":"lobby","before":0,"id":"c2"})").ok());
    CHECK_FALSE(decode(R"({"type":"earlier","room":"lobby","id":"c2"})").ok());
}
