// The contact-detail shield (DESIGN.md hard rule 5): phone numbers, e-mail addresses, URLs and
// messenger ids written by participants are masked before delivery, so nobody is lured away.
#pragma once

#include <string>
#include <string_view>

namespace ibasho::moderation {

class ContactAllowance;  // contact_allowance.hpp: the help directory's numbers and links

// What readers see in place of each contact detail.
inline constexpr std::string_view contact_mask = "［連絡先は表示されません］";

struct ShieldResult {
    std::string text;     // the message as delivered
    bool masked = false;  // whether anything was replaced
    unsigned masks = 0;   // how many spans were replaced (1 when the whole text failed closed)
};

// Replaces each contact detail in text by contact_mask and leaves every other byte as written.
// Matching runs on an NFKC copy, so full-width forms ("０９０ー…", "name＠example．com") and
// half-width katakana are caught; what is replaced is the original span that produced the match.
//
// Masked:
//  - phone numbers: 10 or 11 digits starting with 0, in groups separated by spaces, hyphens,
//    dashes, "ー", dots or brackets (so also "0 9 0 1 2 ..."); "+" and 8 to 15 digits; any run
//    of 10 or more digits;
//  - phone numbers written the Japanese way: digits as kanji ("〇九〇一二三四五六七八", "零"),
//    as kana readings ("ぜろきゅうぜろ…", "ゼロキューゼロ", "まる" for 0, "し"/"よん",
//    "しち"/"なな", "く"/"きゅう") or mixed with ASCII ("090の一二三四の5678"), with "の", "ー",
//    "、", "・", spaces, dots, commas, hyphens or brackets (up to three) between digits, once the
//    run holds 10 or more digits starting with 0 and a non-zero digit, or "+81" and 8 or more;
//  - e-mail addresses, also spaced or spelled out ("name at example dot com", "あっと", "ドット"),
//    and spelled in kana ("さくら あっとまーく じーめーる どっと こむ", "sakura@やふー"): an "@"
//    word before a known provider read aloud, or before a label, a dot word and a domain;
//  - URLs: any "scheme://", "www.", and bare domains on a fixed list of top-level domains
//    (example.com, t.me/x, bit.ly/x, line.me/...);
//  - "@" followed by 3 or more ASCII characters with at least one letter;
//  - the id after a messenger name ("LINE ID: abc", "ライン abc", "discord: abc#1234",
//    "インスタ abc", "X(旧Twitter) abc", "カカオ: abc", "telegram abc"), also in kana
//    ("ラインのIDはさくらもち", "インスタ：さくら", "ライン さくら123"; a kana id needs an "ID"
//    word or ":", "=", "→" before it, or ASCII mixed in). Only the id is masked: the name
//    stays, so the sentence still reads. See messenger_names.hpp for the names.
//
// Kept: times, dates, prices, counts, ages and years in kanji or digits ("二時半", "十二月一日",
// "二〇二六年", "五百円", "三十代": "十", "百", "千", "万" end a digit run, and no such run
// reaches 10 digits starting with 0), postal codes, 8-digit numbers without an area code
// ("1234-5678"), "090ってなに？", "ゼロから", "いちにのさん", "あっという間", Japanese sentences,
// emoji, a messenger name with no id ("LINEやってる？", "インスタはやってない"). "@みんな" is
// kept: handles on every platform we know are ASCII.
//
// allow (the help directory, contact_allowance.hpp): a phone number whose digits are an allowed
// number's, in any form, is kept as written; so is an allowed link when the allowance says links
// are allowed (staff), with anything found inside it. Addresses and messenger ids are never
// allowed. nullptr allows nothing.
//
// Fails closed: text that is not valid UTF-8 (the protocol layer rejects it first) or that
// could not be checked (ICU out of memory, or its time limit reached) is replaced whole by one
// mask. Shielding shielded text changes nothing. Typical messages take a few microseconds; text
// with no ASCII letter or digit, most Japanese, skips the regular expressions and only runs the
// Japanese rules, plain loops behind cheap pre-checks.
ShieldResult shield_contacts(std::string_view text, const ContactAllowance* allow = nullptr);

// Whether shield_contacts would mask anything; without an allowance it stops at the first
// finding. True wherever shield_contacts fails closed.
bool has_contact_details(std::string_view text, const ContactAllowance* allow = nullptr);

}  // namespace ibasho::moderation
