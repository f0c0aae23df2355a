// The rules behind the contact shield: what counts as a phone number, e-mail address, URL or
// messenger id, as precompiled ICU regular expressions plus a cheap pre-test for each.
#pragma once

#include "moderation/messenger_names.hpp"

#include <unicode/regex.h>

#include <array>
#include <string_view>

namespace ibasho::moderation {

// Rules that are searched for anywhere in a message. Each is its own small pattern: ICU copies
// a match frame, whose size grows with the pattern, at every branch it tries, so one pattern
// holding every rule was several times slower per character; and most messages skip most rules.
enum class ContactRule { url, address, domain, at_handle, phone };

inline constexpr std::array<ContactRule, 5> contact_rules = {
    ContactRule::url, ContactRule::address, ContactRule::domain, ContactRule::at_handle,
    ContactRule::phone};

// The rule's pattern, compiled on first use and shared by all threads (a RegexPattern is
// immutable; each thread needs its own RegexMatcher). It expects NFKC text and ignores case.
// nullptr if it failed to compile, which the tests rule out.
const icu::RegexPattern* contact_pattern(ContactRule rule);

// A cheap necessary condition on NFKC text: false means the rule cannot match, so its regex
// need not run (no "://", no URL with a scheme).
bool contact_rule_may_match(ContactRule rule, std::string_view nfkc_text);

// What may follow a messenger name (find_messenger_names): an "ID"-like word, a separator and
// the id itself, which is capture group contact_id_group. Used anchored just after the name.
const icu::RegexPattern* after_name_pattern(NameStrength strength);

inline constexpr int contact_id_group = 1;

}  // namespace ibasho::moderation
