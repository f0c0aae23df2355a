#include "moderation/nickname.hpp"
#include "moderation/grapheme.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ibasho::moderation;
using namespace std::string_literals;

namespace {

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

NickProblem problem_of(const std::string& raw) {
    return normalize_nickname(raw).problem;
}

// The nickname as accepted, or a marker naming the problem, so a failing CHECK shows both.
std::string nick_of(const std::string& raw) {
    const NickResult result = normalize_nickname(raw);
    return result.ok() ? result.nick : "<" + std::string(to_string(result.problem)) + ">";
}

}  // namespace

TEST_CASE("nickname: Japanese nicknames pass unchanged", "[moderation][nickname]") {
    CHECK(nick_of("ねこ") == "ねこ");
    CHECK(nick_of("ひきこもり歴10年") == "ひきこもり歴10年");
    CHECK(nick_of("夜ふかし") == "夜ふかし");
    CHECK(nick_of("Taro") == "Taro");
    const NickResult ok = normalize_nickname("ねこ");
    CHECK(ok.ok());
    CHECK(ok.problem == NickProblem::none);
}

TEST_CASE("nickname: NFKC folds width variants", "[moderation][nickname]") {
    CHECK(nick_of("ＡＢＣ") == "ABC");
    CHECK(nick_of("ｎｅｋｏ１２") == "neko12");
    CHECK(nick_of("ﾈｺ") == "ネコ");         // half-width katakana -> full-width
    CHECK(nick_of("ｶﾞｯｺｳ") == "ガッコウ");  // with the voiced mark composed
    CHECK(nick_of("ね　こ") == "ね こ");    // ideographic space -> ASCII space
    CHECK(nick_of("①ねこ") == "1ねこ");
}

TEST_CASE("nickname: white space is trimmed and collapsed", "[moderation][nickname]") {
    CHECK(nick_of("  ねこ  ") == "ねこ");
    CHECK(nick_of("ね   こ") == "ね こ");
    CHECK(nick_of("\tね\n \u3000こ\r\n") == "ね こ");
    CHECK(nick_of("a\u00A0b") == "a b");           // no-break space
    CHECK(nick_of("\u2800ねこ\u2800") == "ねこ");  // braille blank renders as a space
}

TEST_CASE("nickname: empty and white-space-only are empty", "[moderation][nickname]") {
    CHECK(problem_of("") == NickProblem::empty);
    CHECK(problem_of(" ") == NickProblem::empty);
    CHECK(problem_of("   \t  ") == NickProblem::empty);
    CHECK(problem_of("\u3000\u3000") == NickProblem::empty);
    CHECK(problem_of("\u2800") == NickProblem::empty);
    CHECK(normalize_nickname("  ").nick.empty());
}

TEST_CASE("nickname: emoji count as one character each and survive", "[moderation][nickname]") {
    CHECK(nick_of("👍") == "👍");
    CHECK(nick_of("ねこ🐈") == "ねこ🐈");
    CHECK(nick_of("🇯🇵") == "🇯🇵");
    CHECK(nick_of("👨‍👩‍👧") == "👨‍👩‍👧");  // man ZWJ woman ZWJ girl
    CHECK(nick_of("👩🏽‍💻") == "👩🏽‍💻");        // skin tone, then ZWJ
    CHECK(nick_of("🏳️‍🌈") == "🏳️‍🌈");          // VS16, then ZWJ
    CHECK(nick_of("❤️") == "❤️");
    CHECK(nick_of("1️⃣") == "1️⃣");  // keycap: digit, VS16, combining keycap
    const std::string scotland =
        "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074"
        "\U000E007F";
    CHECK(nick_of(scotland) == scotland);

    CHECK(count_graphemes("👨‍👩‍👧") == 1);
    CHECK(count_graphemes("🇯🇵") == 1);
    CHECK(count_graphemes(scotland) == 1);
    // 23 kana and one family: exactly 24 characters although the family is 5 code points.
    CHECK(normalize_nickname(repeat("あ", 23) + "👨‍👩‍👧").ok());
    CHECK(problem_of(repeat("あ", 24) + "👨‍👩‍👧") == NickProblem::too_long);
}

TEST_CASE("nickname: a kanji variation sequence survives", "[moderation][nickname]") {
    const std::string katsushika = "葛\U000E0100飾";
    CHECK(nick_of(katsushika) == katsushika);
}

TEST_CASE("nickname: 24 characters fit, 25 do not", "[moderation][nickname]") {
    CHECK(nick_of(repeat("あ", 24)) == repeat("あ", 24));
    CHECK(problem_of(repeat("あ", 25)) == NickProblem::too_long);
    CHECK(nick_of(repeat("a", 24)) == repeat("a", 24));
    CHECK(problem_of(repeat("a", 25)) == NickProblem::too_long);
    CHECK(nick_of(repeat("👍", 24)) == repeat("👍", 24));
    CHECK(problem_of(repeat("👍", 25)) == NickProblem::too_long);
    // Trimmed white space does not count.
    CHECK(nick_of("  " + repeat("あ", 24) + "  ") == repeat("あ", 24));
    // Inner spaces do.
    CHECK(problem_of(repeat("あ ", 12) + "あ") == NickProblem::too_long);
    // Full-width letters are counted after folding, one each.
    CHECK(nick_of(repeat("Ａ", 24)) == repeat("A", 24));
}

TEST_CASE("nickname: oversized input is too_long", "[moderation][nickname]") {
    CHECK(problem_of(std::string(max_nick_input_bytes + 1, 'a')) == NickProblem::too_long);
    // 24 characters, but each a long emoji sequence: over the byte budget.
    CHECK(problem_of(repeat("👨‍👩‍👧‍👦", 24)) == NickProblem::too_long);
    // "Zalgo": one letter carrying many combining marks.
    CHECK(problem_of("ね" + repeat("\u0301", max_marks_per_char + 1)) == NickProblem::too_long);
    CHECK(normalize_nickname("ne" + repeat("\u0301", 2)).ok());
}

TEST_CASE("nickname: control and invisible characters are rejected", "[moderation][nickname]") {
    CHECK(problem_of("ね\x01こ") == NickProblem::control_character);
    CHECK(problem_of("ねこ\x7F") == NickProblem::control_character);
    CHECK(problem_of("ね\x1B[31mこ") == NickProblem::control_character);      // ANSI escape
    CHECK(problem_of("ね\u0080こ") == NickProblem::control_character);        // C1 control
    CHECK(problem_of("abc\u202Etxt.exe") == NickProblem::control_character);  // RLO
    CHECK(problem_of("\u202Dねこ") == NickProblem::control_character);        // LRO
    CHECK(problem_of("ね\u2066こ\u2069") == NickProblem::control_character);  // isolates
    CHECK(problem_of("ね\u200Bこ") == NickProblem::control_character);        // zero-width space
    CHECK(problem_of("ね\u200Cこ") == NickProblem::control_character);        // ZWNJ
    CHECK(problem_of("ね\u200Dこ") == NickProblem::control_character);        // ZWJ outside emoji
    CHECK(problem_of("👍\u200D") == NickProblem::control_character);           // dangling ZWJ
    CHECK(problem_of("\u200D👍") == NickProblem::control_character);
    CHECK(problem_of("\uFEFFねこ") == NickProblem::control_character);      // BOM
    CHECK(problem_of("ね\u00ADこ") == NickProblem::control_character);      // soft hyphen
    CHECK(problem_of("\u3164") == NickProblem::control_character);          // Hangul filler
    CHECK(problem_of("ね\uFE0Fこ") == NickProblem::control_character);      // VS16 on a kana
    CHECK(problem_of("ね\u034Fこ") == NickProblem::control_character);      // grapheme joiner
    CHECK(problem_of("\uE000") == NickProblem::control_character);          // private use
    CHECK(problem_of("ね\U000E0067こ") == NickProblem::control_character);  // stray tag
    CHECK(problem_of("ね"s + '\0' + "こ") == NickProblem::control_character);
    CHECK(normalize_nickname("ね\u202Eこ").nick.empty());
}

TEST_CASE("nickname: invalid UTF-8 is invalid_encoding", "[moderation][nickname]") {
    CHECK(problem_of("\xFF") == NickProblem::invalid_encoding);
    CHECK(problem_of("ねこ\xE3\x81") == NickProblem::invalid_encoding);
    CHECK(problem_of("\xC0\xAF") == NickProblem::invalid_encoding);
}

TEST_CASE("nickname: contact details are rejected", "[moderation][nickname]") {
    CHECK(problem_of("090-1234-5678") == NickProblem::contact_details);
    CHECK(problem_of("ねこ09012345678") == NickProblem::contact_details);
    CHECK(problem_of("０９０ー１２３４ー５６７８") == NickProblem::contact_details);
    CHECK(problem_of("neko@example.com") == NickProblem::contact_details);
    CHECK(problem_of("ｎｅｋｏ＠ｅｘａｍｐｌｅ．ｃｏｍ") == NickProblem::contact_details);
    CHECK(problem_of("example.com") == NickProblem::contact_details);
    CHECK(problem_of("https://x.example") == NickProblem::contact_details);
    CHECK(problem_of("@neko_chan") == NickProblem::contact_details);
    CHECK(problem_of("LINE:nekoneko") == NickProblem::contact_details);
    CHECK(problem_of("インスタ neko_123") == NickProblem::contact_details);
    // Not contact details.
    CHECK(normalize_nickname("ねこ@みんな").ok());
    CHECK(normalize_nickname("LINE好き").ok());
    CHECK(normalize_nickname("2026年の春").ok());
}

TEST_CASE("nickname: problems have stable snake_case names", "[moderation][nickname]") {
    CHECK(to_string(NickProblem::none) == "none");
    CHECK(to_string(NickProblem::empty) == "empty");
    CHECK(to_string(NickProblem::too_long) == "too_long");
    CHECK(to_string(NickProblem::control_character) == "control_character");
    CHECK(to_string(NickProblem::contact_details) == "contact_details");
    CHECK(to_string(NickProblem::invalid_encoding) == "invalid_encoding");
}
