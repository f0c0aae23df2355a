#include "server/staff/display_name.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "moderation/grapheme.hpp"
#include "moderation/nfkc.hpp"
#include "moderation/text_fold.hpp"
#include "moderation/utf8.hpp"
#include "server/staff/digest.hpp"

namespace ibasho::staff {
namespace {

bool is_space(UChar32 c) {
    return u_isUWhiteSpace(c) || c == 0x2800;  // braille blank renders as a space
}

bool is_refused(UChar32 c) {
    const auto type = u_charType(c);
    return type == U_CONTROL_CHAR || type == U_FORMAT_CHAR || type == U_PRIVATE_USE_CHAR ||
           type == U_UNASSIGNED || type == U_SURROGATE ||
           u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

}  // namespace

std::optional<std::string> normalize_display_name(std::string_view raw) {
    if (raw.size() > 4 * max_display_name_bytes || !moderation::is_valid_utf8(raw)) {
        return std::nullopt;
    }
    const auto nfkc = moderation::to_nfkc(raw);
    if (!nfkc) {
        return std::nullopt;
    }
    std::string out;
    bool pending_space = false;
    const auto* s = reinterpret_cast<const std::uint8_t*>(nfkc->data());
    const auto length = static_cast<std::int32_t>(nfkc->size());
    std::int32_t i = 0;
    while (i < length) {
        const std::int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0) {
            return std::nullopt;
        }
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (is_refused(c)) {
            return std::nullopt;
        }
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
        }
        out.append(nfkc->data() + start, static_cast<std::size_t>(i - start));
    }
    if (out.empty() || out.size() > max_display_name_bytes ||
        moderation::count_graphemes(out) > max_display_name_chars) {
        return std::nullopt;
    }
    return out;
}

std::string fold_display_name(std::string_view name) {
    std::string folded = moderation::fold_for_matching(name);
    if (!folded.empty()) {
        return folded;
    }
    std::string lower(name);
    for (char& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return lower;
}

std::string display_name_hash(std::string_view name) {
    return sha256_hex(fold_display_name(name)).substr(0, 32);
}

}  // namespace ibasho::staff
