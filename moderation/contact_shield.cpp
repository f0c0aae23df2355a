#include "moderation/contact_shield.hpp"

#include "moderation/contact_allowance.hpp"
#include "moderation/contact_japanese.hpp"
#include "moderation/contact_patterns.hpp"
#include "moderation/messenger_names.hpp"
#include "moderation/nfkc.hpp"
#include "moderation/utf8.hpp"

#include <unicode/regex.h>
#include <unicode/stringpiece.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace ibasho::moderation {

namespace {

// A backstop against an input that makes the regex engine crawl on the hot path. The unit is an
// ICU tick of about ten thousand match steps (0.15 ms on the development machine), counted, not
// timed, so the outcome never depends on load. The rules scan in near-linear time and the
// slowest 2000-character input found so far costs about 2 ms in total; only a bug gets here,
// and then the message is masked rather than delivered unchecked.
constexpr std::int32_t regex_time_limit = 50;

struct Range {
    std::size_t begin;
    std::size_t end;
};

// What a find is, for the help directory's allowance: only phone numbers and links can be
// allowed; an address or a messenger id never is.
enum class Kind { phone, link, other };

struct Found {
    Range range;  // in the NFKC text
    Kind kind;
};

Kind kind_of(ContactRule rule) {
    switch (rule) {
        case ContactRule::url:
        case ContactRule::domain:
            return Kind::link;
        case ContactRule::phone:
            return Kind::phone;
        case ContactRule::address:
        case ContactRule::at_handle:
            return Kind::other;
    }
    return Kind::other;
}

// A RegexMatcher is stateful; one per pattern per thread avoids both locking and a new matcher
// per message.
icu::RegexMatcher* make_matcher(std::unique_ptr<icu::RegexMatcher>& slot,
                                const icu::RegexPattern* pattern) {
    if (!slot && pattern != nullptr) {
        UErrorCode status = U_ZERO_ERROR;
        slot.reset(pattern->matcher(status));
        if (U_SUCCESS(status) && slot) {
            slot->setTimeLimit(regex_time_limit, status);
        }
        if (U_FAILURE(status)) {
            slot.reset();
        }
    }
    return slot.get();
}

icu::RegexMatcher* thread_matcher(ContactRule rule) {
    thread_local std::array<std::unique_ptr<icu::RegexMatcher>, contact_rules.size()> matchers;
    return make_matcher(matchers[static_cast<std::size_t>(rule)], contact_pattern(rule));
}

icu::RegexMatcher* thread_matcher(NameStrength strength) {
    thread_local std::array<std::unique_ptr<icu::RegexMatcher>, 2> matchers;
    return make_matcher(matchers[strength == NameStrength::strong ? 0 : 1],
                        after_name_pattern(strength));
}

// ICU's regex engine is several times faster on UTF-16 than through a UTF-8 UText, so matching
// runs on a UTF-16 copy; this converts offsets between it and the UTF-8 text. Each direction
// must be asked in increasing order, which is the order matches (and name starts) come in.
class Utf8Offsets {
  public:
    explicit Utf8Offsets(std::string_view valid_utf8) : text_(valid_utf8) {}

    std::size_t from_utf16(std::size_t utf16_offset) {
        while (utf16_ < utf16_offset && utf8_ < text_.size()) {
            step();
        }
        return utf8_;
    }

    std::size_t to_utf16(std::size_t utf8_offset) {
        while (utf8_ < utf8_offset && utf8_ < text_.size()) {
            step();
        }
        return utf16_;
    }

  private:
    void step() {
        const auto lead = static_cast<unsigned char>(text_[utf8_]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        utf8_ += length;
        utf16_ += length == 4 ? 2 : 1;  // code points above U+FFFF take a surrogate pair
    }

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

// Calls on_found(range) for each match of one rule in NFKC text, in order, as byte ranges of
// that text; stops early when on_found returns false. `failed` means the scan could not finish
// (no pattern, out of memory, time limit), and the caller must treat the text as unsafe.
template <typename OnFound>
Scan scan_rule(ContactRule rule, const icu::UnicodeString& text, std::string_view normalised,
               OnFound&& on_found) {
    icu::RegexMatcher* matcher = thread_matcher(rule);
    if (matcher == nullptr) {
        return Scan::failed;
    }
    MatcherInput input(*matcher, text);
    Utf8Offsets offsets(normalised);
    UErrorCode status = U_ZERO_ERROR;
    while (matcher->find(status)) {
        const std::int32_t begin = matcher->start(status);
        const std::int32_t end = matcher->end(status);
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

// Ids after messenger names: the pattern for what may follow a name is tried anchored just
// after each one. A name inside the previous match ("ID" in "LINE ID: abc") is skipped: it
// could only find the same id again.
template <typename OnFound>
Scan scan_names(const icu::UnicodeString& text, std::string_view normalised,
                const std::vector<MessengerName>& names, OnFound&& on_found) {
    icu::RegexMatcher* strong = thread_matcher(NameStrength::strong);
    icu::RegexMatcher* weak = thread_matcher(NameStrength::weak);
    if (strong == nullptr || weak == nullptr) {
        return Scan::failed;
    }
    MatcherInput strong_input(*strong, text);
    MatcherInput weak_input(*weak, text);
    Utf8Offsets name_offsets(normalised);
    Utf8Offsets match_offsets(normalised);
    std::int32_t matched_to = 0;
    for (const MessengerName& name : names) {
        const auto begin16 = static_cast<std::int32_t>(name_offsets.to_utf16(name.begin));
        const auto end16 = static_cast<std::int32_t>(name_offsets.to_utf16(name.end));
        if (begin16 < matched_to) {
            continue;
        }
        icu::RegexMatcher* matcher = name.strength == NameStrength::strong ? strong : weak;
        UErrorCode status = U_ZERO_ERROR;
        matcher->region(end16, text.length(), status);
        // Lookarounds may look past the region's edges, as they would in the whole text.
        matcher->useTransparentBounds(true);
        const bool found = matcher->lookingAt(status);
        if (U_FAILURE(status)) {
            return Scan::failed;
        }
        if (!found) {
            continue;
        }
        const std::int32_t begin = matcher->start(contact_id_group, status);
        const std::int32_t end = matcher->end(contact_id_group, status);
        if (U_FAILURE(status) || begin < matched_to || end < begin) {
            return Scan::failed;
        }
        matched_to = end;
        const std::size_t begin8 = match_offsets.from_utf16(static_cast<std::size_t>(begin));
        const std::size_t end8 = match_offsets.from_utf16(static_cast<std::size_t>(end));
        if (!on_found(Range{begin8, end8})) {
            return Scan::complete;
        }
    }
    return Scan::complete;
}

// Runs the messenger-name check, every rule whose cheap test passes and the Japanese rules
// (contact_japanese.hpp). Each stands on its own: whatever any of them finds is a contact
// detail; the caller merges finds that overlap.
template <typename OnFound>
Scan scan(std::string_view normalised, OnFound&& on_found) {
    bool stopped = false;
    const auto forward_as = [&](Kind kind) {
        return [&, kind](Range found) {
            stopped = !on_found(Found{found, kind});
            return !stopped;
        };
    };

    // Every regular expression needs an ASCII letter or digit (full-width ones are ASCII after
    // NFKC), so text without one, like most Japanese sentences, skips them all.
    const bool has_ascii_alnum = std::any_of(normalised.begin(), normalised.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    });
    if (has_ascii_alnum) {
        std::optional<icu::UnicodeString> text;  // converted once, and only if some rule needs it
        const auto utf16 = [&]() -> const icu::UnicodeString* {
            if (!text) {
                text = icu::UnicodeString::fromUTF8(icu::StringPiece(
                    normalised.data(), static_cast<std::int32_t>(normalised.size())));
            }
            return text->isBogus() ? nullptr : &*text;
        };
        const std::vector<MessengerName> names = find_messenger_names(normalised);
        if (!names.empty()) {
            const icu::UnicodeString* converted = utf16();
            if (converted == nullptr || scan_names(*converted, normalised, names,
                                                   forward_as(Kind::other)) == Scan::failed) {
                return Scan::failed;
            }
        }
        for (const ContactRule rule : contact_rules) {
            if (stopped) {
                return Scan::complete;
            }
            if (!contact_rule_may_match(rule, normalised)) {
                continue;
            }
            const icu::UnicodeString* converted = utf16();
            if (converted == nullptr || scan_rule(rule, *converted, normalised,
                                                  forward_as(kind_of(rule))) == Scan::failed) {
                return Scan::failed;
            }
        }
    }

    // The Japanese rules are plain loops with cheap pre-checks of their own, so a Japanese
    // sentence with no digit reading, "@" word or id word costs one pass over its characters.
    std::vector<TextRange> japanese;
    const auto report = [&](Kind kind) {
        for (const TextRange& range : japanese) {
            if (stopped) {
                break;
            }
            stopped = !on_found(Found{Range{range.begin, range.end}, kind});
        }
        japanese.clear();
    };
    if (!stopped) {
        find_japanese_phones(normalised, japanese);
        report(Kind::phone);
    }
    if (!stopped) {
        find_kana_addresses(normalised, japanese);
        report(Kind::other);
    }
    if (!stopped) {
        find_kana_ids(normalised, japanese);
        report(Kind::other);
    }
    return Scan::complete;
}

// Drops the finds the help directory allows: its phone numbers, and for staff its links, with
// whatever else was found inside such a link (digits in its path).
void apply_allowance(std::string_view normalised, const ContactAllowance& allow,
                     std::vector<Found>& found) {
    const auto allowed = [&](const Found& f) {
        const std::string_view text = normalised.substr(f.range.begin, f.range.end - f.range.begin);
        switch (f.kind) {
            case Kind::phone:
                return allow.allows_phone_digits(phone_digits(text));
            case Kind::link:
                return allow.allows_link(text);
            case Kind::other:
                return false;
        }
        return false;
    };
    std::vector<Range> kept_links;
    std::vector<Found> masked;
    for (const Found& f : found) {
        if (!allowed(f)) {
            masked.push_back(f);
        } else if (f.kind == Kind::link) {
            kept_links.push_back(f.range);
        }
    }
    const auto inside_kept_link = [&](const Found& f) {
        return std::any_of(kept_links.begin(), kept_links.end(), [&](const Range& link) {
            return link.begin <= f.range.begin && f.range.end <= link.end;
        });
    };
    masked.erase(std::remove_if(masked.begin(), masked.end(), inside_kept_link), masked.end());
    found = std::move(masked);
}

// All finds, or nullopt when the text could not be checked.
std::optional<std::vector<Found>> find_all(std::string_view normalised,
                                           const ContactAllowance* allow) {
    std::vector<Found> found;
    if (scan(normalised, [&](Found f) {
            found.push_back(f);
            return true;
        }) == Scan::failed) {
        return std::nullopt;
    }
    if (allow != nullptr) {
        apply_allowance(normalised, *allow, found);
    }
    return found;
}

bool fits_icu(std::string_view text) {
    return text.size() <= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
}

ShieldResult fail_closed() {
    return ShieldResult{std::string(contact_mask), true, 1};
}

// One scan and its masks. A mask can make a detail that touched the masked one visible to a rule
// that needs a word to start there, so shield_contacts runs this again on its own output.
ShieldResult shield_once(std::string_view text, const ContactAllowance* allow) {
    if (!is_valid_utf8(text) || !fits_icu(text)) {
        return fail_closed();
    }
    NfkcText normalised;
    if (!normalised.assign(text)) {
        return fail_closed();
    }
    const std::optional<std::vector<Found>> found = find_all(normalised.text(), allow);
    if (!found) {
        // Fail closed: text that could not be checked is not delivered.
        return fail_closed();
    }
    if (found->empty()) {
        return ShieldResult{std::string(text), false, 0};
    }

    std::vector<Range> source;
    source.reserve(found->size());
    for (const Found& f : *found) {
        const auto [begin, end] = normalised.to_source(f.range.begin, f.range.end);
        source.push_back(Range{begin, end});
    }
    // Rules run one after another, so finds come in rule order. Sorted and merged where they
    // overlap or touch, each detail becomes one mask and no mask lands inside another.
    std::sort(source.begin(), source.end(),
              [](const Range& a, const Range& b) { return a.begin < b.begin; });
    std::vector<Range> masks;
    for (const Range& range : source) {
        if (!masks.empty() && range.begin <= masks.back().end) {
            masks.back().end = std::max(masks.back().end, range.end);
        } else {
            masks.push_back(range);
        }
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
    return ShieldResult{std::move(out), true, static_cast<unsigned>(masks.size())};
}

}  // namespace

ShieldResult shield_contacts(std::string_view text, const ContactAllowance* allow) {
    ShieldResult result = shield_once(text, allow);
    // "09012345678www.hikari-no-heya.ninja": "www." starts no word until the digits before it are
    // masked, and would be delivered. Shield the output again until nothing more is found; a
    // mask never matches, so each pass masks only text the one before left, and a text that
    // still changes after a few passes is not delivered at all.
    constexpr int max_passes = 4;
    for (int pass = 1; result.masked; ++pass) {
        ShieldResult again = shield_once(result.text, allow);
        if (!again.masked) {
            return result;
        }
        if (pass == max_passes) {
            return fail_closed();
        }
        result.text = std::move(again.text);
        result.masks += again.masks;
    }
    return result;
}

bool has_contact_details(std::string_view text, const ContactAllowance* allow) {
    if (!is_valid_utf8(text) || !fits_icu(text)) {
        return true;
    }
    NfkcText normalised;
    if (!normalised.assign(text)) {
        return true;
    }
    if (allow != nullptr) {
        // An allowed find may hide others inside it, so every find is needed before deciding.
        const std::optional<std::vector<Found>> found = find_all(normalised.text(), allow);
        return !found || !found->empty();
    }
    bool found = false;
    const Scan result = scan(normalised.text(), [&](Found) {
        found = true;
        return false;
    });
    return found || result == Scan::failed;
}

}  // namespace ibasho::moderation
