// Folds text for word-list matching: NFKC, katakana to hiragana, Latin lower case, and no spaces
// or filler punctuation, so "し に た い", "シニタイ" and "ｼﾆﾀｲ" all become "しにたい".
#pragma once

#include <string>
#include <string_view>

namespace ibasho::moderation {

// The folded copy of valid UTF-8 text. Steps, in order: NFKC (half-width katakana become
// full-width, full-width ASCII becomes ASCII); katakana U+30A1-U+30F6 become hiragana
// U+3041-U+3096 (the long-vowel mark "ー" stays); ASCII and Latin-1 letters are lower-cased;
// ASCII spaces, controls and punctuation and the filler marks "・、。…～〜「」『』♪☆★" are dropped;
// katakana "タヒ" (also half-width, or split by dropped marks) becomes 死, the filter-dodging
// spelling of it ("タヒにたい" is "死にたい").
// Only for matching: offsets in the result do not map back to the input. When ICU fails the
// remaining steps run on the text as given.
std::string fold_for_matching(std::string_view valid_utf8);

}  // namespace ibasho::moderation
