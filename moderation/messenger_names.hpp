// Messenger and account names ("LINE", "インスタ", "discord", "ID", ...) that, followed by an id,
// invite someone to talk elsewhere; finds where they stand in a message for the contact shield.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace ibasho::moderation {

// A "strong" name is followed by its id after just a space ("インスタ neko"); a "weak" one is an
// ordinary word too ("line", "x", "ID", "アカ") and needs a colon, "=", "→" or "は", or an "ID"
// after it ("line: neko", "X ID neko").
enum class NameStrength { strong, weak };

struct MessengerName {
    std::size_t begin;  // byte offsets in the NFKC text
    std::size_t end;
    NameStrength strength;
};

// How far before its id a name can start, counted in bytes other than ASCII white space: the
// longest name (24), "の" and a name suffix (18), and a separator (3), rounded up. The patterns
// after a name allow only ASCII white space, so this bound is exact.
inline constexpr std::size_t name_reach = 64;

// Names in NFKC text that an id could follow, in order, never overlapping (the longest wins
// where two start together; one starting inside another is dropped). ASCII names must be whole
// words ("skyline" is not "line"; "LINEID" is "LINE" + "ID"); katakana names must not be part of a
// longer katakana word ("オンライン", "インスタント"). Because ids are ASCII, Japanese names are
// only looked for within name_reach of ASCII text.
std::vector<MessengerName> find_messenger_names(std::string_view nfkc_text);

// The same names, with Japanese names looked for in the whole text: for ids written in kana
// (contact_japanese.hpp), which have no ASCII text to be near.
std::vector<MessengerName> find_messenger_names_anywhere(std::string_view nfkc_text);

}  // namespace ibasho::moderation
