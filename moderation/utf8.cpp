#include "moderation/utf8.hpp"

#include <unicode/utf8.h>

#include <cstdint>

namespace ibasho::moderation {

bool is_valid_utf8(std::string_view s) noexcept {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
    const std::size_t length = s.size();
    std::size_t i = 0;
    while (i < length) {
        // Most chat text is ASCII or starts with it; skipping it byte by byte avoids the
        // macro's branches for the common case.
        if (bytes[i] < 0x80) {
            ++i;
            continue;
        }
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) {
            return false;
        }
    }
    return true;
}

std::size_t count_code_points(std::string_view valid_utf8) noexcept {
    // In valid UTF-8 every code point has exactly one byte that is not a continuation byte.
    std::size_t count = 0;
    for (const char ch : valid_utf8) {
        if ((static_cast<unsigned char>(ch) & 0xC0U) != 0x80U) {
            ++count;
        }
    }
    return count;
}

}  // namespace ibasho::moderation
