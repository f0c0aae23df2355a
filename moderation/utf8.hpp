// UTF-8 well-formedness and code point counting for text that arrives from the network.
// Owns nothing else: normalisation and grapheme clusters live in nfkc.hpp and grapheme.hpp.
#pragma once

#include <cstddef>
#include <string_view>

namespace ibasho::moderation {

// True when s is well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above
// U+10FFFF, no truncated sequence. U+0000 is well-formed; rejecting it is a policy decision.
bool is_valid_utf8(std::string_view s) noexcept;

// Number of code points in s. The caller guarantees s is valid UTF-8 (is_valid_utf8); on
// ill-formed input the result counts lead and stray bytes and is only an estimate.
std::size_t count_code_points(std::string_view valid_utf8) noexcept;

}  // namespace ibasho::moderation
