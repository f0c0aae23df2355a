#include "moderation/contact_shield.hpp"
#include "moderation/contact_patterns.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ibasho::moderation;

namespace {

// Writes the expected output with "[M]" standing for the mask, so the tables stay readable.
std::string expand(std::string expected) {
    const std::string marker = "[M]";
    for (auto at = expected.find(marker); at != std::string::npos;
         at = expected.find(marker, at + contact_mask.size())) {
        expected.replace(at, marker.size(), contact_mask);
    }
    return expected;
}

struct Case {
    const char* input;
    const char* expected;  // "[M]" marks each mask
};

void check_masked(const Case& c) {
    INFO("input: " << c.input);
    const ShieldResult result = shield_contacts(c.input);
    CHECK(result.text == expand(c.expected));
    CHECK(result.masked);
    CHECK(has_contact_details(c.input));
    // The output is clean: shielding again changes nothing.
    const ShieldResult again = shield_contacts(result.text);
    CHECK(again.text == result.text);
    CHECK_FALSE(again.masked);
}

void check_kept(const char* input) {
    INFO("input: " << input);
    const ShieldResult result = shield_contacts(input);
    CHECK(result.text == input);
    CHECK_FALSE(result.masked);
    CHECK_FALSE(has_contact_details(input));
}

}  // namespace

TEST_CASE("contact shield: every pattern compiles", "[moderation][shield]") {
    // A pattern that failed to compile would make every message fail closed.
    for (const ContactRule rule : contact_rules) {
        CHECK(contact_pattern(rule) != nullptr);
    }
    CHECK(after_name_pattern(NameStrength::strong) != nullptr);
    CHECK(after_name_pattern(NameStrength::weak) != nullptr);
}

TEST_CASE("contact shield: the mask is the documented text", "[moderation][shield]") {
    CHECK(contact_mask == "［連絡先は表示されません］");
    const ShieldResult result = shield_contacts("090-1234-5678");
    CHECK(result.text == std::string(contact_mask));
    CHECK(result.text.find("090") == std::string::npos);
}

TEST_CASE("contact shield: Japanese phone numbers in every common form", "[moderation][shield]") {
    const Case cases[] = {
        {"電話は090-1234-5678です", "電話は[M]です"},
        {"09012345678", "[M]"},
        {"03-1234-5678にどうぞ", "[M]にどうぞ"},
        {"(03)1234-5678", "[M]"},
        {"03(1234)5678", "[M]"},
        {"080 1234 5678", "[M]"},
        {"090.1234.5678", "[M]"},
        {"050-1234-5678", "[M]"},
        {"+81 90 1234 5678", "[M]"},
        {"+81-90-1234-5678まで", "[M]まで"},
        {"+81 (0)90-1234-5678", "[M]"},
        {"よりそいホットライン 0120-279-338", "よりそいホットライン [M]"},
        {"0570-783-556", "[M]"},
        {"０９０ー１２３４ー５６７８", "[M]"},
        {"番号は０９０－１２３４－５６７８だよ", "番号は[M]だよ"},
        {"０９０１２３４５６７８", "[M]"},
        {"ﾃﾞﾝﾜ 090ｰ1234ｰ5678", "ﾃﾞﾝﾜ [M]"},
        {"0 9 0 1 2 3 4 5 6 7 8", "[M]"},
        {"０ ９ ０ １ ２ ３ ４ ５ ６ ７ ８", "[M]"},
        {"090 - 1234 - 5678", "[M]"},
        {"tel:090-1234-5678", "tel:[M]"},
        {"番号 9012345678 ね", "番号 [M] ね"},  // leading 0 dropped
        {"090-1234-5678 と 03-1234-5678", "[M] と [M]"},
    };
    for (const Case& c : cases) {
        check_masked(c);
    }
}

TEST_CASE("contact shield: phone numbers in kanji and kana digits", "[moderation][shield]") {
    const Case cases[] = {
        {"〇九〇一二三四五六七八", "[M]"},
        {"電話は〇九〇の一二三四の五六七八です", "電話は[M]です"},
        {"零九零一二三四五六七八", "[M]"},
        {"〇三、一二三四、五六七八", "[M]"},
        {"○九○・一二三四・五六七八", "[M]"},
        {"ぜろきゅうぜろいちにさんよんごろくななはち", "[M]"},
        {"ゼロキューゼロ イチニーサンヨン ゴーロクナナハチ", "[M]"},
        {"ｾﾞﾛｷｭｰｾﾞﾛ ｲﾁﾆｻﾝﾖﾝ ｺﾞﾛｸﾅﾅﾊﾁ", "[M]"},
        {"れいきゅうれい いちにさんし ごろくしちはち", "[M]"},
        {"まるきゅうまる いちにさんよん ごろくななはち", "[M]"},
        {"ゼロ九〇の一二三四の五六七八", "[M]"},
        {"090の一二三四の5678だよ", "[M]だよ"},
        {"090の1234の5678", "[M]"},
        {"０９０の１２３４の５６７８", "[M]"},
        {"+81 九〇 一二三四 五六七八", "[M]"},
        // A one-character reading after the last kanji digit is the particle it also is.
        {"〇三一二三四五六七八にかけて", "[M]にかけて"},
        {"〇九〇一二三四五六七八にかけて", "[M]にかけて"},
        {"番号は一二三 〇九〇一二三四五六七八", "番号は一二三 [M]"},
    };
    for (const Case& c : cases) {
        check_masked(c);
    }
}

TEST_CASE("contact shield: e-mail addresses spelled in kana", "[moderation][shield]") {
    const Case cases[] = {
        {"さくら あっとまーく じーめーる どっと こむ", "[M]"},
        {"さくら あっと じーめーる", "[M]"},
        {"サクラ アットマーク ジーメール ドット コム です", "[M] です"},
        {"sakura@やふー", "[M]"},
        {"sakura@じーめーる.com", "[M]"},
        {"メールは sakura あっと やふー どっと じぇーぴー です", "メールは [M] です"},
        {"もち あっと ぷろばいだ どっと ねっと", "[M]"},
        {"さくら@gmail.com", "[M]"},
        // Tight kana before the "@" word: the run of one script is taken, particle and all.
        {"メールはさくらあっとまーくじーめーるどっとこむです", "メール[M]です"},
    };
    for (const Case& c : cases) {
        check_masked(c);
    }
}

TEST_CASE("contact shield: messenger ids in kana", "[moderation][shield]") {
    const Case cases[] = {
        {"ラインのIDはさくらもち", "ラインのIDは[M]"},
        {"ラインのIDはさくらもちだよ", "ラインのIDは[M]だよ"},
        {"ラインさくら123", "ライン[M]"},
        {"ライン さくら123 で", "ライン [M] で"},
        {"インスタ：さくら", "インスタ：[M]"},
        {"インスタはさくら_99です", "インスタは[M]です"},
        {"LINE: さくらもち", "LINE: [M]"},
        {"らいんのIDは、さくら", "らいんのIDは、[M]"},
        {"ディスコードのIDは ねこまる です", "ディスコードのIDは [M] です"},
        {"ユーザー名：さくらもち", "ユーザー名：[M]"},
        {"アカウント名は さくら99", "アカウント名は [M]"},
        {"ラインのアイディーはサクラモチ", "ラインのアイディーは[M]"},
        {"ツイッター→さくらもち", "ツイッター→[M]"},
    };
    for (const Case& c : cases) {
        check_masked(c);
    }
}

TEST_CASE("contact shield: Japanese talk with numbers is delivered as written",
          "[moderation][shield]") {
    const char* const kept[] = {
        "二時半に起きた",
        "午後三時",
        "十二月一日",
        "二〇二六年",
        "二〇二五年一二月三一日",
        "五百円",
        "1,200円",
        "三十代",
        "二十歳",
        "三回",
        "一二三人",
        "「一二三」って漫画",
        "五年ひきこもってる",
        "090ってなに？",
        "090と080",
        "ゼロから始める",
        "いちにのさん",
        "いちにさんしごろくしちはち",
        "〇〇〇〇年〇〇月〇〇日",
        "まるで夢みたい",
        "きれいにごろごろ",
        "あっという間",
        "あっと驚いた",
        "どっと疲れた",
        "インスタはやってない",
        "インスタやってる？",
        "ラインで話そう",
        "ラインのIDはひみつ",
        "ライン: まだ",
        "メール：あとで",
        "ID ドット",
        "#いのちSOS",
        "［連絡先は表示されません］は［連絡先は表示されません］",
    };
    for (const char* input : kept) {
        check_kept(input);
    }
}

TEST_CASE("contact shield: masks counts the spans replaced", "[moderation][shield]") {
    CHECK(shield_contacts("こんにちは").masks == 0);
    CHECK(shield_contacts("090-1234-5678").masks == 1);
    CHECK(shield_contacts("090-1234-5678 と 〇三の一二三四の五六七八").masks == 2);
    // Overlapping finds (an "@handle" inside an address) are one mask.
    CHECK(shield_contacts("neko@example.com").masks == 1);
    CHECK(shield_contacts("abc\xFF").masks == 1);  // failed closed: one mask for the whole
}

TEST_CASE("contact shield: e-mail addresses, also spelled out", "[moderation][shield]") {
    const Case cases[] = {
        {"neko@example.com", "[M]"},
        {"連絡は neko.taro+chat@example.co.jp まで", "連絡は [M] まで"},
        {"連絡はneko@gmailで", "連絡は[M]で"},
        {"ｎｅｋｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "[M]"},
        {"name＠example．com", "[M]"},
        {"NEKO@EXAMPLE.COM", "[M]"},
        {"neko @ example.com", "[M]"},
        {"name at example dot com", "[M]"},
        {"name (at) example (dot) com", "[M]"},
        {"name [at] example [dot] com", "[M]"},
        {"neko あっと gmail どっと com", "[M]"},
        {"nekoアットマークgmailドットcom", "[M]"},
        {"neko@example dot com", "[M]"},
        {"...neko@example.com", "...[M]"},
    };
    for (const Case& c : cases) {
        check_masked(c);
    }
}

TEST_CASE("contact shield: URLs and bare domains", "[moderation][shield]") {
    const Case cases[] = {
        {"ここ見て https://example.com/path?a=1 ね", "ここ見て [M] ね"},
        {"http://example.com", "[M]"},
        {"ttp://example.com", "[M]"},
        {"hxxps://evil.example/x", "[M]"},
        {"https://example.comを見て", "[M]を見て"},
        {"www.example.com", "[M]"},
        {"www.example", "[M]"},
        {"example.com", "[M]"},
        {"example.comで見てね", "[M]で見てね"},
        {"EXAMPLE.COM", "[M]"},
        {"ｅｘａｍｐｌｅ．ｃｏｍ", "[M]"},
        {"t.me/xyz", "[M]"},
        {"bit.ly/abc123", "[M]"},
        {"line.me/ti/p/abc", "[M]"},
        {"lin.ee/abcd", "[M]"},
        {"discord.gg/abcd", "[M]"},
        {"instagram.com/neko", "[M]"},
        {"youtu.be/abc", "[M]"},
        {"example.co.jp", "[M]"},
        {"example dot com", "[M]"},
        {"example(dot)com", "[M]"},
        {"example ドット com", "[M]"},
        {"ここ→example.net/abc←", "ここ→[M]←"},
    };
    for (const Case& c : cases) {
        check_masked(c);
    }
}

TEST_CASE("contact shield: messenger handles", "[moderation][shield]") {
    const Case cases[] = {
        {"LINE ID: neko123", "LINE ID: [M]"},
        {"LINE ID neko123", "LINE ID [M]"},
        {"LINE: abc", "LINE: [M]"},
        {"LINE abc123 で", "LINE [M] で"},
        {"line: nekoneko", "line: [M]"},
        {"LINEID:neko", "LINEID:[M]"},
        {"LINEのIDはneko_123だよ", "LINEのIDは[M]だよ"},
        {"ＬＩＮＥ：ｎｅｋｏ", "ＬＩＮＥ：[M]"},
        {"ライン: abc", "ライン: [M]"},
        {"ﾗｲﾝ abc123", "ﾗｲﾝ [M]"},
        {"らいん abc123", "らいん [M]"},
        {"私のライン: abc", "私のライン: [M]"},
        {"discord: xxx#1234", "discord: [M]"},
        {"Discord neko#1234", "Discord [M]"},
        {"ディスコ nekoneko", "ディスコ [M]"},
        {"@neko_chan にDMして", "[M] にDMして"},
        {"@nek", "[M]"},
        {"＠ｎｅｋｏ", "[M]"},
        {"インスタ neko.chan", "インスタ [M]"},
        {"インスタはneko_chanです", "インスタは[M]です"},
        {"insta: neko", "insta: [M]"},
        {"X(旧Twitter) @neko_chan", "X(旧Twitter) [M]"},
        {"X（旧Twitter）neko_chan", "X（旧Twitter）[M]"},
        {"X: neko_chan", "X: [M]"},
        {"twitter nekochan", "twitter [M]"},
        {"カカオ: nekochan", "カカオ: [M]"},
        {"カカオトークID nekochan", "カカオトークID [M]"},
        {"kakao talk nekochan", "kakao talk [M]"},
        {"telegram nekochan", "telegram [M]"},
        {"テレグラム: neko", "テレグラム: [M]"},
        {"ID: neko1234", "ID: [M]"},
        {"IDはneko1234", "IDは[M]"},
        {"LINE: 09012345678", "LINE: [M]"},
        {"LINE: https://line.me/R/ti/p/abc", "LINE: [M]"},
        {"LINE: abc@example.com", "LINE: [M]"},
        {"skype: live:neko", "skype: [M]"},
        {"user name: nekochan", "user name: [M]"},
        {"e-mail: nekochan", "e-mail: [M]"},
        {"KakaoTalk: nekochan", "KakaoTalk: [M]"},
        {"(旧Twitter) neko_chan", "(旧Twitter) [M]"},
        {"旧ツイッター neko_chan", "旧ツイッター [M]"},
        {"裏垢: neko_chan", "裏垢: [M]"},
        {"ライン      abc123", "ライン      [M]"},
    };
    for (const Case& c : cases) {
        check_masked(c);
    }
}

TEST_CASE("contact shield: several details, the rest of the sentence intact",
          "[moderation][shield]") {
    const Case cases[] = {
        {"よかったらLINE: abc か 090-1234-5678 に連絡して、example.com も見てね😊",
         "よかったらLINE: [M] か [M] に連絡して、[M] も見てね😊"},
        {"メールは neko@example.com、インスタは neko_chan。またね",
         "メールは [M]、インスタは [M]。またね"},
    };
    for (const Case& c : cases) {
        check_masked(c);
    }
}

// Found by tests/fuzz/fuzz_nick_shield: a "www." glued to a phone number starts no word until
// the number is masked, so one pass delivered the link and a second pass masked it.
TEST_CASE("contact shield: a detail glued to a masked one is masked too, in one call",
          "[moderation][shield]") {
    const Case cases[] = {
        {"連絡は09012345678www.hikari-no-heya.ninjaまで", "連絡は[M][M]まで"},
        {"444444444444www.444444444\uFE0F444444444L0", "[M][M]\uFE0F444444444L0"},
    };
    for (const Case& c : cases) {
        check_masked(c);  // which shields the output again, and expects no change
    }
}

TEST_CASE("contact shield: ordinary text is delivered as written", "[moderation][shield]") {
    const char* const kept[] = {
        "",
        "こんばんは。今日も眠れなくて",
        "23:45に寝た",
        "01:30まで起きてた",
        "2026/11/25",
        "2026/11/25 23:45",
        "2026-11-25",
        "2026.11.25",
        "2026年11月25日",
        "平成12年から",
        "3人で話した",
        "100円ショップに行けた",
        "10,000円",
        "1〜2時間くらい",
        "1~2時間",
        "10年ひきこもってた",
        "50%くらい",
        "1.5倍",
        "3.14",
        "123-4567",   // postal code: 7 digits
        "1234-5678",  // 8 digits, no area code: not masked (documented limit)
        "100-200人",
        "0時から3時まで",
        "ここにいるよ😊",
        "👨‍👩‍👧 🇯🇵 👍🏽",
        "Mr.Children好き",
        "node.jsを勉強中",
        "ver.2.1",
        "e.g. this",
        "No.1",
        "file.txt",
        "@みんな おはよう",
        "1個@100円",
        "I'm at home",
        "see you at 3",
        "電話するのが怖い",
        "メールが怖い",
        "LINEやってる？",
        "LINEの通知が怖い",
        "ラインで話そう",
        "オンラインで会えたら",
        "ガイドラインを読んだ",
        "スカイラインGT-R",
        "インスタント食品",
        "インスタ見た",
        "X(旧Twitter)やめた",
        "IDを忘れた",
        "アカウント消した",
        "カカオ70%のチョコ",
        "カカオ 100%",
        "X: 23:45",
        "LINE: ok",
        "wwwww",
        "それなwww.そうだね",
        "［連絡先は表示されません］",
    };
    for (const char* input : kept) {
        check_kept(input);
    }
}

TEST_CASE("contact shield: text that is not UTF-8 is masked whole", "[moderation][shield]") {
    const ShieldResult result = shield_contacts("abc\xFF");
    CHECK(result.text == std::string(contact_mask));
    CHECK(result.masked);
    CHECK(has_contact_details("abc\xFF"));
}

TEST_CASE("contact shield: long and hostile input scans in time", "[moderation][shield]") {
    // Inputs shaped to make a backtracking engine retry at every position, four times the
    // longest message the protocol allows. The time limit counts engine steps, not time, so
    // this does not depend on machine load; a scan that hit it would fail closed and mask, so
    // an unchanged text proves every scan finished.
    const char* const units[] = {
        "a.",           "a-",         "a..",        "1 ",       "x(",     "%id", "abcdefgh",
        ".bbbb..b",     "aドット",    "ドット id ", "@@",       "@a ",    "ID ", "ライン ",
        "0ライン 00",   "ぜろ",       "〇〇",       "れい、",   "〇一。", "+8",  "あっと ",
        "さくらあっと", "ライン：見", "IDは見",     "ラインさ", "まるの"};
    for (const char* unit : units) {
        std::string input;
        while (input.size() < 8000) {
            input += unit;
        }
        INFO("repeated: " << unit);
        const ShieldResult result = shield_contacts(input);
        CHECK(result.text.size() == input.size());  // not the one fail-closed mask
        CHECK_FALSE(result.masked);
    }
    // A detail at the end of a long message is still found.
    const std::string letters(8000, 'x');
    const ShieldResult tail = shield_contacts(letters + " 090-1234-5678");
    CHECK(tail.text == letters + " " + std::string(contact_mask));
}
