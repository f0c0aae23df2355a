// User-perceived characters (extended grapheme clusters, ICU's character BreakIterator): what
// nickname lengths are counted in, so a family emoji or a flag is one character.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace ibasho::moderation {

// Byte offsets just past each grapheme cluster of valid UTF-8 text, in order; the last entry is
// text.size(). Empty for empty text.
std::vector<std::size_t> grapheme_ends(std::string_view valid_utf8);

// Number of grapheme clusters in valid UTF-8 text.
std::size_t count_graphemes(std::string_view valid_utf8);

// The longest prefix of valid UTF-8 text holding at most max_clusters grapheme clusters.
std::string_view take_graphemes(std::string_view valid_utf8, std::size_t max_clusters);

}  // namespace ibasho::moderation
