#include "protocol/utf8.hpp"

namespace ibasho::protocol::utf8 {
namespace {

constexpr bool is_continuation(unsigned char byte) noexcept {
    return (byte & 0xC0) == 0x80;
}

}  // namespace

Step next(std::string_view s, std::size_t pos) noexcept {
    const auto lead = static_cast<unsigned char>(s[pos]);
    if (lead < 0x80) {
        return {lead, 1};
    }

    // Table 3-7 of the Unicode standard: the lead byte fixes the length and the allowed range
    // of the second byte, which is how overlongs, surrogates and values past U+10FFFF are
    // refused.
    std::size_t length = 0;
    unsigned char second_low = 0x80;
    unsigned char second_high = 0xBF;
    char32_t value = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        value = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        value = lead & 0x0F;
        if (lead == 0xE0) {
            second_low = 0xA0;
        } else if (lead == 0xED) {
            second_high = 0x9F;
        }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        value = lead & 0x07;
        if (lead == 0xF0) {
            second_low = 0x90;
        } else if (lead == 0xF4) {
            second_high = 0x8F;
        }
    } else {
        return {invalid, 1};
    }

    for (std::size_t i = 1; i < length; ++i) {
        if (pos + i >= s.size()) {
            return {invalid, i};
        }
        const auto byte = static_cast<unsigned char>(s[pos + i]);
        const bool in_range =
            i == 1 ? (byte >= second_low && byte <= second_high) : is_continuation(byte);
        if (!in_range) {
            return {invalid, i};
        }
        value = (value << 6) | (byte & 0x3F);
    }
    return {value, length};
}

bool is_valid(std::string_view s) noexcept {
    for (std::size_t pos = 0; pos < s.size();) {
        const Step step = next(s, pos);
        if (step.code_point == invalid) {
            return false;
        }
        pos += step.length;
    }
    return true;
}

}  // namespace ibasho::protocol::utf8
