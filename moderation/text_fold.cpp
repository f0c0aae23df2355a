#include "moderation/text_fold.hpp"

#include <algorithm>

#include "moderation/nfkc.hpp"

#include <cstdint>
#include <optional>

namespace ibasho::moderation {
namespace {

// Marks people type between or after letters for rhythm, not meaning; dropping them lets
// "死に・たい…" meet "死にたい". NFKC has already turned full-width "！？" into ASCII.
bool is_filler(char32_t c) {
    switch (c) {
        case U'\u3000':  // ideographic space (NFKC makes it ASCII, kept for the fallback path)
        case U'\u3001':  // 、
        case U'\u3002':  // 。
        case U'\u30FB':  // ・
        case U'\u2025':  // ‥
        case U'\u2026':  // …
        case U'\u301C':  // 〜
        case U'\uFF5E':  // ～
        case U'\u300C':  // 「
        case U'\u300D':  // 」
        case U'\u300E':  // 『
        case U'\u300F':  // 』
        case U'\u266A':  // ♪
        case U'\u2605':  // ★
        case U'\u2606':  // ☆
            return true;
        default:
            return false;
    }
}

char32_t fold_code_point(char32_t c) {
    if (c >= U'A' && c <= U'Z') {
        return c + 0x20;
    }
    // Latin-1 capitals À-Þ, except the multiplication sign.
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) {
        return c + 0x20;
    }
    if (c >= 0x30A1 && c <= 0x30F6) {
        return c - 0x60;
    }
    return c;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

// Decodes one code point of valid UTF-8 at i and moves i past it.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t length = 1;
    char32_t c = lead;
    if (lead >= 0xF0) {
        length = 4;
        c = lead & 0x07U;
    } else if (lead >= 0xE0) {
        length = 3;
        c = lead & 0x0FU;
    } else if (lead >= 0xC0) {
        length = 2;
        c = lead & 0x1FU;
    }
    for (std::size_t k = 1; k < length && i + k < s.size(); ++k) {
        c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3FU);
    }
    i += length;
    return c;
}

bool is_ascii_alnum(char32_t c) {
    return (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}

constexpr char32_t katakana_ta = U'\u30BF';  // タ
constexpr char32_t katakana_hi = U'\u30D2';  // ヒ
constexpr std::string_view hiragana_ta = "\u305F";
constexpr std::string_view kanji_shi = "\u6B7B";  // 死

}  // namespace

std::string fold_for_matching(std::string_view valid_utf8) {
    // NFKC leaves ASCII as it is: most English lines (and every benchmark line) skip ICU.
    const bool ascii = std::all_of(valid_utf8.begin(), valid_utf8.end(),
                                   [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
    const std::optional<std::string> normalised = ascii ? std::nullopt : to_nfkc(valid_utf8);
    const std::string_view text = normalised ? std::string_view(*normalised) : valid_utf8;
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    char32_t previous = 0;  // the last code point kept, before folding
    while (i < text.size()) {
        const char32_t c = next_code_point(text, i);
        if ((c < 0x80 && !is_ascii_alnum(c)) || is_filler(c)) {
            continue;
        }
        // "タヒ" (and "ﾀﾋ") is 死 split into its look-alike katakana, the commonest way to write
        // "die" past a filter. Only katakana: hiragana "たひ" is ordinary ("またひとり").
        if (c == katakana_hi && previous == katakana_ta) {
            out.resize(out.size() - hiragana_ta.size());
            out.append(kanji_shi);
            previous = 0;
            continue;
        }
        previous = c;
        append_utf8(out, fold_code_point(c));
    }
    return out;
}

}  // namespace ibasho::moderation
