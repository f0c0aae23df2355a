#include "moderation/nickname.hpp"

#include "moderation/contact_shield.hpp"
#include "moderation/grapheme.hpp"
#include "moderation/nfkc.hpp"
#include "moderation/utf8.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace ibasho::moderation {

namespace {

constexpr UChar32 zero_width_joiner = 0x200D;
// WAVING BLACK FLAG, the base of the subdivision flags (England, Scotland, Wales).
constexpr UChar32 black_flag = 0x1F3F4;
constexpr UChar32 cancel_tag = 0xE007F;

bool is_blank(UChar32 c) {
    return u_hasBinaryProperty(c, UCHAR_WHITE_SPACE) || c == 0x2800;
}

bool is_tag_spec(UChar32 c) {
    return c >= 0xE0020 && c <= 0xE007E;
}

bool is_emoji_variation_selector(UChar32 c) {
    return c == 0xFE0E || c == 0xFE0F;
}

bool is_ideographic_variation_selector(UChar32 c) {
    return c >= 0xE0100 && c <= 0xE01EF;
}

bool is_pictograph(UChar32 c) {
    return u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC);
}

// What may stand before a ZWJ in an emoji ZWJ sequence: a pictograph, optionally followed by a
// skin tone, an emoji presentation selector, or a finished tag sequence.
bool can_precede_joiner(UChar32 c) {
    return is_pictograph(c) || u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER) || c == 0xFE0F ||
           c == cancel_tag;
}

// Tag characters are only meaningful as black flag, tag specs..., cancel tag.
bool in_flag_tag_sequence(const std::vector<UChar32>& cps, std::size_t i) {
    std::size_t start = i;
    while (start > 0 && is_tag_spec(cps[start - 1])) {
        --start;
    }
    if (start == 0 || cps[start - 1] != black_flag) {
        return false;
    }
    std::size_t end = i;
    while (end < cps.size() && is_tag_spec(cps[end])) {
        ++end;
    }
    return end > start && end < cps.size() && cps[end] == cancel_tag;
}

// Whether code point i may appear in a nickname. White space is handled by the caller. The
// invisible characters allowed here are exactly those that change how an emoji or a kanji is
// drawn; anywhere else they would let two different nicknames look the same.
bool is_allowed(const std::vector<UChar32>& cps, std::size_t i) {
    const UChar32 c = cps[i];
    const UChar32 prev = i > 0 ? cps[i - 1] : U_SENTINEL;
    const UChar32 next = i + 1 < cps.size() ? cps[i + 1] : U_SENTINEL;

    if (c == zero_width_joiner) {
        return prev >= 0 && next >= 0 && can_precede_joiner(prev) && is_pictograph(next);
    }
    if (is_emoji_variation_selector(c)) {
        return prev >= 0 && u_hasBinaryProperty(prev, UCHAR_EMOJI);
    }
    if (is_ideographic_variation_selector(c)) {
        return prev >= 0 && u_hasBinaryProperty(prev, UCHAR_IDEOGRAPHIC);
    }
    if (is_tag_spec(c)) {
        return in_flag_tag_sequence(cps, i);
    }
    if (c == cancel_tag) {
        return i > 0 && is_tag_spec(prev) && in_flag_tag_sequence(cps, i - 1);
    }

    switch (u_charType(c)) {
        case U_CONTROL_CHAR:
        case U_FORMAT_CHAR:
        case U_PRIVATE_USE_CHAR:
        case U_SURROGATE:
            return false;
        case U_UNASSIGNED:
            // ICU's tables may predate the newest emoji; Extended_Pictographic already covers
            // the blocks reserved for them, so those are let through.
            return is_pictograph(c);
        default:
            break;
    }
    return !u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

std::vector<UChar32> decode(std::string_view valid_utf8) {
    std::vector<UChar32> cps;
    cps.reserve(valid_utf8.size());
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(valid_utf8.data());
    const std::size_t length = valid_utf8.size();
    std::size_t i = 0;
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT_OR_FFFD(bytes, i, length, c);
        cps.push_back(c);
    }
    return cps;
}

void append(std::string& out, UChar32 c) {
    char buffer[U8_MAX_LENGTH];
    std::size_t length = 0;
    U8_APPEND_UNSAFE(buffer, length, c);
    out.append(buffer, length);
}

bool is_combining_mark(UChar32 c) {
    const std::int8_t type = u_charType(c);
    return (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK) &&
           !is_emoji_variation_selector(c) && !is_ideographic_variation_selector(c);
}

bool has_overloaded_character(std::string_view nick, const std::vector<std::size_t>& ends) {
    std::size_t begin = 0;
    for (const std::size_t end : ends) {
        std::size_t marks = 0;
        for (const UChar32 c : decode(nick.substr(begin, end - begin))) {
            if (is_combining_mark(c) && ++marks > max_marks_per_char) {
                return true;
            }
        }
        begin = end;
    }
    return false;
}

NickResult fail(NickProblem problem) {
    return NickResult{std::string(), problem};
}

}  // namespace

NickResult normalize_nickname(std::string_view raw) {
    if (raw.size() > max_nick_input_bytes) {
        return fail(NickProblem::too_long);
    }
    if (!is_valid_utf8(raw)) {
        return fail(NickProblem::invalid_encoding);
    }
    const std::optional<std::string> folded = to_nfkc(raw);
    if (!folded) {
        return fail(NickProblem::invalid_encoding);
    }

    const std::vector<UChar32> cps = decode(*folded);
    std::string nick;
    nick.reserve(folded->size());
    bool pending_space = false;
    for (std::size_t i = 0; i < cps.size(); ++i) {
        if (is_blank(cps[i])) {
            // Leading blanks are dropped because nothing precedes them; trailing ones because
            // the pending space is only written before the next visible character.
            pending_space = !nick.empty();
            continue;
        }
        if (!is_allowed(cps, i)) {
            return fail(NickProblem::control_character);
        }
        if (pending_space) {
            nick.push_back(' ');
            pending_space = false;
        }
        append(nick, cps[i]);
    }

    if (nick.empty()) {
        return fail(NickProblem::empty);
    }
    if (nick.size() > max_nick_bytes) {
        return fail(NickProblem::too_long);
    }
    const std::vector<std::size_t> ends = grapheme_ends(nick);
    if (ends.size() > max_nick_chars || has_overloaded_character(nick, ends)) {
        return fail(NickProblem::too_long);
    }
    if (has_contact_details(nick)) {
        return fail(NickProblem::contact_details);
    }
    return NickResult{std::move(nick), NickProblem::none};
}

std::string_view to_string(NickProblem problem) {
    switch (problem) {
        case NickProblem::none:
            return "none";
        case NickProblem::empty:
            return "empty";
        case NickProblem::too_long:
            return "too_long";
        case NickProblem::control_character:
            return "control_character";
        case NickProblem::contact_details:
            return "contact_details";
        case NickProblem::invalid_encoding:
            return "invalid_encoding";
    }
    return "unknown";
}

}  // namespace ibasho::moderation
