// The crisis-word detector (DESIGN.md rule 6): says whether a message speaks of wanting to die
// or to hurt oneself, so the room's supporters can be alerted. It never blocks anything itself.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "moderation/word_index.hpp"

namespace ibasho::moderation {

// Stems and near-miss exclusions, both folded with fold_for_matching at load, so the files can be
// written naturally ("want to die", "シニタイ"). A message matches when its folded text contains a
// stem and no exclusion found in the same text covers that occurrence ("お腹が空いて死にそう"
// covers "死にそう"). Matching is one scan of the folded text over a WordIndex, a few
// microseconds for a 200-character message. Immutable after load, so one instance can be shared
// by every thread.
class CrisisLexicon {
  public:
    // File format: UTF-8, one expression per line, '#' starts a comment line, blank lines are
    // skipped. Throws std::runtime_error (start-up only) when a file cannot be read, a line is
    // not valid UTF-8, an entry folds to fewer than three bytes (it would match everywhere), or
    // the lexicon has no entries. The exclusion list may be empty.
    static CrisisLexicon from_files(const std::string& lexicon_path,
                                    const std::string& exclusions_path);

    // The same from the files' contents; for tests and embedded lists.
    static CrisisLexicon from_text(std::string_view lexicon_text, std::string_view exclusions_text);

    // True when the valid UTF-8 text contains a crisis expression that no exclusion covers.
    bool matches(std::string_view valid_utf8) const;

    std::size_t stem_count() const { return stems_.size(); }
    std::size_t exclusion_count() const { return exclusions_.size(); }

  private:
    WordIndex stems_;
    WordIndex exclusions_;
};

}  // namespace ibasho::moderation
