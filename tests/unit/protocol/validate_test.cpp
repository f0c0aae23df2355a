// The value rules shared by the decoder and the server.
#include <catch2/catch.hpp>

#include <string>

#include "protocol/utf8.hpp"
#include "protocol/validate.hpp"

using namespace ibasho::protocol;

TEST_CASE("room ids", "[protocol][validate]") {
    CHECK(is_room_id("a"));
    CHECK(is_room_id("0"));
    CHECK(is_room_id("lobby"));
    CHECK(is_room_id("family-2025-10"));
    CHECK(is_room_id("a-"));
    CHECK(is_room_id(std::string(48, 'x')));
    CHECK_FALSE(is_room_id(""));
    CHECK_FALSE(is_room_id("-a"));
    CHECK_FALSE(is_room_id("A"));
    CHECK_FALSE(is_room_id("a_b"));
    CHECK_FALSE(is_room_id("a.b"));
    CHECK_FALSE(is_room_id(std::string(49, 'x')));
    CHECK_FALSE(is_room_id(std::string("a\0b", 3)));
}

TEST_CASE("message ids", "[protocol][validate]") {
    CHECK(is_message_id("a"));
    CHECK(is_message_id("A-z_0-9"));
    CHECK(is_message_id(std::string(64, 'q')));
    CHECK_FALSE(is_message_id(""));
    CHECK_FALSE(is_message_id(std::string(65, 'q')));
    CHECK_FALSE(is_message_id("a+b"));
    CHECK_FALSE(is_message_id("a=b"));
    CHECK_FALSE(is_message_id("あ"));
}

TEST_CASE("session tokens", "[protocol][validate]") {
    CHECK(is_session_token("AAAAAAAAAAAAAAAAAAAAAA"));
    CHECK(is_session_token("abcdefghijklmnopqr-_09"));
    CHECK_FALSE(is_session_token("AAAAAAAAAAAAAAAAAAAAA"));
    CHECK_FALSE(is_session_token("AAAAAAAAAAAAAAAAAAAAAAA"));
    CHECK_FALSE(is_session_token("AAAAAAAAAAAAAAAAAAAAA/"));
}

TEST_CASE("text rules", "[protocol][validate]") {
    CHECK(check_text("hi") == TextProblem::none);
    CHECK(check_text("  しんどい  ") == TextProblem::none);
    CHECK(check_text("line\r\nline\tTab") == TextProblem::none);
    CHECK(check_text("") == TextProblem::empty);
    CHECK(check_text(" \t\n\u3000\u200b\ufeff\u2800") == TextProblem::empty);
    CHECK(check_text("\ufe0f") == TextProblem::empty);
    CHECK(check_text(std::string(2000, 'a')) == TextProblem::none);
    CHECK(check_text(std::string(2001, 'a')) == TextProblem::too_long);
    CHECK(check_text(std::string(2001, ' ')) == TextProblem::empty);
    CHECK(check_text("a\x01") == TextProblem::bad_encoding);
    CHECK(check_text("a\xff") == TextProblem::bad_encoding);
    CHECK(check_text("\u0085") == TextProblem::bad_encoding);
}

TEST_CASE("utf8::next decodes and steps over bad bytes", "[protocol][validate]") {
    const std::string s = "aé€😀";
    std::size_t pos = 0;
    const char32_t expected[] = {U'a', U'é', U'€', U'😀'};
    for (const char32_t cp : expected) {
        const auto step = utf8::next(s, pos);
        CHECK(step.code_point == cp);
        pos += step.length;
    }
    CHECK(pos == s.size());
    CHECK(utf8::next("\xe2\x82", 0).code_point == utf8::invalid);
    CHECK(utf8::next("\xe2\x82", 0).length == 2);
    CHECK(utf8::next("\xc1\xbf", 0).length == 1);
    CHECK(utf8::is_valid("ありがとう"));
    CHECK_FALSE(utf8::is_valid("\xed\xbf\xbf"));
}
