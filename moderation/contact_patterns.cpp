#include "moderation/contact_patterns.hpp"

#include <unicode/parseerr.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>

namespace ibasho::moderation {

namespace {

// Built inside a function, not from namespace-scope strings, so the pattern is complete even
// when the first message is checked during another file's static initialisation.
std::string combined() {
    // The pattern runs on NFKC text: full-width letters, digits, "＠", "．", "：" and "（）" have
    // already become ASCII, and half-width katakana full-width. Case is ignored throughout.
    //
    // Lookbehinds such as (?<![a-z0-9]) make each rule start only at the beginning of a word. That
    // keeps ordinary text from matching in the middle of a word, and keeps the scan linear: a rule
    // that fails at the start of a word ("a.a.a.a...", "a-a-a-...") is not retried at each later
    // piece of it, and every repetition that could run on is bounded or possessive. The shield
    // test feeds such inputs and would fail closed (mask everything) if the time limit were hit.

    // --- phone numbers ------------------------------------------------------------------------
    // What people put between digit groups: spaces, ASCII and Unicode hyphens and dashes, minus,
    // the long-vowel mark "ー" (common in full-width numbers), middle dot, dot, brackets. Not "/"
    // or ":" (dates and times), not "〜" (ranges).
    const std::string phone_sep = R"([\s\-\x{2010}-\x{2015}\x{2212}\x{30FC}\x{30FB}.()])";
    // Every Japanese number, fixed, mobile, IP or toll-free, has 10 or 11 digits and starts with 0.
    // Up to three separators may stand between digits, so "0 9 0 ..." and "090 - 1234" both count;
    // an opening bracket before the area code ("(03)1234-5678") is part of the number.
    const std::string phone_jp = R"((?<![0-9])(?:\(\s*)?0(?:)" + phone_sep + "{0,3}+[0-9]){9,10}";
    // International form: "+", then 8 to 15 digits.
    const std::string phone_intl =
        R"((?<![0-9+])\+)" + phone_sep + "{0,2}+[0-9](?:" + phone_sep + "{0,3}+[0-9]){7,14}";
    // Ten digits in a row are a phone number with its leading 0 dropped, an account number, or
    // a messenger id; none of them belongs in a peer-support room.
    const std::string long_digits = "(?<![0-9])[0-9]{10,}";

    // --- domains, URLs, e-mail ---------------------------------------------------------------
    // A label may start or end with "-" here: that only makes a mask one character wider, and
    // lets the start-of-word rule below exclude "-" too.
    const std::string label = R"([a-z0-9\-]++)";
    // A dot, or the dot spelled out to get past filters: "(dot)", " dot ", "ドット".
    const std::string dot = R"((?:\.|\s*[(\[]\s*dot\s*[)\]]\s*|\s+dot\s+|\s*(?:ドット|どっと)\s*))";
    // Bare domains are only recognised on these top-level domains, so "Mr.Children", "node.js",
    // "ver.2.1" or "file.txt" stay untouched. The list favours what is used to pass contacts around
    // (link shorteners, messengers, free hosts) over completeness.
    const std::string tld =
        "(?:com|net|org|info|biz|jp|me|io|ly|gl|gg|ee|be|to|tv|cc|co|us|uk|ca|au|de|fr|kr|cn|tw|"
        "hk|sg|ru|ws|fm|la|app|dev|page|site|online|link|click|club|shop|store|top|xyz|tokyo|"
        "fun|live|chat|social|blog|art|icu|mobi|pro|vip|ai|so|tk|ml|ga|cf|gq)(?![a-z0-9\\-])";
    const std::string url_char = R"([a-z0-9\-._~%!$&'()*+,;=:@/?#\[\]])";
    const std::string path = "(?::[0-9]{1,5})?(?:[/?#]" + url_char + "*+)?";

    // Any scheme, including the "ttp://" and "hxxp://" spellings that dodge link detection.
    const std::string scheme_url = R"([a-z][a-z0-9+.\-]{1,15}+://)" + url_char + "*+";
    const std::string www_url =
        "www[0-9]?" + dot + label + "(?:" + dot + label + ")*" + path;
    // Starts at a word, but not after "x." (the middle of a dotted name that already failed);
    // "...example.com" still starts at "e". At most 8 labels before the TLD.
    const std::string bare_domain =
        R"((?<![a-z0-9\-]|[a-z0-9\-]\.)(?:)" + label + dot + "){1,8}" + tld + path;

    // Dots only between other characters, so a run of dots ends the part at once; the same
    // start-of-word rule as for domains.
    const std::string local_part =
        R"((?<![a-z0-9_%+\-]|[a-z0-9_%+\-]\.)[a-z0-9_%+\-]++(?:\.[a-z0-9_%+\-]++)*+)";
    // "name@host..." written tightly is an address whatever follows the "@".
    const std::string email_tight =
        local_part + "@[a-z0-9_][a-z0-9_.\\-]*+(?:" + dot + label + ")*";
    // Spaced or spelled out ("name @ example.com", "name at example dot com", "name あっと ..."):
    // only with a known top-level domain, so "see you at home" is not an address.
    const std::string at_word =
        R"((?:\s*@\s*|\s*[(\[]\s*at\s*[)\]]\s*|\s+at\s+|\s*(?:あっと|アット(?:マーク)?)\s*))";
    const std::string email_spaced = local_part + at_word + "(?:" + label + dot + "){1,8}" + tld;

    // --- messenger handles ---------------------------------------------------------------------
    // Names that, followed by an id, are an invitation to talk elsewhere. "Strong" names may be
    // followed by the id after just a space; "weak" ones are ordinary words too ("line", "x",
    // "ID", "アカ") and need a colon, "=", "→" or "は", or an "ID" after them. "LINE" in capitals
    // is the app; "line" in lower case may be the English word.
    const std::string ascii_strong =
        R"((?-i:LINE)|discord|instagram|insta|twitter|telegram|kakao\s*talk|kakao|wechat|skype|)"
        R"(snapchat|tiktok|facebook|whatsapp|bluesky|viber|youtube|kik)";
    const std::string ascii_weak =
        R"(line|x|id|ig|fb|tg|signal|threads|messenger|e-?mail|user\s*name|user\s*id|account)";
    const std::string kana_strong =
        "ライン|ディスコード|ディスコ|インスタグラム|インスタ|ツイッター|テレグラム|テレグラ|"
        "カカオトーク|カカオ|スカイプ|スナップチャット|スナチャ|ティックトック|ティクトク|"
        "フェイスブック|ワッツアップ|ウィーチャット|ユーチューブ|ブルースカイ";
    const std::string kana_weak =
        "エックス|アカウント|アカ|メールアドレス|メアド|メール|アイディー?|ユーザー?名|シグナル|"
        "スレッズ";
    const std::string other_strong =
        R"(らいん|でぃすこ|いんすた|ついったー|かかお|(?:\(\s{0,3})?旧\s*(?:twitter|ツイッター)\s*\)?)";
    const std::string other_weak = "連絡先|裏垢|本垢|垢";

    // An ASCII name must stand alone ("skyline" is not "line"), except that "LINEID" is common.
    const std::string ascii_word_end = "(?!(?!id)[a-z0-9])";
    // A katakana name must not be part of a longer word ("オンライン", "インスタント").
    const std::string kana_before = R"((?<![\p{Katakana}\x{30FC}]))";
    const std::string kana_after = R"((?![\p{Katakana}\x{30FC}]))";

    // Each group first checks one cheap condition, so most positions in a message cost one test
    // per group rather than one per name.
    const std::string strong_name = "(?:(?<![a-z0-9])(?=[a-z])(?:" + ascii_strong + ")" +
                                    ascii_word_end + "|" + kana_before + "(?=\\p{Katakana})(?:" +
                                    kana_strong + ")" + kana_after + "|(?=[らでいつか(旧])(?:" +
                                    other_strong + "))";
    const std::string weak_name = "(?:(?<![a-z0-9])(?=[a-z])(?:" + ascii_weak + ")" +
                                  ascii_word_end + "|" + kana_before + "(?=\\p{Katakana})(?:" +
                                  kana_weak + ")" + kana_after + "|(?=[連裏本垢])(?:" + other_weak +
                                  "))";
    const std::string id_suffix =
        R"(\s*(?:の\s*)?(?:id(?![a-z0-9])|アイディー?|ユーザー?名|user\s*name|アカウント|垢))";
    const std::string optional_sep = R"(\s*(?:[:=→]|->|は)?\s*)";
    const std::string required_sep = R"(\s*(?:[:=→]|->|は)\s*)";
    // The id: 3 or more ASCII id characters, starting and ending with a letter, digit or "_",
    // with a letter or at least 5 digits, so "カカオ 70%" or "X: 23:45" stay. It may be an
    // address or a URL ("LINE: https://line.me/..."), and then it is masked whole. The words
    // that are part of a name ("kakao talk", "LINE ID") are not ids themselves.
    const std::string id_char = R"([a-z0-9_.\-@+#:/?=&%~])";
    const std::string id_value =
        R"((@?(?!(?:id|talk)(?![a-z0-9_]))(?=[0-9._\-@+#:/?=&%~]*[a-z_]|[0-9]{5}))"
        "[a-z0-9_]" + id_char + "+[a-z0-9_])";
    const std::string named_handle = "(?:" + strong_name + "(?:" + id_suffix + ")?" + optional_sep +
                                     "|" + weak_name + "(?:" + id_suffix + optional_sep + "|" +
                                     required_sep + "))" + id_value;
    // "@handle": 3 or more ASCII characters with a letter, so "@みんな" and "@100円" stay.
    const std::string at_handle = R"((?<![a-z0-9])@(?=[a-z0-9_.]*[a-z_])[a-z0-9_][a-z0-9_.]{2,}+)";

    // Earlier alternatives win when several match at the same place: a URL or an address before
    // the messenger name it may start with ("line.me/..."), and the handle (which owns the only
    // capture group) before the digit rules. The URL and address rules share one start-of-word
    // test, so a position inside a word costs one check instead of five.
    const std::string word_rules[] = {scheme_url, email_spaced, email_tight, www_url, bare_domain};
    std::string out = "(?<![a-z0-9])(?:";
    for (const std::string& rule : word_rules) {
        out += "(?:" + rule + ")|";
    }
    out.back() = ')';
    for (const std::string& rule : {named_handle, at_handle, phone_intl, phone_jp, long_digits}) {
        out += "|(?:" + rule + ")";
    }
    return out;
}

}  // namespace

const icu::RegexPattern* contact_pattern() {
    static const std::unique_ptr<icu::RegexPattern> pattern = [] {
        UErrorCode status = U_ZERO_ERROR;
        UParseError parse_error{};
        std::unique_ptr<icu::RegexPattern> compiled(
            icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(combined()),
                                       UREGEX_CASE_INSENSITIVE, parse_error, status));
        if (U_FAILURE(status)) {
            compiled.reset();
        }
        return compiled;
    }();
    return pattern.get();
}

}  // namespace ibasho::moderation
