#include "moderation/blocked_words.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "moderation/text_fold.hpp"
#include "moderation/utf8.hpp"

using namespace ibasho::moderation;
using nlohmann::json;

namespace {

const std::vector<std::string> open_room{"open"};
const std::vector<std::string> youth_room{"age_u20"};

std::optional<BlockedAction> match(const BlockedWords& words, std::string_view text,
                                   std::string_view room = "hiroba",
                                   const std::vector<std::string>& audiences = open_room) {
    return words.match(fold_for_matching(text), room, audiences);
}

BlockedWords list(const json& entries) {
    return BlockedWords::from_json(json{{"entries", entries}}.dump());
}

std::string problem_field(const json& body) {
    const auto p = BlockedWords::validate(body.dump());
    return p ? p->field : "";
}

std::string read_source(const std::string& relative) {
    std::ifstream in(std::string(IBASHO_SOURCE_DIR) + "/" + relative, std::ios::binary);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("blocked_words: a word matches through width, kana and case folding",
          "[moderation][blocked]") {
    const auto words = list({{{"word", "ヒキニート"}, {"action", "hide"}},
                             {{"word", "Send Pics"}, {"action", "alert"}}});
    CHECK(match(words, "お前ヒキニートだろ") == BlockedAction::hide);
    CHECK(match(words, "ひきにーと") == BlockedAction::hide);      // hiragana
    CHECK(match(words, "ﾋｷﾆｰﾄ") == BlockedAction::hide);           // half-width katakana
    CHECK(match(words, "ヒ キ ニ ー ト") == BlockedAction::hide);  // spaced out
    CHECK(match(words, "ＳＥＮＤ　ＰＩＣＳ") ==
          BlockedAction::alert);  // full-width, ideographic space
    CHECK(match(words, "pls send pics!!") == BlockedAction::alert);
    CHECK(match(words, "SENDPICS") == BlockedAction::alert);
    CHECK_FALSE(match(words, "ヒキコモリ"));
    CHECK_FALSE(match(words, "send a picture"));
    CHECK_FALSE(match(words, ""));
    CHECK(words.entry_count() == 2);
}

TEST_CASE("blocked_words: two-character words, ASCII and kana", "[moderation][blocked]") {
    const auto words =
        list({{{"word", "ky"}, {"action", "alert"}}, {{"word", "クズ"}, {"action", "hide"}}});
    CHECK(match(words, "KY") == BlockedAction::alert);
    CHECK(match(words, "お前 く ず") == BlockedAction::hide);
    CHECK(match(words, "ｸｽﾞ") == BlockedAction::hide);  // half-width ｸ + ｽ + ﾞ composes to ズ
    CHECK_FALSE(match(words, "k"));
    CHECK_FALSE(match(words, "くす"));
}

TEST_CASE("blocked_words: hide wins over alert, whichever comes first", "[moderation][blocked]") {
    const auto words = list({{{"word", "会おうよ"}, {"action", "alert"}},
                             {{"word", "死ねよ"}, {"action", "hide"}},
                             {{"word", "死ねよ"}, {"action", "alert"}}});
    CHECK(match(words, "会おうよ") == BlockedAction::alert);
    CHECK(match(words, "会おうよ、いや死ねよ") == BlockedAction::hide);
    CHECK(match(words, "死ねよ、会おうよ") == BlockedAction::hide);
    // The same word listed twice: the stronger entry counts.
    CHECK(match(words, "死ねよ") == BlockedAction::hide);
    CHECK(words.entry_count() == 3);
}

TEST_CASE("blocked_words: rooms and audiences scope an entry", "[moderation][blocked]") {
    const auto words = list({
        {{"word", "何歳"}, {"action", "alert"}, {"audiences", {"age_u20"}}},
        {{"word", "オフ会"}, {"action", "alert"}, {"rooms", {"hiroba", "age-20s"}}},
        {{"word", "家どこ"}, {"action", "hide"}, {"rooms", {"teens"}}, {"audiences", {"age_u20"}}},
        {{"word", "家どこ"}, {"action", "alert"}},
    });
    CHECK(match(words, "何歳?", "teens", youth_room) == BlockedAction::alert);
    CHECK_FALSE(match(words, "何歳?", "hiroba", open_room));
    // A room with several audiences: any one of them is enough.
    const std::vector<std::string> mixed{"women", "age_u20"};
    CHECK(match(words, "何歳?", "girls", mixed) == BlockedAction::alert);
    CHECK_FALSE(match(words, "何歳?", "girls", {}));

    CHECK(match(words, "オフ会しよう", "hiroba") == BlockedAction::alert);
    CHECK(match(words, "オフ会しよう", "age-20s", std::vector<std::string>{"age_20s"}) ==
          BlockedAction::alert);
    CHECK_FALSE(match(words, "オフ会しよう", "family"));

    // Both rooms and audiences must fit; otherwise the unscoped alert entry still counts.
    CHECK(match(words, "家どこ", "teens", youth_room) == BlockedAction::hide);
    CHECK(match(words, "家どこ", "teens", open_room) == BlockedAction::alert);
    CHECK(match(words, "家どこ", "hiroba", youth_room) == BlockedAction::alert);
}

TEST_CASE("blocked_words: bad bodies name the field", "[moderation][blocked]") {
    const json good{{"word", "死ねよ"}, {"action", "hide"}};
    CHECK_FALSE(BlockedWords::validate(json{{"entries", json::array({good})}}.dump()));
    CHECK_FALSE(BlockedWords::validate(R"({"entries":[]})"));  // an empty list is a choice
    CHECK_FALSE(BlockedWords::validate(
        json{{"_organisers", "note"}, {"entries", json::array({good})}}.dump()));

    CHECK(BlockedWords::validate("not json")->field == "body");
    CHECK(problem_field(json::array()) == "body");
    CHECK(problem_field(json::object()) == "entries");
    CHECK(problem_field({{"entries", "死ねよ"}}) == "entries");

    auto with = [&](json bad) {
        return json{{"entries", json::array({good, good, good, std::move(bad)})}};
    };
    CHECK(problem_field(with({{"word", "死ねよ"}, {"action", "delete"}})) == "entries[3].action");
    CHECK(problem_field(with({{"word", "死ねよ"}})) == "entries[3].action");
    CHECK(problem_field(with({{"action", "hide"}})) == "entries[3].word");
    CHECK(problem_field(with("死ねよ")) == "entries[3]");
    CHECK(problem_field(with({{"word", 42}, {"action", "hide"}})) == "entries[3].word");
    CHECK(problem_field(with({{"word", "   "}, {"action", "hide"}})) == "entries[3].word");
    CHECK(problem_field(with({{"word", std::string(101, 'a')}, {"action", "hide"}})) ==
          "entries[3].word");
    CHECK(problem_field(with({{"word", "a\u0001b"}, {"action", "hide"}})) == "entries[3].word");
    CHECK(problem_field(with({{"word", std::string(100, 'a')}, {"action", "hide"}})).empty());
    // Fewer than two characters once folded: "a", "死", "a b" is fine, "・a・" is not.
    CHECK(problem_field(with({{"word", "死"}, {"action", "hide"}})) == "entries[3].word");
    CHECK(problem_field(with({{"word", "・a・"}, {"action", "hide"}})) == "entries[3].word");
    CHECK(problem_field(with({{"word", "Ａ!"}, {"action", "hide"}})) == "entries[3].word");
    CHECK(problem_field(with({{"word", "a b"}, {"action", "hide"}})).empty());

    CHECK(problem_field(with({{"word", "死ねよ"}, {"action", "hide"}, {"rooms", json::array()}})) ==
          "entries[3].rooms");
    CHECK(problem_field(with({{"word", "死ねよ"}, {"action", "hide"}, {"rooms", "hiroba"}})) ==
          "entries[3].rooms");
    CHECK(problem_field(with({{"word", "死ねよ"}, {"action", "hide"}, {"rooms", {"Hiroba!"}}})) ==
          "entries[3].rooms");
    CHECK(problem_field(with({{"word", "死ねよ"}, {"action", "hide"}, {"audiences", {1}}})) ==
          "entries[3].audiences");
    CHECK(problem_field(with({{"word", "死ねよ"}, {"action", "hide"}, {"audiences", {"Youth"}}})) ==
          "entries[3].audiences");

    json many = json::array();
    for (int i = 0; i < 2001; ++i) {
        many.push_back({{"word", "w" + std::to_string(i)}, {"action", "alert"}});
    }
    CHECK(problem_field({{"entries", many}}) == "entries");
    many.erase(many.end() - 1);
    CHECK(problem_field({{"entries", many}}).empty());

    try {
        (void)BlockedWords::from_json(with({{"word", "死ねよ"}, {"action", "x"}}).dump());
        FAIL("from_json took a bad action");
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()).rfind("entries[3].action: ", 0) == 0);
    }
}

TEST_CASE("blocked_words: an empty list matches nothing", "[moderation][blocked]") {
    const BlockedWords none;
    CHECK_FALSE(match(none, "死ねよ"));
    CHECK(none.entry_count() == 0);
}

TEST_CASE(
    "blocked_words: the shipped list hides attacks, flags lures, and never hides a person "
    "speaking of themselves",
    "[moderation][blocked]") {
    const std::string body = read_source("moderation/data/blocked_words.json");
    REQUIRE_FALSE(BlockedWords::validate(body));
    const auto words = BlockedWords::from_json(body);
    CHECK(words.entry_count() >= 30);
    CHECK(json::parse(body)["_organisers"].is_string());

    for (const char* attack : {"お前が死ね", "氏ねよ", "ﾀﾋねよ", "さっさと死ね", "働け、クズ",
                               "ヒキニートは死ね", "KYS", "just kill yourself"}) {
        INFO(attack);
        CHECK(match(words, attack) == BlockedAction::hide);
    }
    for (const char* lure : {"今度会おうよ", "家どこ？", "オフ会しよう！", "写真送って",
                             "Where do you live?", "send pics", "let's meet up"}) {
        INFO(lure);
        CHECK(match(words, lure) == BlockedAction::alert);
    }
    CHECK(match(words, "何歳？", "teens", youth_room) == BlockedAction::alert);
    CHECK_FALSE(match(words, "何歳？", "hiroba", open_room));

    // Crisis words are answered with help, never hidden; ordinary talk is left alone. The
    // crisis near misses include talk *about* slurs ("kys is such a mean thing people say"),
    // which a word list cannot tell from the slur: a few may match, no more.
    std::size_t near_miss_matches = 0;
    for (const char* corpus : {"crisis_positive.txt", "crisis_positive_holdout.txt",
                               "crisis_near_miss.txt", "ordinary_talk.txt"}) {
        std::istringstream lines(
            read_source(std::string("tests/unit/moderation/corpus/") + corpus));
        std::string line;
        while (std::getline(lines, line)) {
            if (line.empty() || line[0] == '#') {
                continue;
            }
            INFO(corpus << ": " << line);
            const std::string name = corpus;
            if (name == "crisis_near_miss.txt") {
                near_miss_matches += match(words, line) ? 1 : 0;
                continue;
            }
            CHECK(match(words, line) != BlockedAction::hide);
            if (name == "ordinary_talk.txt") {
                CHECK_FALSE(match(words, line));
            }
        }
    }
    CHECK(near_miss_matches <= 2);
    for (const char* self :
         {"死ねたら楽なのに", "タヒねたら楽", "氏ねたらいいのに", "私はヒキニートです",
          "I want to die", "I'm a neet", "自分なんて生きてる価値ない"}) {
        INFO(self);
        CHECK(match(words, self) != BlockedAction::hide);
    }
}

// The brief's figure: a 200-character message against a few hundred entries. Not a pass/fail
// timing (the machine is shared); it prints the figures and checks the answers stayed right.
namespace {

double microseconds_per_match(const BlockedWords& words, const std::string& folded) {
    constexpr int rounds = 20000;
    int found = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < rounds; ++i) {
        found += words.match(folded, "hiroba", open_room).has_value() ? 1 : 0;
    }
    const auto t1 = std::chrono::steady_clock::now();
    CHECK(found == 0);
    return std::chrono::duration<double, std::micro>(t1 - t0).count() / rounds;
}

std::string about_200_characters(const std::string& sentence) {
    std::string text;
    while (count_code_points(text) < 200) {
        text += sentence;
    }
    return text;
}

}  // namespace

TEST_CASE("blocked_words: a 200-character message against 500 entries takes microseconds",
          "[moderation][blocked][timing]") {
    // Typical: 500 different words (two to four kana and kanji each, like a real list).
    const std::string pool =
        "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほ死殺会家写真";
    std::vector<std::string> chars;
    for (std::size_t i = 0; i < pool.size(); i += 3) {
        chars.push_back(pool.substr(i, 3));
    }
    json varied = json::array();
    std::uint32_t seed = 12345;
    auto next = [&seed] { return (seed = seed * 1103515245U + 12345U) >> 16; };
    for (int i = 0; i < 500; ++i) {
        std::string word;
        for (std::uint32_t n = 2 + next() % 3; n > 0; --n) {
            word += chars[next() % chars.size()];
        }
        varied.push_back({{"word", word + "ぱ"}, {"action", i % 2 == 0 ? "hide" : "alert"}});
    }
    const auto typical = list(varied);
    const std::string talk = fold_for_matching(
        about_200_characters("今日は学校で嫌なことがあったけど、話を聞いてくれてありがとう。"));
    const double typical_us = microseconds_per_match(typical, talk);

    // Unkind: 500 words sharing 7 beginnings, and a message full of those beginnings.
    json crowded = json::array();
    const std::vector<std::string> stems{"死ね", "くず", "会おう", "写真", "ばか", "kill", "meet"};
    for (int i = 0; i < 500; ++i) {
        crowded.push_back({{"word", stems[i % stems.size()] + std::to_string(i)},
                           {"action", i % 2 == 0 ? "hide" : "alert"},
                           {"audiences", {i % 3 == 0 ? "age_u20" : "open"}}});
    }
    const auto unkind = list(crowded);
    const std::string text = about_200_characters(
        "今日は会おうかなと思ったけど、写真を撮りに行ったよ。ばかみたいに暑い。kill time ");
    const double unkind_us = microseconds_per_match(unkind, fold_for_matching(text));

    WARN("blocked_words, 200 characters, 500 entries: "
         << typical_us << " us typical, " << unkind_us << " us with shared beginnings");
    CHECK(match(unkind, text + "写真10", "hiroba") == BlockedAction::hide);
}
