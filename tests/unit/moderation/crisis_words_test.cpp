#include "moderation/crisis_words.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>

using namespace ibasho::moderation;

namespace {

std::string data_path(const char* name) {
    return std::string(IBASHO_SOURCE_DIR) + "/moderation/data/" + name;
}

const CrisisLexicon& shipped_lexicon() {
    static const CrisisLexicon lexicon = CrisisLexicon::from_files(
        data_path("crisis_lexicon.txt"), data_path("crisis_exclusions.txt"));
    return lexicon;
}

}  // namespace

TEST_CASE("crisis_words: stems match through folding and endings", "[moderation][crisis]") {
    const auto lexicon = CrisisLexicon::from_text("死にた\nしにた\nwant to die\n", "");
    CHECK(lexicon.matches("死にたい"));
    CHECK(lexicon.matches("もう死にたいです"));
    CHECK(lexicon.matches("死にたくて"));
    CHECK(lexicon.matches("ｼﾆﾀｲ"));
    CHECK(lexicon.matches("し に た い"));
    CHECK(lexicon.matches("I WANT to die."));
    CHECK_FALSE(lexicon.matches("死にそう"));
    CHECK_FALSE(lexicon.matches("I want to"));
    CHECK_FALSE(lexicon.matches(""));
    CHECK(lexicon.stem_count() == 3);
}

TEST_CASE("crisis_words: an exclusion suppresses only the match it covers",
          "[moderation][crisis]") {
    const auto lexicon =
        CrisisLexicon::from_text("死にた\n消えたい\n", "恥ずかしくて死にたい\n死にたくない\n");
    CHECK_FALSE(lexicon.matches("恥ずかしくて死にたい"));
    CHECK_FALSE(lexicon.matches("まだ死にたくないよ"));
    // The exclusion covers the first occurrence, not the second one.
    CHECK(lexicon.matches("恥ずかしくて死にたい。本当に死にたい"));
    // Another stem in the same message still counts.
    CHECK(lexicon.matches("恥ずかしくて死にたい、でも本当に消えたい"));
    // An exclusion elsewhere in the text does not cover the match.
    CHECK(lexicon.matches("死にたい。死にたくないとも思う"));
}

TEST_CASE("crisis_words: files are checked at load", "[moderation][crisis]") {
    CHECK_THROWS_AS(CrisisLexicon::from_text("# only a comment\n\n", ""), std::runtime_error);
    CHECK_THROWS_AS(CrisisLexicon::from_text("OD\n", ""), std::runtime_error);
    CHECK_THROWS_AS(CrisisLexicon::from_text("死にた\n", "\xff\xfe\n"), std::runtime_error);
    CHECK_THROWS_AS(CrisisLexicon::from_files(data_path("no_such_file.txt"),
                                              data_path("crisis_exclusions.txt")),
                    std::runtime_error);
    const auto lexicon = CrisisLexicon::from_text("# c\r\n  \r\n死にた\r\n", "");
    CHECK(lexicon.stem_count() == 1);
    CHECK(lexicon.matches("死にたい"));
}

TEST_CASE("crisis_words: the shipped lists load and cover the design's examples",
          "[moderation][crisis]") {
    const CrisisLexicon& lexicon = shipped_lexicon();
    CHECK(lexicon.stem_count() >= 100);
    CHECK(lexicon.exclusion_count() >= 30);
    for (const char* text : {"死にたい",
                             "消えたい",
                             "いなくなりたい",
                             "生きていたくない",
                             "楽になりたい",
                             "終わりにしたい",
                             "自殺",
                             "首を吊",
                             "飛び降りたい",
                             "リスカ",
                             "自傷",
                             "ODした",
                             "オーバードーズ",
                             "薬を大量に",
                             "遺書",
                             "want to die",
                             "kill myself",
                             "end it all",
                             "suicide",
                             "self harm",
                             "cut myself again",
                             "overdose",
                             "I wanna die tonight"}) {
        INFO(text);
        CHECK(lexicon.matches(text));
    }
    for (const char* text :
         {"お腹が空いて死にそう", "笑い死に", "死ぬほど笑った", "dying to see you",
          "I'm dead (laughing)", "キャラが死んだ", "暑くて死にそう", "good morning", "method"}) {
        INFO(text);
        CHECK_FALSE(lexicon.matches(text));
    }
}
