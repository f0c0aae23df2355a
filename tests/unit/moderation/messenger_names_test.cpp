#include "moderation/messenger_names.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace ibasho::moderation;

namespace {

// Each name found, as its text and 's' (strong) or 'w' (weak), e.g. "LINE:s ID:w".
std::string names_in(const std::string& text) {
    std::string out;
    for (const MessengerName& name : find_messenger_names(text)) {
        if (!out.empty()) {
            out += ' ';
        }
        out += text.substr(name.begin, name.end - name.begin);
        out += name.strength == NameStrength::strong ? ":s" : ":w";
    }
    return out;
}

}  // namespace

TEST_CASE("messenger names: ASCII names are whole words", "[moderation][names]") {
    CHECK(names_in("LINE ID: abc") == "LINE:s ID:w");
    CHECK(names_in("line: abc") == "line:w");
    CHECK(names_in("Line abc") == "Line:w");
    CHECK(names_in("LINEID:abc") == "LINE:s");  // "ID" is left for the pattern after the name
    CHECK(names_in("discord neko") == "discord:s");
    CHECK(names_in("kakao talk neko") == "kakao talk:s");
    CHECK(names_in("KakaoTalk neko") == "KakaoTalk:s");
    CHECK(names_in("user name: neko") == "user name:w");
    CHECK(names_in("e-mail: neko") == "mail:w");
    CHECK(names_in("skyline online instant lines") == "");
    CHECK(names_in("X(旧Twitter) neko") == "X:w 旧Twitter):s");
}

TEST_CASE("messenger names: katakana names are whole katakana words", "[moderation][names]") {
    CHECK(names_in("ライン abc") == "ライン:s");
    CHECK(names_in("私のライン: abc") == "ライン:s");
    CHECK(names_in("インスタグラム abc") == "インスタグラム:s");
    CHECK(names_in("カカオトーク abc") == "カカオトーク:s");
    CHECK(names_in("アカウント: abc") == "アカウント:w");
    CHECK(names_in("裏垢: abc") == "裏垢:w");
    CHECK(names_in("オンライン abc") == "");
    CHECK(names_in("ガイドライン abc") == "");
    CHECK(names_in("インスタント abc") == "");
    CHECK(names_in("ラインナップ abc") == "");
}

TEST_CASE("messenger names: Japanese names only matter shortly before ASCII text",
          "[moderation][names]") {
    // No ASCII at all: no id can follow, nothing is looked for.
    CHECK(names_in("ラインで話そう") == "");
    // Far from any ASCII text.
    std::string far = "ライン";
    for (int i = 0; i < 40; ++i) {
        far += "ね";
    }
    CHECK(names_in(far + "abc") == "");
    // White space does not count towards the distance: the patterns allow any amount of it.
    CHECK(names_in("ライン" + std::string(300, ' ') + "abc") == "ライン:s");
}

TEST_CASE("messenger names: anywhere finds Japanese names with no ASCII near",
          "[moderation][names]") {
    const auto names_anywhere = [](const std::string& text) {
        std::string out;
        for (const MessengerName& name : find_messenger_names_anywhere(text)) {
            out += (out.empty() ? "" : " ") + text.substr(name.begin, name.end - name.begin);
        }
        return out;
    };
    CHECK(names_in("インスタ：さくら") == "");  // no ASCII: the regex path has nothing to find
    CHECK(names_anywhere("インスタ：さくら") == "インスタ");
    CHECK(names_anywhere("ラインのIDはさくら") == "ライン ID");
    CHECK(names_anywhere("オンラインで話す") == "");
    CHECK(names_anywhere("LINE: abc") == "LINE");
}
