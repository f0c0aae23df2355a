#include "moderation/contact_shield.hpp"

#include "moderation/contact_patterns.hpp"
#include "moderation/nfkc.hpp"
#include "moderation/utf8.hpp"

#include <unicode/regex.h>
#include <unicode/stringpiece.h>
#include <unicode/unistr.h>

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

// Every rule needs an ASCII letter or digit (after NFKC, full-width ones are ASCII), so text
// without one, such as most Japanese sentences, skips the regex engine altogether.
bool may_hold_contact(std::string_view normalised) {
    return std::any_of(normalised.begin(), normalised.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    });
}

// ICU's regex engine is several times faster on UTF-16 than through a UTF-8 UText, so matching
// runs on a UTF-16 copy; this turns the UTF-16 offsets it reports back into UTF-8 byte offsets.
// Offsets must be asked for in increasing order, which is the order matches come in.
class Utf8Offsets {
public:
    explicit Utf8Offsets(std::string_view valid_utf8) : text_(valid_utf8) {}

    std::size_t from_utf16(std::size_t utf16_offset) {
        while (utf16_ < utf16_offset && utf8_ < text_.size()) {
            const auto lead = static_cast<unsigned char>(text_[utf8_]);
            const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
            utf8_ += length;
            utf16_ += length == 4 ? 2 : 1;  // code points above U+FFFF take a surrogate pair
        }
        return utf8_;
    }

private:
    std::string_view text_;
    std::size_t utf8_ = 0;
    std::size_t utf16_ = 0;
};

// Gives the matcher its input for the lifetime of this object. The matcher keeps a reference to
// the string, so it is pointed at a static empty one before the string goes away.
class MatcherInput {
public:
    MatcherInput(icu::RegexMatcher& matcher, const icu::UnicodeString& text) : matcher_(matcher) {
        matcher_.reset(text);
    }
    ~MatcherInput() {
        static const icu::UnicodeString empty;
        matcher_.reset(empty);
    }
    MatcherInput(const MatcherInput&) = delete;
    MatcherInput& operator=(const MatcherInput&) = delete;

private:
    icu::RegexMatcher& matcher_;
};

enum class Scan { complete, failed };

// Calls on_found(range) for each contact detail in NFKC text, in order, as byte ranges of that
// text; stops early when on_found returns false. `failed` means the scan could not finish (no
// pattern, out of memory, time limit), and the caller must treat the rest as unsafe.
template <typename OnFound>
Scan scan(std::string_view normalised, OnFound&& on_found) {
    if (!may_hold_contact(normalised)) {
        return Scan::complete;
    }
    icu::RegexMatcher* matcher = thread_matcher();
    if (matcher == nullptr) {
        return Scan::failed;
    }
    const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(normalised.data(), static_cast<std::int32_t>(normalised.size())));
    if (text.isBogus()) {
        return Scan::failed;
    }
    MatcherInput input(*matcher, text);
    Utf8Offsets offsets(normalised);
    UErrorCode status = U_ZERO_ERROR;
    while (matcher->find(status)) {
        std::int32_t begin = matcher->start(contact_value_group, status);
        std::int32_t end = matcher->end(contact_value_group, status);
        if (begin < 0) {
            begin = matcher->start(status);
            end = matcher->end(status);
        }
        if (U_FAILURE(status) || begin < 0 || end < begin) {
            return Scan::failed;
        }
        const std::size_t begin8 = offsets.from_utf16(static_cast<std::size_t>(begin));
        const std::size_t end8 = offsets.from_utf16(static_cast<std::size_t>(end));
        if (!on_found(Range{begin8, end8})) {
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
