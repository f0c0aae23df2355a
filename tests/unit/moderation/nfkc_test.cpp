#include "moderation/nfkc.hpp"
#include "moderation/grapheme.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ibasho::moderation;

TEST_CASE("nfkc: width variants fold", "[moderation][nfkc]") {
    CHECK(to_nfkc("ＡＢＣ１２３") == "ABC123");
    CHECK(to_nfkc("ｶﾞｯｺｳ") == "ガッコウ");
    CHECK(to_nfkc("＠．：（）") == "@.:()");
    CHECK(to_nfkc("ね　こ") == "ね こ");
    CHECK(to_nfkc("") == "");
}

TEST_CASE("nfkc: text already in NFKC maps one to one", "[moderation][nfkc]") {
    const std::string source = "こんにちは abc";
    NfkcText text;
    REQUIRE(text.assign(source));
    CHECK(text.text() == source);
    CHECK(text.to_source(0, 3) == std::pair<std::size_t, std::size_t>{0, 3});
    CHECK(text.to_source(16, 19) == std::pair<std::size_t, std::size_t>{16, 19});
}

TEST_CASE("nfkc: offsets in the folded copy map back to the original", "[moderation][nfkc]") {
    // "ａｂ" (6 bytes) folds to "ab" (2 bytes); " x " is unchanged.
    const std::string source = "ａｂ x ｃ";
    NfkcText text;
    REQUIRE(text.assign(source));
    REQUIRE(text.text() == "ab x c");
    CHECK(text.to_source(0, 2) == std::pair<std::size_t, std::size_t>{0, 6});   // "ａｂ"
    CHECK(text.to_source(1, 2) == std::pair<std::size_t, std::size_t>{3, 6});   // "ｂ"
    CHECK(text.to_source(3, 4) == std::pair<std::size_t, std::size_t>{7, 8});   // "x"
    CHECK(text.to_source(5, 6) == std::pair<std::size_t, std::size_t>{9, 12});  // "ｃ"
}

TEST_CASE("nfkc: a range inside a composed character covers all of its source",
          "[moderation][nfkc]") {
    // "ｶﾞ" (two half-width characters, 6 bytes) composes to one "ガ" (3 bytes).
    const std::string source = "aｶﾞb";
    NfkcText text;
    REQUIRE(text.assign(source));
    REQUIRE(text.text() == "aガb");
    CHECK(text.to_source(1, 4) == std::pair<std::size_t, std::size_t>{1, 7});
    CHECK(text.to_source(2, 3) == std::pair<std::size_t, std::size_t>{1, 7});
    CHECK(text.to_source(4, 5) == std::pair<std::size_t, std::size_t>{7, 8});
}

TEST_CASE("grapheme: counting and cutting by user-perceived character", "[moderation][grapheme]") {
    CHECK(count_graphemes("") == 0);
    CHECK(count_graphemes("ねこ") == 2);
    CHECK(count_graphemes("e\u0301") == 1);  // e + combining acute
    CHECK(count_graphemes("👨‍👩‍👧🇯🇵") == 2);
    CHECK(take_graphemes("👨‍👩‍👧🇯🇵ね", 1) == "👨‍👩‍👧");
    CHECK(take_graphemes("ねこ", 5) == "ねこ");
    CHECK(take_graphemes("ねこ", 0).empty());
    CHECK(grapheme_ends("aね") == std::vector<std::size_t>{1, 4});
}
