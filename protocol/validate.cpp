#include "protocol/validate.hpp"

#include <cstddef>

#include "protocol/limits.hpp"
#include "protocol/utf8.hpp"

namespace ibasho::protocol {
namespace {

constexpr bool is_lower_alnum(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

constexpr bool is_base64url(char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

bool all_base64url(std::string_view s) noexcept {
    for (const char c : s) {
        if (!is_base64url(c)) {
            return false;
        }
    }
    return true;
}

}  // namespace

bool is_room_id(std::string_view id) noexcept {
    if (id.empty() || id.size() > max_room_id_chars || !is_lower_alnum(id.front())) {
        return false;
    }
    for (const char c : id) {
        if (!is_lower_alnum(c) && c != '-') {
            return false;
        }
    }
    return true;
}

bool is_message_id(std::string_view id) noexcept {
    return !id.empty() && id.size() <= max_id_chars && all_base64url(id);
}

bool is_session_token(std::string_view token) noexcept {
    return token.size() == session_token_chars && all_base64url(token);
}

bool is_staff_token(std::string_view token) noexcept {
    return token.size() == staff_token_chars && all_base64url(token);
}

bool is_reason_code(std::string_view code) noexcept {
    if (code.empty() || code.size() > max_reason_chars) {
        return false;
    }
    for (char c : code) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
            return false;
        }
    }
    return true;
}

bool is_blank(char32_t cp) noexcept {
    switch (cp) {
        case 0x0009:
        case 0x000A:
        case 0x000B:
        case 0x000C:
        case 0x000D:
        case 0x0020:
        case 0x0085:
        case 0x00A0:
        case 0x00AD:  // soft hyphen
        case 0x034F:  // combining grapheme joiner
        case 0x115F:  // Hangul choseong filler
        case 0x1160:  // Hangul jungseong filler
        case 0x1680:
        case 0x180E:  // Mongolian vowel separator
        case 0x2028:
        case 0x2029:
        case 0x202F:
        case 0x205F:
        case 0x2060:  // word joiner
        case 0x2800:  // braille pattern blank
        case 0x3000:  // ideographic space, the one Japanese keyboards type
        case 0x3164:  // Hangul filler
        case 0xFEFF:  // zero-width no-break space
        case 0xFFA0:  // halfwidth Hangul filler
            return true;
        default:
            break;
    }
    // En quad .. zero-width joiner, then the variation selectors.
    return (cp >= 0x2000 && cp <= 0x200D) || (cp >= 0xFE00 && cp <= 0xFE0F);
}

bool is_forbidden_control(char32_t cp) noexcept {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
        return false;
    }
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

TextProblem check_text(std::string_view text) noexcept {
    return check_text(text, max_text_chars);
}

TextProblem check_text(std::string_view text, std::size_t max_chars) noexcept {
    std::size_t count = 0;
    bool blank = true;
    for (std::size_t pos = 0; pos < text.size();) {
        const utf8::Step step = utf8::next(text, pos);
        if (step.code_point == utf8::invalid || is_forbidden_control(step.code_point)) {
            return TextProblem::bad_encoding;
        }
        blank = blank && is_blank(step.code_point);
        ++count;
        pos += step.length;
    }
    if (blank) {
        return TextProblem::empty;
    }
    return count > max_chars ? TextProblem::too_long : TextProblem::none;
}

}  // namespace ibasho::protocol
