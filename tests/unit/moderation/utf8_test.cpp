#include "moderation/utf8.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ibasho::moderation;
using namespace std::string_view_literals;

TEST_CASE("utf8: well-formed text is accepted", "[moderation][utf8]") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("hello"));
    CHECK(is_valid_utf8("ひきこもり歴10年"));
    CHECK(is_valid_utf8("👨‍👩‍👧 🇯🇵"));
    CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
    CHECK(is_valid_utf8("a\0b"sv));            // U+0000 is well-formed
}

TEST_CASE("utf8: ill-formed text is rejected", "[moderation][utf8]") {
    CHECK_FALSE(is_valid_utf8("\x80"));              // stray continuation byte
    CHECK_FALSE(is_valid_utf8("\xC3"));              // truncated 2-byte sequence
    CHECK_FALSE(is_valid_utf8("\xE3\x81"));          // truncated 3-byte sequence
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong "/"
    CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong, 3 bytes
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // UTF-16 surrogate U+D800
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xFF"));
    CHECK_FALSE(is_valid_utf8("ねこ\xE3"));  // valid text, then a cut-off character
}

TEST_CASE("utf8: code points are counted, not bytes", "[moderation][utf8]") {
    CHECK(count_code_points("") == 0);
    CHECK(count_code_points("abc") == 3);
    CHECK(count_code_points("ねこ") == 2);
    CHECK(count_code_points("👍") == 1);
    CHECK(count_code_points("👨‍👩‍👧") == 5);  // three people joined by two ZWJs
}
