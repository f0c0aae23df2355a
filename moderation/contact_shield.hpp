// The contact-detail shield (DESIGN.md hard rule 5): phone numbers, e-mail addresses, URLs and
// messenger handles written by participants are masked before delivery, so nobody is lured
// off-platform.
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
// Masked: phone numbers (10+ digits starting with 0, groups separated by spaces, hyphens,
// dashes, "ー", dots or brackets; "+" and 8+ digits; any 10+ digit run), e-mail addresses
// (also "name at example dot com", "あっと"/"ドット"), URLs (any "scheme://", "www.", bare
// domains on a fixed list of TLDs such as example.com, t.me/x, bit.ly/x, line.me), handles
// ("@" + 3 or more ASCII characters with at least one letter) and ids after a messenger name
// ("LINE ID: abc", "ライン abc", "discord: abc#1234", "インスタ abc", "X(旧Twitter) abc").
// After a messenger name only the id is masked; the name stays, so the sentence still reads.
//
// Kept: times, dates, prices, counts, years, Japanese sentences, emoji, and a messenger name
// with no id after it ("LINEやってる？"). "@みんな" is kept: handles on every platform we know
// are ASCII, and masking Japanese after "@" would hit ordinary replies.
//
// Text that is not valid UTF-8 is replaced whole by the mask (the protocol layer rejects such
// text first; this only keeps the function total).
ShieldResult shield_contacts(std::string_view text);

// Whether shield_contacts would mask anything; stops at the first finding. True for text that
// is not valid UTF-8.
bool has_contact_details(std::string_view text);

}  // namespace ibasho::moderation
