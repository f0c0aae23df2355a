// Nickname rules: what a participant may call themselves in a room (a clash is offered
// alternatives by nickname_suggestions.hpp).
// Pure functions on strings; no I/O, no state, safe to call from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ibasho::moderation {

enum class NickProblem {
    none,
    empty,
    too_long,
    control_character,
    contact_details,
    invalid_encoding
};

struct NickResult {
    std::string nick;  // the nickname as it will be shown; empty unless ok()
    NickProblem problem = NickProblem::none;
    bool ok() const { return problem == NickProblem::none; }
};

// Length limit in user-perceived characters (grapheme clusters).
inline constexpr std::size_t max_nick_chars = 24;
// Raw input above this many bytes is too_long before any work is done on it.
inline constexpr std::size_t max_nick_input_bytes = 1024;
// The normalised nickname is stored and sent with every message; long emoji sequences could
// otherwise make 24 characters several hundred bytes.
inline constexpr std::size_t max_nick_bytes = 256;
// Combining marks allowed on one character: enough for any real script and for keycaps, too
// few for "zalgo" text that spills over neighbouring lines. More counts as too_long.
inline constexpr std::size_t max_marks_per_char = 4;

// Turns what a participant typed into the nickname others see, or says why it cannot be used:
//  - invalid_encoding: not UTF-8;
//  - NFKC (full-width ASCII and digits fold to ASCII, half-width katakana to full-width);
//  - white space is trimmed at both ends and each inner run becomes one ASCII space; U+2800
//    BRAILLE PATTERN BLANK counts as white space because it renders as one;
//  - control_character: any other control or format character or invisible code point (Cc, Cf,
//    Default_Ignorable: bidi overrides, zero-width space, Hangul fillers, ...), private-use or
//    unassigned code points. Exceptions keep emoji intact: U+200D ZWJ between two pictographs,
//    VS15/VS16 after an emoji, tag characters in a subdivision flag, and ideographic variation
//    selectors after a kanji;
//  - empty: nothing left;
//  - too_long: more than max_nick_chars characters, more than max_nick_bytes bytes, or a
//    character with more than max_marks_per_char combining marks;
//  - contact_details: has_contact_details() finds a phone number, address, URL or handle.
NickResult normalize_nickname(std::string_view raw);

// The problem as a stable snake_case word, e.g. "too_long"; usable as an error code.
std::string_view to_string(NickProblem problem);

}  // namespace ibasho::moderation
