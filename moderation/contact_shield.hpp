// The contact-detail shield (DESIGN.md hard rule 5): phone numbers, e-mail addresses, URLs and
// messenger ids written by participants are masked before delivery, so nobody is lured away.
#pragma once

#include <string>
#include <string_view>

namespace ibasho::moderation {

// What readers see in place of each contact detail.
inline constexpr std::string_view contact_mask = "［連絡先は表示されません］";

struct ShieldResult {
    std::string text;     // the message as delivered
    bool masked = false;  // whether anything was replaced
};

// Replaces each contact detail in text by contact_mask and leaves every other byte as written.
// Matching runs on an NFKC copy, so full-width forms ("０９０ー…", "name＠example．com") and
// half-width katakana are caught; what is replaced is the original span that produced the match.
//
// Masked:
//  - phone numbers: 10 or 11 digits starting with 0, in groups separated by spaces, hyphens,
//    dashes, "ー", dots or brackets (so also "0 9 0 1 2 ..."); "+" and 8 to 15 digits; any run
//    of 10 or more digits;
//  - e-mail addresses, also spaced or spelled out ("name at example dot com", "あっと", "ドット");
//  - URLs: any "scheme://", "www.", and bare domains on a fixed list of top-level domains
//    (example.com, t.me/x, bit.ly/x, line.me/...);
//  - "@" followed by 3 or more ASCII characters with at least one letter;
//  - the id after a messenger name ("LINE ID: abc", "ライン abc", "discord: abc#1234",
//    "インスタ abc", "X(旧Twitter) abc", "カカオ: abc", "telegram abc"). Only the id is masked:
//    the name stays, so the sentence still reads. See messenger_names.hpp for the names.
//
// Kept: times, dates, prices, counts, years, postal codes, 8-digit numbers without an area code
// ("1234-5678"), Japanese sentences, emoji, and a messenger name with no id ("LINEやってる？").
// "@みんな" is kept: handles on every platform we know are ASCII, and masking Japanese after "@"
// would hit ordinary replies.
//
// Fails closed: text that is not valid UTF-8 (the protocol layer rejects it first) or that
// could not be checked (ICU out of memory, or its time limit reached) is replaced whole by one
// mask. Typical messages take a few microseconds; text with no ASCII letter or digit, most
// Japanese, skips the regular expressions entirely.
ShieldResult shield_contacts(std::string_view text);

// Whether shield_contacts would mask anything; stops at the first finding. True wherever
// shield_contacts fails closed.
bool has_contact_details(std::string_view text);

}  // namespace ibasho::moderation
