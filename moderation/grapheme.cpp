#include "moderation/grapheme.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <cstdint>
#include <limits>
#include <memory>

namespace ibasho::moderation {

namespace {

// A BreakIterator is stateful and not thread-safe, and creating one loads rule data; one per
// thread is both safe and cheap.
icu::BreakIterator* character_iterator() {
    thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> created(
            icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
        if (U_FAILURE(status)) {
            created.reset();
        }
        return created;
    }();
    return iterator.get();
}

// Without ICU data there are no cluster rules; one code point per character is the closest
// safe answer (it over-counts emoji sequences, so length limits stay limits).
std::vector<std::size_t> code_point_ends(std::string_view text) {
    std::vector<std::size_t> ends;
    for (std::size_t i = 1; i <= text.size(); ++i) {
        if (i == text.size() || (static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) {
            ends.push_back(i);
        }
    }
    return ends;
}

}  // namespace

std::vector<std::size_t> grapheme_ends(std::string_view valid_utf8) {
    if (valid_utf8.empty()) {
        return {};
    }
    icu::BreakIterator* iterator = character_iterator();
    if (iterator == nullptr ||
        valid_utf8.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
        return code_point_ends(valid_utf8);
    }
    UErrorCode status = U_ZERO_ERROR;
    // A UTF-8 UText makes the iterator report byte offsets directly, with no UTF-16 copy.
    UText text = UTEXT_INITIALIZER;
    utext_openUTF8(&text, valid_utf8.data(), static_cast<std::int64_t>(valid_utf8.size()), &status);
    iterator->setText(&text, status);
    std::vector<std::size_t> ends;
    if (U_SUCCESS(status)) {
        for (std::int32_t at = iterator->next(); at != icu::BreakIterator::DONE;
             at = iterator->next()) {
            ends.push_back(static_cast<std::size_t>(at));
        }
    }
    // Detach the iterator from the stack UText before it goes away.
    UErrorCode ignored = U_ZERO_ERROR;
    UText empty = UTEXT_INITIALIZER;
    utext_openUTF8(&empty, "", 0, &ignored);
    iterator->setText(&empty, ignored);
    utext_close(&empty);
    utext_close(&text);
    if (U_FAILURE(status)) {
        return code_point_ends(valid_utf8);
    }
    return ends;
}

std::size_t count_graphemes(std::string_view valid_utf8) {
    return grapheme_ends(valid_utf8).size();
}

std::string_view take_graphemes(std::string_view valid_utf8, std::size_t max_clusters) {
    if (max_clusters == 0) {
        return valid_utf8.substr(0, 0);
    }
    const std::vector<std::size_t> ends = grapheme_ends(valid_utf8);
    if (ends.size() <= max_clusters) {
        return valid_utf8;
    }
    return valid_utf8.substr(0, ends[max_clusters - 1]);
}

}  // namespace ibasho::moderation
