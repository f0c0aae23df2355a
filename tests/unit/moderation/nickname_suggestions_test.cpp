#include "moderation/nickname_suggestions.hpp"
#include "moderation/grapheme.hpp"
#include "moderation/nickname.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace ibasho::moderation;

namespace {

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// What every alternative list must be, whatever the name: distinct from the name and from each
// other, and exactly what the server would store if the person sent it back.
void check_usable(const std::string& nick, const std::vector<std::string>& alternatives) {
    INFO("nick: " << nick);
    std::set<std::string> seen;
    for (const std::string& a : alternatives) {
        INFO("alternative: " << a);
        CHECK(a != nick);
        CHECK(seen.insert(a).second);
        const NickResult normal = normalize_nickname(a);
        CHECK(normal.ok());
        CHECK(normal.nick == a);
        CHECK(count_graphemes(a) <= max_nick_chars);
        CHECK(a.size() <= max_nick_bytes);
        CHECK(a.find("・") == std::string::npos);  // never the old machine suffix
    }
}

}  // namespace

TEST_CASE("nickname alternatives: a Japanese name gets a number and gentle Japanese words",
          "[moderation][nickname]") {
    const auto a = nickname_alternatives("くも");
    check_usable("くも", a);
    REQUIRE(a.size() == default_nick_alternatives);
    CHECK(a[0] == "くも2");
    // The next two are words, not more digits, each ending in the name itself.
    CHECK(a[1].size() > std::string("くも").size());
    CHECK(a[1].find("くも") == a[1].size() - std::string("くも").size());
    CHECK(a[1].find("の") != std::string::npos);
    CHECK(a[2].find("くも") == a[2].size() - std::string("くも").size());
    CHECK(a[2].find_first_of("0123456789") == std::string::npos);
    CHECK(contains(a, "くも3"));
    CHECK(contains(a, "くも4"));
    // Kanji and katakana names count as Japanese too.
    const auto kanji = nickname_alternatives("夜ふかし");
    check_usable("夜ふかし", kanji);
    CHECK(kanji[1].find("の夜ふかし") != std::string::npos);
    const auto kata = nickname_alternatives("ネコ");
    check_usable("ネコ", kata);
    CHECK(kata[1].find("のネコ") != std::string::npos);
}

TEST_CASE("nickname alternatives: a name ending in a number counts on", "[moderation][nickname]") {
    const auto a = nickname_alternatives("くも2");
    check_usable("くも2", a);
    CHECK(a[0] == "くも3");
    CHECK_FALSE(contains(a, "くも22"));
    CHECK(nickname_alternatives("b41")[0] == "b42");
    CHECK(nickname_alternatives("9")[0] == "10");
    // A long run of digits is part of the name, not a count to step.
    const auto digits = nickname_alternatives("ねこ1234567");
    check_usable("ねこ1234567", digits);
}

TEST_CASE("nickname alternatives: a Latin name gets English words in its own case",
          "[moderation][nickname]") {
    const auto a = nickname_alternatives("Cloud");
    check_usable("Cloud", a);
    REQUIRE(a.size() >= 3);
    CHECK(a[0] == "Cloud2");
    for (std::size_t i = 1; i < 3; ++i) {
        INFO(a[i]);
        CHECK(a[i].size() > 6);
        CHECK(a[i].substr(a[i].size() - 6) == " Cloud");
        CHECK(a[i][0] >= 'A');
        CHECK(a[i][0] <= 'Z');
    }
    const auto lower = nickname_alternatives("kumo");
    check_usable("kumo", lower);
    for (const std::string& s : lower) {
        INFO(s);
        CHECK(s.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos);
    }
    // Japanese words would not read as the same name for someone who wrote in Latin letters.
    for (const std::string& s : a) {
        CHECK(s.find("の") == std::string::npos);
    }
}

TEST_CASE("nickname alternatives: names at the length limit are cut to make room",
          "[moderation][nickname]") {
    const std::string full_ja = repeat("あ", max_nick_chars);
    const auto ja = nickname_alternatives(full_ja);
    check_usable(full_ja, ja);
    REQUIRE(ja.size() >= 3);
    CHECK(ja[0] == repeat("あ", max_nick_chars - 1) + "2");
    for (const std::string& s : ja) {
        CHECK(count_graphemes(s) == max_nick_chars);
    }

    const std::string full_latin = repeat("a", max_nick_chars);
    const auto latin = nickname_alternatives(full_latin);
    check_usable(full_latin, latin);
    REQUIRE(latin.size() >= 3);
    CHECK(latin[0] == repeat("a", max_nick_chars - 1) + "2");

    // A cut that lands after an inner space drops the space: "quiet aaaa" not "quiet aaa ".
    const std::string spaced = repeat("a", 17) + " bcdef1";
    check_usable(spaced, nickname_alternatives(spaced));

    // Emoji only: numbers, nothing else.
    const std::string families = repeat("👨‍👩‍👧", 9);
    REQUIRE(normalize_nickname(families).ok());
    const auto emoji = nickname_alternatives(families);
    check_usable(families, emoji);
    REQUIRE_FALSE(emoji.empty());
    CHECK(emoji[0] == families + "2");
    for (const std::string& s : emoji) {
        CHECK(s.find_first_of("0123456789") != std::string::npos);
    }

    // At the byte limit (14 family emoji are 252 bytes) a character is given up for the digit.
    const std::string heavy = repeat("👨‍👩‍👧", 14) + "abcd";
    REQUIRE(heavy.size() == max_nick_bytes);
    REQUIRE(normalize_nickname(heavy).ok());
    const auto cut = nickname_alternatives(heavy);
    check_usable(heavy, cut);
    REQUIRE(cut.size() >= 3);
    CHECK(cut[0] == repeat("👨‍👩‍👧", 14) + "abc2");
}

TEST_CASE("nickname alternatives: stable per name, varied between names",
          "[moderation][nickname]") {
    CHECK(nickname_alternatives("くも") == nickname_alternatives("くも"));
    CHECK(nickname_alternatives("くも", 2).size() == 2);
    CHECK(nickname_alternatives("", 3).empty());
    CHECK(nickname_alternatives("くも", 0).empty());
    // A word that is the name itself is skipped, not doubled.
    for (const std::string& s : nickname_alternatives("そら")) {
        CHECK(s != "そらのそら");
    }
    // Several names do not all get the same first word.
    std::set<std::string> first_words;
    for (const char* name : {"くも", "そら", "ねこ", "ほし", "うみ", "みどり"}) {
        const auto a = nickname_alternatives(name);
        REQUIRE(a.size() > 1);
        first_words.insert(a[1].substr(0, a[1].find("の")));
    }
    CHECK(first_words.size() > 1);
}
