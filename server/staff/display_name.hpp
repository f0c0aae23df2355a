// Staff display names: what a supporter or organiser is shown as, and the key that keeps two
// accounts from holding names that look the same ("Aiko", "ａｉｋｏ", "AIKO").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ibasho::staff {

inline constexpr std::size_t max_display_name_chars = 32;  // grapheme clusters
inline constexpr std::size_t max_display_name_bytes = 256;

// NFKC, white space trimmed and inner runs made one space, 1-32 characters, no control,
// format, private-use or unassigned code points. nullopt when the input cannot be a name.
std::optional<std::string> normalize_display_name(std::string_view raw);

// The folded form names are compared in (moderation::fold_for_matching: NFKC, katakana as
// hiragana, lower case, no spaces or filler marks), or the lower-cased name when that folds
// to nothing. `name` is a normalize_display_name() result.
std::string fold_display_name(std::string_view name);

// hex(SHA-256(fold_display_name(name)))[0..32]: the `staff_name` record is "n_" + this, a
// failed-login counter "a_" + this.
std::string display_name_hash(std::string_view name);

}  // namespace ibasho::staff
