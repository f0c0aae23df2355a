// The rules behind the contact shield: what counts as a phone number, e-mail address, URL or
// messenger handle, as precompiled ICU regular expressions plus a cheap test for each.
#pragma once

#include <unicode/regex.h>

#include <array>
#include <string_view>

namespace ibasho::moderation {

// Each rule is its own small pattern. ICU copies a match frame whose size grows with the
// pattern at every branch it tries, so one pattern with every rule in it was several times
// slower per character than the rules run apart; and most messages can skip most rules.
enum class ContactRule { url, address, domain, handle, at_handle, phone };

inline constexpr std::array<ContactRule, 6> contact_rules = {
    ContactRule::url,    ContactRule::address,   ContactRule::domain,
    ContactRule::handle, ContactRule::at_handle, ContactRule::phone};

// Capture group that holds the id after a messenger name ("LINE ID: abc" -> "abc"); only the
// handle rule has it. The rest of a match is the contact detail itself.
inline constexpr int contact_value_group = 1;

// The rule's pattern, compiled on first use and shared by all threads (a RegexPattern is
// immutable; each thread needs its own RegexMatcher). It expects NFKC text and ignores case.
// nullptr if it failed to compile, which the tests rule out.
const icu::RegexPattern* contact_pattern(ContactRule rule);

// A cheap necessary condition on NFKC text: false means the rule cannot match, so its regex
// need not run. (Say, no "://" means no URL with a scheme.)
bool contact_rule_may_match(ContactRule rule, std::string_view nfkc_text);

}  // namespace ibasho::moderation
