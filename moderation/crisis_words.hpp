// The crisis-word detector (DESIGN.md rule 6): says whether a message speaks of wanting to die
// or to hurt oneself, so the room's supporters can be alerted. It never blocks anything itself.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ibasho::moderation {

// Stems and near-miss exclusions, both folded with fold_for_matching at load, so the files can be
// written naturally ("want to die", "シニタイ"). A message matches when its folded text contains a
// stem and no exclusion found in the same text covers that occurrence ("お腹が空いて死にそう"
// covers "死にそう"). A pair line "デパス | 眠剤 & 全部飲 | ためて" matches when the text holds
// one of the left words and one of the right ones, in any order, neither covered: a means word
// says little alone ("ブロンを買った") and much next to an amount. Matching is a scan of the
// folded text with a two-byte prefilter and a three-byte index (pair partners are looked for
// only after their left word was found), a few microseconds for a 200-character message.
// Immutable after load, so one instance can be shared by every thread.
class CrisisLexicon {
  public:
    // File format: UTF-8, one expression per line, '#' starts a comment line, blank lines are
    // skipped; in the lexicon, a line with " & " is a pair whose sides list words split by "|".
    // Throws std::runtime_error (start-up only) when a file cannot be read, a line is
    // not valid UTF-8, a pair has an empty side, an entry folds to fewer than three bytes (it would
    // match everywhere), or the lexicon has no entries. The exclusion list may be empty.
    static CrisisLexicon from_files(const std::string& lexicon_path,
                                    const std::string& exclusions_path);

    // The same from the files' contents; for tests and embedded lists.
    static CrisisLexicon from_text(std::string_view lexicon_text, std::string_view exclusions_text);

    // True when the valid UTF-8 text contains a crisis expression that no exclusion covers.
    bool matches(std::string_view valid_utf8) const;
    // The same for text already folded with fold_for_matching, so a caller running several
    // word lists over one message folds it once.
    bool matches_folded(std::string_view folded) const;

    // Plain stems (not pair words) and pair lines.
    std::size_t stem_count() const { return plain_stems_; }
    std::size_t pair_count() const { return pairs_.size(); }
    std::size_t exclusion_count() const { return exclusions_.entries.size(); }

  private:
    struct Hit {
        std::size_t begin;
        std::size_t end;
        std::size_t entry;
    };

    struct Entry {
        std::string text;
        bool plain = false;              // matches by itself
        std::vector<std::size_t> pairs;  // pairs_ in which it is a left word
    };

    // A list of folded expressions indexed by their first three bytes.
    struct Index {
        std::vector<Entry> entries;
        std::unordered_map<std::uint32_t, std::vector<std::size_t>> by_prefix;
        std::bitset<65536> first_two;

        // The entry's index, the existing one for a repeated expression.
        std::size_t add(std::string folded);
        // Calls each hit in folded order; stops early when on_hit returns false.
        template <typename OnHit>
        void scan(std::string_view folded, OnHit on_hit) const;
    };

    bool covered(std::size_t begin, std::size_t end, const std::vector<Hit>& covers) const;
    bool partner_found(std::string_view folded, const std::vector<std::string>& partners,
                       const std::vector<Hit>& covers) const;

    Index stems_;  // plain stems and the left words of pairs
    Index exclusions_;
    std::vector<std::vector<std::string>> pairs_;  // each pair's right words, folded
    std::size_t plain_stems_ = 0;
};

}  // namespace ibasho::moderation
