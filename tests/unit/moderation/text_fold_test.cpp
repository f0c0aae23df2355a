#include "moderation/text_fold.hpp"

#include <catch2/catch.hpp>

using namespace ibasho::moderation;

TEST_CASE("text_fold: spellings of one phrase meet", "[moderation][text_fold]") {
    CHECK(fold_for_matching("しにたい") == "しにたい");
    CHECK(fold_for_matching("し に た い") == "しにたい");
    CHECK(fold_for_matching("し　に　た　い") == "しにたい");
    CHECK(fold_for_matching("シニタイ") == "しにたい");
    CHECK(fold_for_matching("ｼﾆﾀｲ") == "しにたい");
    CHECK(fold_for_matching("し・に・た・い…") == "しにたい");
    CHECK(fold_for_matching("しにたい！？") == "しにたい");
    CHECK(fold_for_matching("しにたい〜～") == "しにたい");
    CHECK(fold_for_matching("「しにたい」。、") == "しにたい");
}

TEST_CASE("text_fold: katakana edges and the long-vowel mark", "[moderation][text_fold]") {
    CHECK(fold_for_matching("ァヶ") == "ぁゖ");  // U+30A1 and U+30F6, the ends of the range
    CHECK(fold_for_matching("オーバー") == "おーばー");
    CHECK(fold_for_matching("ｶﾞ") == "が");
    // U+30F7 (ヷ) has no hiragana partner and stays.
    CHECK(fold_for_matching("ヷ") == "ヷ");
}

TEST_CASE("text_fold: Latin is lower-cased and ASCII punctuation dropped",
          "[moderation][text_fold]") {
    CHECK(fold_for_matching("I Want To DIE") == "iwanttodie");
    CHECK(fold_for_matching("ＷＡＮＴ ｔｏ") == "wantto");
    CHECK(fold_for_matching("don't, can't!") == "dontcant");
    CHECK(fold_for_matching("ÉCOLE") == "école");
    CHECK(fold_for_matching("×") == "×");
    CHECK(fold_for_matching("a\tb\nc") == "abc");
    CHECK(fold_for_matching("０９０") == "090");
}

TEST_CASE("text_fold: kanji and other text pass through", "[moderation][text_fold]") {
    CHECK(fold_for_matching("死にたい") == "死にたい");
    CHECK(fold_for_matching("") == "");
    CHECK(fold_for_matching("   ") == "");
    CHECK(fold_for_matching("😢") == "😢");
}

TEST_CASE("text_fold: katakana タヒ is the dodge spelling of 死", "[moderation][text_fold]") {
    CHECK(fold_for_matching("タヒにたい") == "死にたい");
    CHECK(fold_for_matching("ﾀﾋにたい") == "死にたい");
    CHECK(fold_for_matching("タ ヒ に た い") == "死にたい");
    CHECK(fold_for_matching("もうタヒりたい") == "もう死りたい");
    CHECK(fold_for_matching("タヒチに行きたい") == "死ちに行きたい");
    // Hiragana "たひ" is ordinary text, and a lone タ or ヒ folds as before.
    CHECK(fold_for_matching("またひとり") == "またひとり");
    CHECK(fold_for_matching("タイ ヒト") == "たいひと");
    CHECK(fold_for_matching("タタヒ") == "た死");
}
