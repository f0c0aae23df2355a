#include "moderation/contact_patterns.hpp"

#include <unicode/parseerr.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>

namespace ibasho::moderation {

namespace {

// The patterns run on NFKC text: full-width letters, digits, "＠", "．", "：" and "（）" have
// already become ASCII, and half-width katakana full-width. Case is ignored throughout.
//
// ICU tries a pattern at every position of the text. Three habits keep that fast and linear:
// a rule starts with a one-character lookahead, so most positions fail at once; lookbehinds such
// as (?<![a-z0-9]) let a rule start only at the beginning of a word, so a word that failed
// ("a.a.a.a...", "a-a-a-...") is not retried at each later piece of it; and every repetition
// that could run on is bounded or possessive. The shield tests feed such inputs and would see
// a mask (the scan fails closed on ICU's time limit) if one of these habits were broken.

// Joins pattern pieces. The pieces are string_view constants, not namespace-scope strings, so
// that nothing depends on the order in which files' statics are initialised.
std::string cat(std::initializer_list<std::string_view> pieces) {
    std::string out;
    for (const std::string_view piece : pieces) {
        out.append(piece);
    }
    return out;
}

// --- phone numbers ------------------------------------------------------------------------

std::string phone_rule() {
    // What people put between digit groups: spaces, ASCII and Unicode hyphens and dashes, minus,
    // the long-vowel mark "ー" (common in full-width numbers), middle dot, dot, brackets. Not "/"
    // or ":" (dates and times), not "〜" (ranges).
    constexpr std::string_view sep = R"([\s\-\x{2010}-\x{2015}\x{2212}\x{30FC}\x{30FB}.()])";
    // Every Japanese number, fixed, mobile, IP or toll-free, has 10 or 11 digits and starts with
    // 0. Up to three separators may stand between digits, so "0 9 0 ..." and "090 - 1234" both
    // count; an opening bracket before the area code ("(03)1234-5678") is part of the number.
    // Digits directly after those are part of it too, so a longer run is never cut in two.
    const std::string japanese =
        cat({R"((?=[0(])(?<![0-9])(?:\(\s*)?0(?:)", sep, "{0,3}+[0-9]){9,10}[0-9]*+"});
    // International form: "+", then 8 to 15 digits.
    const std::string international =
        cat({R"(\+(?<![0-9+]\+))", sep, "{0,2}+[0-9](?:", sep, "{0,3}+[0-9]){7,14}[0-9]*+"});
    // Ten digits in a row are a phone number with its leading 0 dropped, an account number, or a
    // messenger id; none of them belongs in a peer-support room.
    constexpr std::string_view long_digits = "(?=[0-9])(?<![0-9])[0-9]{10,}";
    return cat({international, "|", japanese, "|", long_digits});
}

// --- URLs, domains, addresses --------------------------------------------------------------

// A label may start or end with "-" here: that only widens a mask by a character, and lets the
// start-of-word rule exclude "-" as well.
constexpr std::string_view label = R"([a-z0-9\-]++)";
// A dot, or the dot spelled out to get past filters: "(dot)", " dot ", "ドット". At most one
// white space character on each side of a spelled-out dot, so that a bounded lookbehind can
// recognise one (see the domain rule).
constexpr std::string_view dot = R"((?:\.|\s?[(\[]dot[)\]]\s?|\sdot\s|\s?(?:ドット|どっと)\s?))";
// Bare domains are only recognised on these top-level domains, so "Mr.Children", "node.js",
// "ver.2.1" or "file.txt" stay untouched. The list favours what is used to pass contacts around
// (link shorteners, messengers, free hosts) over completeness.
constexpr std::string_view tlds[] = {
    "com",   "net",  "org",  "info",   "biz",    "jp",    "me",   "io",   "ly",    "gl",  "gg",
    "ee",    "be",   "to",   "tv",     "cc",     "co",    "us",   "uk",   "ca",    "au",  "de",
    "fr",    "kr",   "cn",   "tw",     "hk",     "sg",    "ru",   "ws",   "fm",    "la",  "app",
    "dev",   "page", "site", "online", "link",   "click", "club", "shop", "store", "top", "xyz",
    "tokyo", "fun",  "live", "chat",   "social", "blog",  "art",  "icu",  "mobi",  "pro", "vip",
    "ai",    "so",   "tk",   "ml",     "ga",     "cf",    "gq"};

// The list as an alternation grouped by first letter ("c(?:om|o|c|...)|n(?:et)|..."): a TLD is
// tried up to eight times per candidate domain, and a flat list of sixty would be sixty
// branches each time. The lookahead rejects most candidates (one letter, a long word) at once.
std::string tld_rule() {
    std::string groups;
    for (char first = 'a'; first <= 'z'; ++first) {
        std::string rests;
        for (const std::string_view tld : tlds) {
            if (tld.front() == first) {
                rests += (rests.empty() ? "" : "|") + std::string(tld.substr(1));
            }
        }
        if (!rests.empty()) {
            groups += (groups.empty() ? "" : "|") + std::string(1, first) + "(?:" + rests + ")";
        }
    }
    return cat({R"((?=[a-z]{2,6}(?![a-z0-9\-]))(?:)", groups, R"()(?![a-z0-9\-]))"});
}

constexpr std::string_view url_char = R"([a-z0-9\-._~%!$&'()*+,;=:@/?#\[\]])";

std::string path() {
    return cat({"(?::[0-9]{1,5})?(?:[/?#]", url_char, "*+)?"});
}

std::string url_rule() {
    // Any scheme, including the "ttp://" and "hxxp://" spellings that dodge link detection.
    return cat({R"((?=[a-z])(?<![a-z0-9])[a-z][a-z0-9+.\-]{1,15}+://)", url_char, "*+"});
}

std::string domain_rule() {
    const std::string www =
        cat({"(?=w)(?<![a-z0-9])www[0-9]?", dot, label, "(?:", dot, label, ")*", path()});
    // Starts at a word, but not just after "x." or "x dot " (inside a dotted name, where the
    // start of the name has already been tried), so a long dotted name costs one attempt, not
    // one per label; "...example.com" still starts at "e". The longer lookbehind only runs
    // after a character a spelled-out dot can end with. Labels after the TLD are taken too
    // ("example.com.evil"), so no piece of a long name is left behind.
    const std::string start =
        cat({R"((?=[a-z0-9\-])(?<![a-z0-9\-]|[a-z0-9\-]\.)(?:(?<![\s)\]トと])|(?<![a-z0-9\-])", dot,
             "))"});
    return cat(
        {www, "|", start, "(?:", label, dot, ")+", tld_rule(), "(?:", dot, label, ")*+", path()});
}

std::string address_rule() {
    // Dots only between other characters, so a run of dots ends the part at once; the same
    // start-of-word rule as for domains.
    constexpr std::string_view local = R"((?=[a-z0-9_%+\-])(?<![a-z0-9_%+\-]|[a-z0-9_%+\-]\.))"
                                       R"([a-z0-9_%+\-]++(?:\.[a-z0-9_%+\-]++)*+)";
    // "name@host..." written tightly is an address whatever follows the "@", further "@"s
    // included, so no piece of it is left behind.
    const std::string tight = cat({R"(@[a-z0-9_][a-z0-9_.\-@+%]*+(?:)", dot, label, ")*"});
    // Spaced or spelled out ("name @ example.com", "name at example dot com", "name あっと ..."):
    // only with a known top-level domain, so "see you at home" is not an address.
    constexpr std::string_view at =
        R"((?:\s*@\s*|\s*[(\[]\s*at\s*[)\]]\s*|\s+at\s+|\s*(?:あっと|アット(?:マーク)?)\s*))";
    const std::string spaced = cat({at, "(?:", label, dot, ")+", tld_rule()});
    return cat({local, "(?:", spaced, "|", tight, ")"});
}

std::string at_handle_rule() {
    // "@handle": 3 or more ASCII characters with a letter, so "@みんな" and "@100円" stay. It
    // may also match inside an address; the masks are merged.
    return R"(@(?=[a-z0-9_.]*[a-z_])[a-z0-9_][a-z0-9_.]{2,}+)";
}

// --- after a messenger name ----------------------------------------------------------------

std::string after_name_rule(NameStrength strength) {
    // Only ASCII white space (NFKC has already turned ideographic and other wide spaces into
    // ASCII ones): find_messenger_names relies on it to bound how far a name is from its id.
    constexpr std::string_view ws = R"([ \t\n\f\r]*)";
    // "LINE ID", "LINEのID", "カカオ ユーザー名", ...
    const std::string id_word =
        cat({ws, "(?:の", ws, ")?(?:id(?![a-z0-9])|アイディー?|ユーザー?名|user", ws,
             "name|アカウント|垢)"});
    const std::string optional_sep = cat({ws, "(?:[:=→]|->|は)?", ws});
    const std::string required_sep = cat({ws, "(?:[:=→]|->|は)", ws});
    // The id: 3 or more ASCII id characters, starting and ending with a letter, digit or "_",
    // with a letter or at least 5 digits, so "カカオ 70%" or "X: 23:45" stay. It may be an
    // address or a URL ("LINE: https://line.me/..."), and then it is masked whole. "ID" and
    // "talk" belong to names ("LINE ID", "kakao talk") and are not ids themselves.
    constexpr std::string_view id =
        R"((@?(?!(?:id|talk)(?![a-z0-9_]))(?=[0-9._\-@+#:/?=&%~]*[a-z_]|[0-9]{5}))"
        R"([a-z0-9_][a-z0-9_.\-@+#:/?=&%~]+[a-z0-9_]))";
    if (strength == NameStrength::strong) {
        return cat({"(?:", id_word, ")?", optional_sep, id});
    }
    return cat({"(?:", id_word, optional_sep, "|", required_sep, ")", id});
}

std::string rule_source(ContactRule rule) {
    switch (rule) {
        case ContactRule::url:
            return url_rule();
        case ContactRule::address:
            return address_rule();
        case ContactRule::domain:
            return domain_rule();
        case ContactRule::at_handle:
            return at_handle_rule();
        case ContactRule::phone:
            return phone_rule();
    }
    return {};
}

std::unique_ptr<icu::RegexPattern> compile(const std::string& source) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error{};
    std::unique_ptr<icu::RegexPattern> pattern(icu::RegexPattern::compile(
        icu::UnicodeString::fromUTF8(source), UREGEX_CASE_INSENSITIVE, parse_error, status));
    if (U_FAILURE(status)) {
        pattern.reset();
    }
    return pattern;
}

// --- the cheap tests -------------------------------------------------------------------------

bool is_ascii_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool contains(std::string_view text, std::string_view needle) {
    return text.find(needle) != std::string_view::npos;
}

// Whether `word` (lower case) stands in text as a whole ASCII word, in any case.
bool has_ascii_word(std::string_view text, std::string_view word) {
    for (std::size_t at = 0; at + word.size() <= text.size(); ++at) {
        const bool starts_word = at == 0 || !is_ascii_alnum(text[at - 1]);
        const bool ends_word =
            at + word.size() == text.size() || !is_ascii_alnum(text[at + word.size()]);
        if (starts_word && ends_word &&
            std::equal(
                word.begin(), word.end(), text.begin() + static_cast<std::ptrdiff_t>(at),
                [](char w, char t) { return w == (t >= 'A' && t <= 'Z' ? t - 'A' + 'a' : t); })) {
            return true;
        }
    }
    return false;
}

// A "." directly before a name character ("example.com"), or the dot spelled out.
bool has_domain_dot(std::string_view text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] == '.' && is_ascii_alnum(text[i + 1])) {
            return true;
        }
    }
    return has_ascii_word(text, "dot") || contains(text, "ドット") || contains(text, "どっと");
}

std::size_t count_digits(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }));
}

}  // namespace

// contact_pattern indexes by the enum's value.
static_assert(static_cast<std::size_t>(ContactRule::url) == 0 &&
              static_cast<std::size_t>(ContactRule::phone) == contact_rules.size() - 1);

const icu::RegexPattern* contact_pattern(ContactRule rule) {
    // Compiled together on first use; a function-local static is initialised once, thread-safely.
    static const auto patterns = [] {
        std::array<std::unique_ptr<icu::RegexPattern>, contact_rules.size()> compiled;
        for (std::size_t i = 0; i < contact_rules.size(); ++i) {
            compiled[i] = compile(rule_source(contact_rules[i]));
        }
        return compiled;
    }();
    const auto index = static_cast<std::size_t>(rule);
    return index < patterns.size() ? patterns[index].get() : nullptr;
}

const icu::RegexPattern* after_name_pattern(NameStrength strength) {
    static const auto strong = compile(after_name_rule(NameStrength::strong));
    static const auto weak = compile(after_name_rule(NameStrength::weak));
    return strength == NameStrength::strong ? strong.get() : weak.get();
}

bool contact_rule_may_match(ContactRule rule, std::string_view nfkc_text) {
    switch (rule) {
        case ContactRule::url:
            return contains(nfkc_text, "://");
        case ContactRule::address:
            // A spelled-out "at" only makes an address before a domain with a dot.
            return contains(nfkc_text, "@") ||
                   ((has_ascii_word(nfkc_text, "at") || contains(nfkc_text, "あっと") ||
                     contains(nfkc_text, "アット")) &&
                    has_domain_dot(nfkc_text));
        case ContactRule::domain:
            return has_domain_dot(nfkc_text);
        case ContactRule::at_handle:
            return contains(nfkc_text, "@");
        case ContactRule::phone:
            // The shortest rule is "+" and 8 digits.
            return count_digits(nfkc_text) >= 8;
    }
    return true;
}

}  // namespace ibasho::moderation
