#include "moderation/contact_shield.hpp"

#include "moderation/contact_patterns.hpp"
#include "moderation/nfkc.hpp"
#include "moderation/utf8.hpp"

#include <unicode/regex.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

namespace ibasho::moderation {

namespace {

// A backstop against a pathological input making the regex engine crawl on the hot path. The
// unit is ICU's "steps" (roughly milliseconds); the patterns are written to scan in near-linear
// time, so only a bug or an adversarial input of a size the protocol does not allow gets here.
constexpr std::int32_t regex_time_limit = 50;

struct Range {
    std::size_t begin;
    std::size_t end;
};

// RegexMatcher is stateful; one per thread avoids both locking and a new matcher per message.
icu::RegexMatcher* thread_matcher() {
    thread_local std::unique_ptr<icu::RegexMatcher> matcher = [] {
        std::unique_ptr<icu::RegexMatcher> created;
        const icu::RegexPattern* pattern = contact_pattern();
        if (pattern == nullptr) {
            return created;
        }
        UErrorCode status = U_ZERO_ERROR;
        created.reset(pattern->matcher(status));
        if (U_SUCCESS(status) && created) {
            created->setTimeLimit(regex_time_limit, status);
        }
        if (U_FAILURE(status)) {
            created.reset();
        }
        return created;
    }();
    return matcher.get();
}

// Points the matcher at UTF-8 text for the lifetime of this object. A UTF-8 UText makes the
// matcher report byte offsets, which is what the offset map and the output are in.
class MatcherInput {
  public:
    MatcherInput(icu::RegexMatcher& matcher, std::string_view utf8) : matcher_(matcher) {
        utext_openUTF8(&text_, utf8.data(), static_cast<std::int64_t>(utf8.size()), &status_);
        if (U_SUCCESS(status_)) {
            matcher_.reset(&text_);
        }
    }
    ~MatcherInput() {
        // The matcher keeps a shallow reference; leave it on a static empty string instead.
        UErrorCode ignored = U_ZERO_ERROR;
        UText empty = UTEXT_INITIALIZER;
        utext_openUTF8(&empty, "", 0, &ignored);
        matcher_.reset(&empty);
        utext_close(&empty);
        utext_close(&text_);
    }
    MatcherInput(const MatcherInput&) = delete;
    MatcherInput& operator=(const MatcherInput&) = delete;

    bool ok() const { return U_SUCCESS(status_); }

  private:
    icu::RegexMatcher& matcher_;
    UText text_ = UTEXT_INITIALIZER;
    UErrorCode status_ = U_ZERO_ERROR;
};

enum class Scan { complete, failed };

// Calls on_found(range) for each contact detail in NFKC text, in order, as byte ranges of that
// text; stops early when on_found returns false. `failed` means the scan could not finish (no
// pattern, out of memory, time limit), and the caller must treat the rest as unsafe.
template <typename OnFound>
Scan scan(std::string_view normalised, OnFound&& on_found) {
    icu::RegexMatcher* matcher = thread_matcher();
    if (matcher == nullptr) {
        return Scan::failed;
    }
    MatcherInput input(*matcher, normalised);
    if (!input.ok()) {
        return Scan::failed;
    }
    UErrorCode status = U_ZERO_ERROR;
    while (matcher->find(status)) {
        std::int64_t begin = matcher->start64(contact_value_group, status);
        std::int64_t end = matcher->end64(contact_value_group, status);
        if (begin < 0) {
            begin = matcher->start64(status);
            end = matcher->end64(status);
        }
        if (U_FAILURE(status)) {
            return Scan::failed;
        }
        if (!on_found(Range{static_cast<std::size_t>(begin), static_cast<std::size_t>(end)})) {
            return Scan::complete;
        }
    }
    return U_SUCCESS(status) ? Scan::complete : Scan::failed;
}

bool fits_icu(std::string_view text) {
    return text.size() <= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
}

}  // namespace

ShieldResult shield_contacts(std::string_view text) {
    if (!is_valid_utf8(text) || !fits_icu(text)) {
        return ShieldResult{std::string(contact_mask), true};
    }
    NfkcText normalised;
    if (!normalised.assign(text)) {
        return ShieldResult{std::string(contact_mask), true};
    }

    // Ranges of the original text to mask, merged where they touch so that a run of details
    // ("LINE: abc / 090-...") reads as one mask per detail, never a mask inside a mask.
    std::vector<Range> masks;
    const Scan result = scan(normalised.text(), [&](Range found) {
        const auto [begin, end] = normalised.to_source(found.begin, found.end);
        if (!masks.empty() && begin <= masks.back().end) {
            masks.back().end = std::max(masks.back().end, end);
        } else {
            masks.push_back(Range{begin, end});
        }
        return true;
    });
    if (result == Scan::failed) {
        // Fail closed: what could not be checked is not delivered.
        if (masks.empty()) {
            masks.push_back(Range{0, text.size()});
        } else {
            masks.back().end = text.size();
        }
    }
    if (masks.empty()) {
        return ShieldResult{std::string(text), false};
    }

    std::string out;
    out.reserve(text.size() + masks.size() * contact_mask.size());
    std::size_t copied = 0;
    for (const Range& mask : masks) {
        out.append(text.substr(copied, mask.begin - copied));
        out.append(contact_mask);
        copied = mask.end;
    }
    out.append(text.substr(copied));
    return ShieldResult{std::move(out), true};
}

bool has_contact_details(std::string_view text) {
    if (!is_valid_utf8(text) || !fits_icu(text)) {
        return true;
    }
    NfkcText normalised;
    if (!normalised.assign(text)) {
        return true;
    }
    bool found = false;
    const Scan result = scan(normalised.text(), [&](Range) {
        found = true;
        return false;
    });
    return found || result == Scan::failed;
}

}  // namespace ibasho::moderation
