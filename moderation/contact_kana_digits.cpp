#include "moderation/contact_japanese.hpp"
#include "moderation/contact_kana_text.hpp"

#include <array>
#include <cstdint>
#include <optional>

namespace ibasho::moderation {

namespace {

// A digit as it may be written: one ASCII digit, one kanji numeral, or a kana reading.
struct Digit {
    char value;
    std::size_t end;   // byte offset just after it
    bool single_kana;  // a one-character reading ("に", "し", "ご", "く"), also a particle
    bool kana;
};

struct Reading {
    std::u32string_view kana;  // hiragana; katakana matches too
    char value;
};

// Longest first, so "しち" is 7 and not 4 followed by "ち", and "きゅう" is not "く".
constexpr std::array<Reading, 16> readings = {{
    {U"きゅう", '9'},
    {U"きゅー", '9'},
    {U"ぜろ", '0'},
    {U"れい", '0'},
    {U"まる", '0'},
    {U"いち", '1'},
    {U"さん", '3'},
    {U"よん", '4'},
    {U"ろく", '6'},
    {U"なな", '7'},
    {U"しち", '7'},
    {U"はち", '8'},
    {U"に", '2'},
    {U"し", '4'},
    {U"ご", '5'},
    {U"く", '9'},
}};

std::optional<char> kanji_digit(char32_t c) {
    switch (c) {
        case U'〇':
        case U'零':
        case U'○':  // the white circle people type for 〇
        case U'◯':
            return '0';
        case U'一':
        case U'壱':
            return '1';
        case U'二':
        case U'弐':
            return '2';
        case U'三':
        case U'参':
            return '3';
        case U'四':
            return '4';
        case U'五':
            return '5';
        case U'六':
            return '6';
        case U'七':
            return '7';
        case U'八':
            return '8';
        case U'九':
            return '9';
        default:
            return std::nullopt;
    }
}

std::optional<Digit> digit_at(std::string_view text, std::size_t offset) {
    const kana::CodePoint cp = kana::at(text, offset);
    if (cp.size == 0) {
        return std::nullopt;
    }
    if (cp.value >= '0' && cp.value <= '9') {
        return Digit{static_cast<char>(cp.value), offset + 1, false, false};
    }
    if (const auto value = kanji_digit(cp.value)) {
        return Digit{*value, offset + cp.size, false, false};
    }
    if (!kana::is_kana(cp.value)) {
        return std::nullopt;
    }
    for (const Reading& reading : readings) {
        if (const std::size_t length = kana::word_at(text, offset, reading.kana); length != 0) {
            return Digit{reading.value, offset + length, reading.kana.size() == 1, true};
        }
    }
    return std::nullopt;
}

// What people put between digit groups. Not "/" or ":" (dates, times), not "〜" (ranges), not
// "。" (the end of a sentence).
bool is_separator(char32_t c) {
    switch (c) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case '-':
        case '.':
        case ',':
        case '(':
        case ')':
        case U'\u2212':  // minus
        case U'ー':
        case U'・':
        case U'、':
        case U'の':
        case U'ノ':
            return true;
        default:
            return c >= 0x2010 && c <= 0x2015;  // hyphens and dashes
    }
}

// Up to three separators starting at offset, then a digit: where that digit starts, or nullopt.
std::optional<std::size_t> next_digit_start(std::string_view text, std::size_t offset) {
    std::size_t pos = offset;
    for (int n = 0; n < 3; ++n) {
        const kana::CodePoint cp = kana::at(text, pos);
        if (cp.size == 0 || !is_separator(cp.value)) {
            break;
        }
        pos += cp.size;
        if (digit_at(text, pos)) {
            return pos;
        }
    }
    return std::nullopt;
}

// A phone number is at most 15 digits (E.164); a run is read no further than this, which keeps
// the scan linear on a long run of digits.
constexpr std::size_t most_digits = 16;

struct Run {
    std::array<Digit, most_digits> digits{};
    std::size_t count = 0;
};

// Reads the digits from offset on, with separators between them.
Run read_run(std::string_view text, std::size_t offset) {
    Run run;
    std::optional<std::size_t> pos = offset;
    while (pos && run.count < most_digits) {
        const std::optional<Digit> digit = digit_at(text, *pos);
        if (!digit) {
            break;
        }
        run.digits[run.count++] = *digit;
        pos = digit_at(text, digit->end) ? std::optional<std::size_t>(digit->end)
                                         : next_digit_start(text, digit->end);
    }
    return run;
}

// Whether a number may start at this byte: "+", "0", or the first byte of "〇" "ぜ" "れ" "ま"
// "ゼ" "レ" "マ" (E3 ..), "零" (E9 9B B6), "○" "◯" (E2 97 ..). Checked on bytes before anything
// is decoded, so most of a Japanese sentence costs a compare or two per byte.
bool may_start_number(std::string_view text, std::size_t offset) {
    const char c = text[offset];
    if (c == '0' || c == '+') {
        return true;
    }
    if (c != '\xE3' && c != '\xE9' && c != '\xE2') {
        return false;
    }
    if (offset + 2 >= text.size()) {
        return false;
    }
    const auto key = static_cast<std::uint32_t>(static_cast<unsigned char>(c)) << 16U |
                     static_cast<std::uint32_t>(static_cast<unsigned char>(text[offset + 1]))
                         << 8U |
                     static_cast<unsigned char>(text[offset + 2]);
    switch (key) {
        case 0xE38087:  // 〇
        case 0xE3819C:  // ぜ
        case 0xE381BE:  // ま
        case 0xE3828C:  // れ
        case 0xE382BC:  // ゼ
        case 0xE383AC:  // レ
        case 0xE3839E:  // マ
        case 0xE99BB6:  // 零
        case 0xE2978B:  // ○
        case 0xE297AF:  // ◯
            return true;
        default:
            return false;
    }
}

}  // namespace

void find_japanese_phones(std::string_view text, std::vector<TextRange>& out) {
    std::size_t offset = 0;
    while (offset < text.size()) {
        // Continuation bytes never pass the check, so stepping a byte at a time is safe.
        if (!may_start_number(text, offset)) {
            ++offset;
            continue;
        }
        const kana::CodePoint cp = kana::at(text, offset);
        const bool plus = cp.value == '+';
        std::size_t first = offset;
        if (plus) {
            const auto start = digit_at(text, offset + 1) ? std::optional<std::size_t>(offset + 1)
                                                          : next_digit_start(text, offset + 1);
            if (!start) {
                offset += cp.size;
                continue;
            }
            first = *start;
        }
        Run run = read_run(text, first);
        bool number = false;
        if (plus) {
            number = run.count >= 10 && run.digits[0].value == '8' && run.digits[1].value == '1';
        } else {
            // Every Japanese number starts with 0 and a non-zero digit ("00" dials abroad).
            number = run.count >= 10 && run.digits[0].value == '0' && run.digits[1].value != '0';
        }
        if (!number) {
            offset += cp.size;
            continue;
        }
        // A one-character reading right after a kanji or ASCII digit is more likely the particle
        // it also is ("〇三…八にかけて"): left out while 10 digits remain.
        while (run.count > 10 && run.digits[run.count - 1].single_kana &&
               !run.digits[run.count - 2].kana) {
            --run.count;
        }
        const std::size_t end = run.digits[run.count - 1].end;
        out.push_back(TextRange{offset, end});
        offset = end;
    }
}

std::string phone_digits(std::string_view text) {
    std::string digits;
    bool plus = false;
    std::size_t offset = 0;
    while (offset < text.size()) {
        if (const std::optional<Digit> digit = digit_at(text, offset)) {
            digits += digit->value;
            offset = digit->end;
            continue;
        }
        const kana::CodePoint cp = kana::at(text, offset);
        if (cp.size == 0) {
            break;
        }
        plus = plus || (cp.value == '+' && digits.empty());
        offset += cp.size;
    }
    if (plus && digits.size() > 2 && digits.compare(0, 2, "81") == 0) {
        // "+81 90..." and "+81 (0)90..." are both "090...".
        const std::string rest = digits.substr(2);
        return rest.front() == '0' ? rest : "0" + rest;
    }
    return digits;
}

}  // namespace ibasho::moderation
