// Unicode NFKC (compatibility) normalisation of UTF-8 text, with an optional map from offsets
// in the normalised copy back to the original, so matches found on the copy can be cut out of it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ibasho::moderation {

// NFKC of valid UTF-8 ("ＡＢＣ" -> "ABC", "ｶﾞ" -> "ガ", "０９０" -> "090"). nullopt only when
// ICU reports a failure (out of memory, or input too large for ICU's 32-bit lengths).
std::optional<std::string> to_nfkc(std::string_view valid_utf8);

// A normalised copy of a text that remembers where each piece came from.
class NfkcText {
  public:
    // Normalises source; the source must outlive this object (it is not copied when it is
    // already in NFKC, the common case for Japanese text). Returns false when ICU fails.
    bool assign(std::string_view valid_utf8);

    // The NFKC text matching runs on.
    std::string_view text() const { return view_; }

    // The smallest byte range of the source that produced the normalised range [begin, end).
    // A range that starts or ends inside a replaced piece (e.g. the second byte of "ｶﾞ"'s
    // "ガ") grows to cover the whole piece, so a mask never leaves half of a character behind.
    std::pair<std::size_t, std::size_t> to_source(std::size_t begin, std::size_t end) const;

  private:
    struct Span {
        std::size_t source;
        std::size_t source_length;
        std::size_t normalised;
        std::size_t normalised_length;
        bool changed;
    };

    const Span& span_at(std::size_t normalised_offset) const;

    std::string_view source_;
    std::string_view view_;
    std::string owned_;
    std::vector<Span> spans_;  // empty when the source was already NFKC
};

}  // namespace ibasho::moderation
