// The compiled regular expression behind the contact shield: what counts as a phone number,
// e-mail address, URL or messenger handle. Kept apart so the rules can be read in one place.
#pragma once

#include <unicode/regex.h>

namespace ibasho::moderation {

// Capture group that holds the id after a messenger name ("LINE ID: abc" -> "abc"). When it
// did not take part in a match, the whole match is the contact detail.
inline constexpr int contact_value_group = 1;

// The pattern, compiled once on first use and shared by all threads (RegexPattern is immutable;
// each thread needs its own RegexMatcher). It expects NFKC text and is case-insensitive.
// nullptr if it failed to compile, which the tests rule out.
const icu::RegexPattern* contact_pattern();

}  // namespace ibasho::moderation
