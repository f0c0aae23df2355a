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

TEST_CASE("crisis_words: a pair needs a word from each side, neither covered",
          "[moderation][crisis]") {
    const auto lexicon = CrisisLexicon::from_text("死にた\nブロン | デパス & 全部飲 | ためて\n",
                                                  "薬局\nためて置いた服\n");
    CHECK(lexicon.stem_count() == 1);
    CHECK(lexicon.pair_count() == 1);
    CHECK(lexicon.matches("ブロン全部飲んだ"));
    CHECK(lexicon.matches("ﾃﾞﾊﾟｽためてる"));
    // Either order, with words between.
    CHECK(lexicon.matches("全部飲んじゃおうかな、デパス"));
    CHECK_FALSE(lexicon.matches("薬局でブロンを買った"));
    CHECK_FALSE(lexicon.matches("ご飯全部食べた"));
    CHECK_FALSE(lexicon.matches("全部飲んだ"));
    // A covered partner does not count; an uncovered one elsewhere does.
    CHECK_FALSE(lexicon.matches("デパスもらって、ためて置いた服を着た"));
    CHECK(lexicon.matches("ためて置いた服を着た。デパスもためてる"));
    CHECK_THROWS_AS(CrisisLexicon::from_text("ブロン & \n", ""), std::runtime_error);
    CHECK_THROWS_AS(CrisisLexicon::from_text("ブロン | od & 全部\n", ""), std::runtime_error);
}

TEST_CASE("crisis_words: the shipped lists see through common evasions", "[moderation][crisis]") {
    const CrisisLexicon& lexicon = shipped_lexicon();
    for (const char* text : {"タヒにたい",
                             "ﾀﾋにたい",
                             "タ ヒ り た い",
                             "氏にたい",
                             "4にたい",
                             "しにたみ",
                             "きえたみ",
                             "死にてぇ",
                             "消えてぇ",
                             "死.に.た.い",
                             "し　に　た　い",
                             "shinitai",
                             "死にたいねん",
                             "生きとうない",
                             "odっちゃった",
                             "gonna kms",
                             "unalive myself",
                             "i cut again",
                             "took too many pills",
                             "i dont want to be here anymore"}) {
        INFO(text);
        CHECK(lexicon.matches(text));
    }
    for (const char* text :
         {"タヒチに行きたい", "またひとりで映画見た", "薬局でブロンを買った", "パブロン飲んで寝る",
          "kys is a mean thing to say", "kill the lights", "I took my pills", "屋上でお弁当",
          "電車に飛び乗った", "ドラマの遺書のシーン"}) {
        INFO(text);
        CHECK_FALSE(lexicon.matches(text));
    }
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
