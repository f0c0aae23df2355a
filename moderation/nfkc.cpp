#include "moderation/nfkc.hpp"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace ibasho::moderation {

namespace {

const icu::Normalizer2* nfkc_instance() {
    // ICU caches the instance process-wide; it is immutable and safe to share between threads.
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
    return U_SUCCESS(status) ? normalizer : nullptr;
}

bool fits_icu(std::string_view s) {
    return s.size() <= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
}

icu::StringPiece piece(std::string_view s) {
    return icu::StringPiece(s.data(), static_cast<std::int32_t>(s.size()));
}

}  // namespace

std::optional<std::string> to_nfkc(std::string_view valid_utf8) {
    const icu::Normalizer2* normalizer = nfkc_instance();
    if (normalizer == nullptr || !fits_icu(valid_utf8)) {
        return std::nullopt;
    }
    std::string out;
    icu::StringByteSink<std::string> sink(&out, static_cast<std::int32_t>(valid_utf8.size()));
    UErrorCode status = U_ZERO_ERROR;
    normalizer->normalizeUTF8(0, piece(valid_utf8), sink, nullptr, status);
    if (U_FAILURE(status)) {
        return std::nullopt;
    }
    return out;
}

bool NfkcText::assign(std::string_view valid_utf8) {
    source_ = valid_utf8;
    view_ = valid_utf8;
    owned_.clear();
    spans_.clear();

    const icu::Normalizer2* normalizer = nfkc_instance();
    if (normalizer == nullptr || !fits_icu(valid_utf8)) {
        return false;
    }
    UErrorCode status = U_ZERO_ERROR;
    // Most messages are already NFKC; the quick check lets them skip the copy and the map.
    if (normalizer->isNormalizedUTF8(piece(valid_utf8), status) && U_SUCCESS(status)) {
        return true;
    }
    status = U_ZERO_ERROR;

    icu::Edits edits;
    icu::StringByteSink<std::string> sink(&owned_, static_cast<std::int32_t>(valid_utf8.size()));
    normalizer->normalizeUTF8(0, piece(valid_utf8), sink, &edits, status);
    if (U_FAILURE(status)) {
        return false;
    }
    // The fine iterator keeps each replaced piece separate, so a mask only grows by the
    // characters that were actually folded, not by a whole run of them.
    icu::Edits::Iterator it = edits.getFineIterator();
    while (it.next(status)) {
        spans_.push_back(Span{static_cast<std::size_t>(it.sourceIndex()),
                              static_cast<std::size_t>(it.oldLength()),
                              static_cast<std::size_t>(it.destinationIndex()),
                              static_cast<std::size_t>(it.newLength()), it.hasChange() != 0});
    }
    if (U_FAILURE(status)) {
        return false;
    }
    view_ = owned_;
    return true;
}

const NfkcText::Span& NfkcText::span_at(std::size_t normalised_offset) const {
    // The last span that starts at or before the offset. Spans that produced no output (a
    // deleted character) share a start with their successor; upper_bound skips past them.
    auto it = std::upper_bound(
        spans_.begin(), spans_.end(), normalised_offset,
        [](std::size_t offset, const Span& span) { return offset < span.normalised; });
    return it == spans_.begin() ? *it : *std::prev(it);
}

std::pair<std::size_t, std::size_t> NfkcText::to_source(std::size_t begin, std::size_t end) const {
    if (spans_.empty()) {
        return {begin, end};
    }
    std::size_t source_begin = source_.size();
    if (begin < view_.size()) {
        const Span& span = span_at(begin);
        source_begin = span.changed ? span.source : span.source + (begin - span.normalised);
    }
    std::size_t source_end = 0;
    if (end > 0) {
        // Look up the last byte inside the range, then step past the piece it belongs to.
        const Span& span = span_at(end - 1);
        source_end =
            span.changed ? span.source + span.source_length : span.source + (end - span.normalised);
    }
    return {source_begin, std::max(source_begin, source_end)};
}

}  // namespace ibasho::moderation
