#include "moderation/messenger_names.hpp"

#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

namespace ibasho::moderation {

namespace {

struct Name {
    std::string_view text;  // lower case for ASCII; a space stands for one or more ASCII spaces
    NameStrength strength;
};

constexpr auto strong = NameStrength::strong;
constexpr auto weak = NameStrength::weak;

// "LINE" in capitals is the app and strong; "line" in lower case may be the English word.
constexpr Name ascii_names[] = {
    {"discord", strong},  {"instagram", strong},  {"insta", strong},     {"twitter", strong},
    {"telegram", strong}, {"kakao talk", strong}, {"kakaotalk", strong}, {"kakao", strong},
    {"wechat", strong},   {"skype", strong},      {"snapchat", strong},  {"tiktok", strong},
    {"facebook", strong}, {"whatsapp", strong},   {"bluesky", strong},   {"viber", strong},
    {"youtube", strong},  {"kik", strong},        {"line", weak},        {"x", weak},
    {"id", weak},         {"ig", weak},           {"fb", weak},          {"tg", weak},
    {"signal", weak},     {"threads", weak},      {"messenger", weak},   {"email", weak},
    {"mail", weak},       {"user name", weak},    {"username", weak},    {"user id", weak},
    {"userid", weak},     {"account", weak},
};

// Japanese names. Longer names that start with a shorter one ("インスタグラム", "インスタ") both
// appear; the katakana boundary check keeps only the one that ends the word.
constexpr Name japanese_names[] = {
    {"ライン", strong},
    {"ディスコード", strong},
    {"ディスコ", strong},
    {"インスタグラム", strong},
    {"インスタ", strong},
    {"ツイッター", strong},
    {"テレグラム", strong},
    {"テレグラ", strong},
    {"カカオトーク", strong},
    {"カカオ", strong},
    {"スカイプ", strong},
    {"スナップチャット", strong},
    {"スナチャ", strong},
    {"ティックトック", strong},
    {"ティクトク", strong},
    {"フェイスブック", strong},
    {"ワッツアップ", strong},
    {"ウィーチャット", strong},
    {"ユーチューブ", strong},
    {"ブルースカイ", strong},
    {"らいん", strong},
    {"でぃすこ", strong},
    {"いんすた", strong},
    {"ついったー", strong},
    {"かかお", strong},
    {"エックス", weak},
    {"アカウント", weak},
    {"アカ", weak},
    {"メールアドレス", weak},
    {"メアド", weak},
    {"メール", weak},
    {"アイディー", weak},
    {"アイディ", weak},
    {"ユーザー名", weak},
    {"ユーザ名", weak},
    {"シグナル", weak},
    {"スレッズ", weak},
    {"連絡先", weak},
    {"裏垢", weak},
    {"本垢", weak},
    {"垢", weak},
};

// "X(旧Twitter)" and "旧ツイッター": the old name of X, written after "旧" ("former").
constexpr std::string_view former_marker = "旧";
constexpr std::string_view former_names[] = {"twitter", "ツイッター"};

bool is_ascii_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ignoring_case(std::string_view text, std::string_view lower) {
    return text.size() == lower.size() &&
           std::equal(text.begin(), text.end(), lower.begin(),
                      [](char a, char b) { return ascii_lower(a) == b; });
}

std::size_t skip_spaces(std::string_view text, std::size_t at) {
    while (at < text.size() && is_ascii_space(text[at])) {
        ++at;
    }
    return at;
}

// Where an ASCII name whose first word is `word` (at text[at...]) ends, or 0. Later words of
// the name are matched whole, with at least one ASCII white space before each.
std::size_t ascii_name_end(std::string_view text, std::size_t at, std::string_view word,
                           std::string_view name) {
    std::size_t space = name.find(' ');
    if (!equals_ignoring_case(word, name.substr(0, space))) {
        return 0;
    }
    std::size_t end = at + word.size();
    while (space != std::string_view::npos) {
        name.remove_prefix(space + 1);
        space = name.find(' ');
        const std::string_view next = name.substr(0, space);
        const std::size_t pos = skip_spaces(text, end);
        if (pos == end || pos + next.size() > text.size() ||
            !equals_ignoring_case(text.substr(pos, next.size()), next) ||
            (pos + next.size() < text.size() && is_ascii_alnum(text[pos + next.size()]))) {
            return 0;
        }
        end = pos + next.size();
    }
    return end;
}

void add_ascii_names(std::string_view text, std::vector<MessengerName>& out) {
    // Longer than any name plus "id": not a name, whatever it is.
    constexpr std::size_t longest_word = 12;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!is_ascii_alnum(text[i])) {
            continue;
        }
        std::size_t word_end = i;
        while (word_end < text.size() && is_ascii_alnum(text[word_end])) {
            ++word_end;
        }
        const std::string_view word = text.substr(i, word_end - i);
        for (const Name& name : ascii_names) {
            if (word.size() > longest_word) {
                break;
            }
            if (ascii_lower(word.front()) != name.text.front()) {
                continue;  // the cheap test first: most words start with no name's letter
            }
            std::size_t end = ascii_name_end(text, i, word, name.text);
            // "LINEID": a one-word name with "ID" stuck to it; the pattern after the name
            // reads the "ID".
            if (end == 0 && word.size() == name.text.size() + 2 &&
                name.text.find(' ') == std::string_view::npos &&
                equals_ignoring_case(word.substr(name.text.size()), "id") &&
                equals_ignoring_case(word.substr(0, name.text.size()), name.text)) {
                end = i + name.text.size();
            }
            if (end == 0) {
                continue;
            }
            const bool capital_line = name.text == "line" && text.substr(i, 4) == "LINE";
            out.push_back(
                MessengerName{i, end, capital_line ? NameStrength::strong : name.strength});
            break;  // the list puts longer names first where they share a first word
        }
        i = word_end;
    }
}

// The code point before / at a byte offset of valid UTF-8; U_SENTINEL at either end.
UChar32 code_point_before(std::string_view text, std::size_t at) {
    if (at == 0) {
        return U_SENTINEL;
    }
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    std::int32_t i = static_cast<std::int32_t>(at);
    UChar32 c = 0;
    U8_PREV_OR_FFFD(bytes, 0, i, c);
    return c;
}

UChar32 code_point_at(std::string_view text, std::size_t at) {
    if (at >= text.size()) {
        return U_SENTINEL;
    }
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    std::int32_t i = static_cast<std::int32_t>(at);
    UChar32 c = 0;
    U8_NEXT_OR_FFFD(bytes, i, static_cast<std::int32_t>(text.size()), c);
    return c;
}

bool is_katakana(UChar32 c) {
    if (c < 0) {
        return false;
    }
    UErrorCode status = U_ZERO_ERROR;
    return c == 0x30FC || uscript_getScript(c, &status) == USCRIPT_KATAKANA;  // ー is Common
}

// Where "旧 Twitter )" (with optional spaces and bracket) ends when it starts at `at`; 0 if not.
std::size_t former_name_end(std::string_view text, std::size_t at) {
    std::size_t pos = skip_spaces(text, at + former_marker.size());
    for (const std::string_view name : former_names) {
        if (pos + name.size() <= text.size() &&
            equals_ignoring_case(text.substr(pos, name.size()), name)) {
            std::size_t end = skip_spaces(text, pos + name.size());
            if (end < text.size() && text[end] == ')') {
                return end + 1;
            }
            return pos + name.size();
        }
    }
    return 0;
}

// string_view::find looks for the first byte and compares from there; in Japanese text nearly
// every third byte is the 0xE3 that starts each kana, so memmem is several times faster.
std::size_t find_in(std::string_view text, std::string_view needle, std::size_t from) {
    if (from > text.size()) {
        return std::string_view::npos;
    }
    const void* found =
        ::memmem(text.data() + from, text.size() - from, needle.data(), needle.size());
    return found == nullptr
               ? std::string_view::npos
               : static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
}

void add_japanese_names(std::string_view text, std::size_t from, std::size_t to,
                        std::vector<MessengerName>& out) {
    const std::string_view window = text.substr(0, to);
    for (const Name& name : japanese_names) {
        for (auto at = find_in(window, name.text, from); at != std::string_view::npos;
             at = find_in(window, name.text, at + name.text.size())) {
            const std::size_t end = at + name.text.size();
            const bool katakana = is_katakana(code_point_at(text, at));
            if (katakana && (is_katakana(code_point_before(text, at)) ||
                             is_katakana(code_point_at(text, end)))) {
                continue;
            }
            out.push_back(MessengerName{at, end, name.strength});
        }
    }
    for (auto at = find_in(window, former_marker, from); at != std::string_view::npos;
         at = find_in(window, former_marker, at + former_marker.size())) {
        if (const std::size_t end = former_name_end(text, at); end != 0) {
            out.push_back(MessengerName{at, end, NameStrength::strong});
        }
    }
}

// Longest first where names share a start ("カカオトーク" over "カカオ"); then drop names that
// start inside one already kept ("垢" in "裏垢"), so the result never overlaps.
std::vector<MessengerName> without_overlaps(std::vector<MessengerName> names) {
    std::sort(names.begin(), names.end(), [](const MessengerName& a, const MessengerName& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    std::vector<MessengerName> kept;
    kept.reserve(names.size());
    for (const MessengerName& name : names) {
        if (kept.empty() || name.begin >= kept.back().end) {
            kept.push_back(name);
        }
    }
    return kept;
}

bool is_all_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::vector<MessengerName> find_messenger_names_anywhere(std::string_view nfkc_text) {
    std::vector<MessengerName> names;
    add_ascii_names(nfkc_text, names);
    if (!is_all_ascii(nfkc_text)) {
        add_japanese_names(nfkc_text, 0, nfkc_text.size(), names);
    }
    return without_overlaps(std::move(names));
}

std::vector<MessengerName> find_messenger_names(std::string_view nfkc_text) {
    std::vector<MessengerName> names;
    add_ascii_names(nfkc_text, names);

    if (!is_all_ascii(nfkc_text)) {
        // Every id is ASCII, so a Japanese name only matters within reach before ASCII text.
        // Searching just there keeps a long Japanese message with a stray digit cheap.
        std::size_t searched = 0;  // text before this offset has been searched
        for (std::size_t i = 0; i < nfkc_text.size(); ++i) {
            if (!is_ascii_alnum(nfkc_text[i]) || (i > 0 && is_ascii_alnum(nfkc_text[i - 1]))) {
                continue;
            }
            // Step back name_reach bytes, not counting the white space the patterns allow any
            // amount of; then to a character boundary, so a name at the edge is seen whole.
            std::size_t start = i;
            for (std::size_t counted = 0; start > searched && counted < name_reach; --start) {
                counted += is_ascii_space(nfkc_text[start - 1]) ? 0 : 1;
            }
            while (start > 0 && (static_cast<unsigned char>(nfkc_text[start]) & 0xC0U) == 0x80U) {
                --start;
            }
            add_japanese_names(nfkc_text, start, i, names);
            searched = i;
        }
    }

    return without_overlaps(std::move(names));
}

}  // namespace ibasho::moderation
