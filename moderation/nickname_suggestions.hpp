// Natural alternatives for a nickname someone else holds in a room: a small number, or a gentle
// nature or colour word, in the name's own script. Pure; the caller (Presence) keeps the free ones.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ibasho::moderation {

// How many alternatives nickname_alternatives() makes by default: enough that two or three are
// still free in a busy room where the obvious ones ("くも2", "くも3") are already taken.
inline constexpr std::size_t default_nick_alternatives = 12;

// Alternatives to `nick` (expected to come from normalize_nickname), best first, at most `count`:
//  - a number: "くも" -> "くも2", "くも3"; a name ending in a number counts on ("くも2" ->
//  "くも3");
//  - a name in kana or kanji gets Japanese words: "そらのくも", "しずかなくも";
//  - a Latin name gets English words before it, in its case: "Quiet Cloud", "quiet kumo";
//  - anything else (emoji, other scripts) gets numbers only: a word in another language would
//    not read as the same name.
// Every alternative differs from `nick` and from the others, is its own normalize_nickname()
// result (so sending it back joins under exactly that name), and stays within max_nick_chars
// characters and max_nick_bytes bytes: the end of a long name is cut to make room. Which words
// come first depends on the name (a stable hash), so two names do not get the same words.
std::vector<std::string> nickname_alternatives(std::string_view nick,
                                               std::size_t count = default_nick_alternatives);

}  // namespace ibasho::moderation
