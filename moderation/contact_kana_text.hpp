// Reading NFKC text one code point at a time with hiragana and katakana treated alike: the
// small toolkit the Japanese contact rules (contact_japanese.hpp) are written with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace ibasho::moderation::kana {

// The code point at byte `at` of valid UTF-8 and its length in bytes; {0, 0} at the end.
struct CodePoint {
    char32_t value;
    std::size_t size;
};

inline CodePoint at(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) {
        return {0, 0};
    }
    const auto lead = static_cast<unsigned char>(text[offset]);
    const std::size_t size = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (offset + size > text.size()) {
        return {0, 0};
    }
    char32_t value = size == 1   ? lead
                     : size == 2 ? lead & 0x1FU
                     : size == 3 ? lead & 0x0FU
                                 : lead & 0x07U;
    for (std::size_t i = 1; i < size; ++i) {
        value = (value << 6U) | (static_cast<unsigned char>(text[offset + i]) & 0x3FU);
    }
    return {value, size};
}

// The offset of the code point that ends at `offset` (0 at the start).
inline std::size_t before(std::string_view text, std::size_t offset) {
    while (offset > 0) {
        --offset;
        if ((static_cast<unsigned char>(text[offset]) & 0xC0U) != 0x80U) {
            break;
        }
    }
    return offset;
}

// Whether needle occurs in text. memmem, not string_view::find: find looks for the first byte
// and compares from there, and in Japanese text nearly every third byte is the 0xE3 that starts
// each kana, which made it several times slower.
inline bool contains(std::string_view text, std::string_view needle) {
    return needle.empty() ||
           ::memmem(text.data(), text.size(), needle.data(), needle.size()) != nullptr;
}

// Whether text holds a hiragana or katakana character (U+3040-U+30FF: E3 81 80 to E3 83 BF).
inline bool has_kana(std::string_view text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] == '\xE3' &&
            (text[i + 1] == '\x81' || text[i + 1] == '\x82' || text[i + 1] == '\x83')) {
            return true;
        }
    }
    return false;
}

inline bool is_hiragana(char32_t c) {
    return c >= 0x3041 && c <= 0x3096;
}
inline bool is_katakana(char32_t c) {
    return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC;
}
inline bool is_kana(char32_t c) {
    return is_hiragana(c) || is_katakana(c);
}
inline bool is_ascii_alnum(char32_t c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool is_ascii_space(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Katakana as hiragana and ASCII letters in lower case, for comparing with the word lists.
inline char32_t fold(char32_t c) {
    if (c >= 0x30A1 && c <= 0x30F6) {
        return c - 0x60;
    }
    if (c >= 'A' && c <= 'Z') {
        return c - 'A' + 'a';
    }
    return c;
}

// The byte length of `word` (hiragana and lower-case ASCII) standing at text[offset...], with
// katakana and capitals matching; 0 if it does not stand there.
inline std::size_t word_at(std::string_view text, std::size_t offset, std::u32string_view word) {
    std::size_t pos = offset;
    for (const char32_t expected : word) {
        const CodePoint cp = at(text, pos);
        if (cp.size == 0 || fold(cp.value) != expected) {
            return 0;
        }
        pos += cp.size;
    }
    return pos - offset;
}

// The longest word of the list standing at text[offset...]; 0 if none.
template <typename Words>
std::size_t longest_word_at(std::string_view text, std::size_t offset, const Words& words) {
    std::size_t longest = 0;
    for (const std::u32string_view word : words) {
        const std::size_t length = word_at(text, offset, word);
        longest = length > longest ? length : longest;
    }
    return longest;
}

inline std::size_t skip_spaces(std::string_view text, std::size_t offset, std::size_t most = 4) {
    for (std::size_t n = 0; n < most && offset < text.size() && is_ascii_space(text[offset]); ++n) {
        ++offset;
    }
    return offset;
}

}  // namespace ibasho::moderation::kana
