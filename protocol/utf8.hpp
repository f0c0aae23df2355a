// UTF-8 decoding one code point at a time, with Unicode's "maximal subpart" error steps.
// Shared by the escaper (which repairs bad bytes) and the text rules (which count code points).
#pragma once

#include <cstddef>
#include <string_view>

namespace ibasho::protocol::utf8 {

inline constexpr char32_t invalid = 0xFFFFFFFF;
inline constexpr char32_t replacement = 0xFFFD;

struct Step {
    char32_t code_point;  // `invalid` when the bytes at pos do not start a well-formed sequence
    std::size_t length;   // bytes consumed, always >= 1 so a loop always moves forward
};

// Decodes the sequence starting at s[pos] (pos < s.size()). On bad input, length covers the
// maximal ill-formed subpart, so one U+FFFD per step matches what browsers produce.
Step next(std::string_view s, std::size_t pos) noexcept;

bool is_valid(std::string_view s) noexcept;

}  // namespace ibasho::protocol::utf8
