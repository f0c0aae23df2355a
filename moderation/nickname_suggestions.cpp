#include "moderation/nickname_suggestions.hpp"

#include "moderation/grapheme.hpp"
#include "moderation/nickname.hpp"

#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>
#include <optional>

namespace ibasho::moderation {

namespace {

enum class Script { japanese, latin, other };

// Nature words that read well as "<word>の<name>": a place the name belongs to, not a trait.
constexpr std::array<std::string_view, 12> japanese_places{"そら", "もり", "のはら",   "うみ",
                                                           "かぜ", "ほし", "こもれび", "ゆき",
                                                           "はる", "つき", "みずうみ", "おか"};
// Gentle words that stand before a name: quiet, small, soft colours.
constexpr std::array<std::string_view, 10> japanese_gentle{
    "しずかな", "ちいさな", "やさしい", "あおい",   "しろい",
    "ふんわり", "のんびり", "あかるい", "みどりの", "ひだまりの"};
constexpr std::array<std::string_view, 12> latin_gentle{"Quiet", "Little", "Gentle", "Blue",
                                                        "Green", "Misty",  "Sunny",  "Silver",
                                                        "Calm",  "Soft",   "Golden", "Mossy"};

// Longest trailing number counted on; a longer run of digits is treated as part of the name.
constexpr std::size_t max_counted_digits = 6;

Script script_of(std::string_view nick) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(nick.data());
    const std::size_t length = nick.size();
    bool latin = false;
    std::size_t i = 0;
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT_OR_FFFD(bytes, i, length, c);
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(c, &status);
        if (U_FAILURE(status)) {
            continue;
        }
        if (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA || script == USCRIPT_HAN ||
            script == USCRIPT_KATAKANA_OR_HIRAGANA) {
            return Script::japanese;
        }
        latin = latin || script == USCRIPT_LATIN;
    }
    return latin ? Script::latin : Script::other;
}

bool has_upper_ascii(std::string_view s) {
    for (const char c : s) {
        if (c >= 'A' && c <= 'Z') {
            return true;
        }
    }
    return false;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

// FNV-1a: a stable spread of names over the word lists (not a secret, not stored).
std::uint32_t spread(std::string_view s) {
    std::uint32_t h = 2166136261u;
    for (const char c : s) {
        h ^= static_cast<std::uint8_t>(c);
        h *= 16777619u;
    }
    return h;
}

// The longest start of `name` that leaves room for `extra_chars` characters and `extra_bytes`
// bytes. A cut can land just after an inner space; "Blue ね 2" would look like a typo.
std::string_view fit(std::string_view name, std::size_t extra_chars, std::size_t extra_bytes) {
    if (extra_chars >= max_nick_chars || extra_bytes >= max_nick_bytes) {
        return {};
    }
    std::string_view base = take_graphemes(name, max_nick_chars - extra_chars);
    while (!base.empty() && base.size() + extra_bytes > max_nick_bytes) {
        base = take_graphemes(base, count_graphemes(base) - 1);
    }
    if (base.size() < name.size()) {
        while (!base.empty() && base.back() == ' ') {
            base.remove_suffix(1);
        }
    }
    return base;
}

std::string before(std::string_view word, std::string_view joiner, std::string_view nick) {
    if (word == nick) {
        return {};  // "そらのそら" reads as a mistake
    }
    const std::size_t chars = count_graphemes(word) + count_graphemes(joiner);
    const std::string_view base = fit(nick, chars, word.size() + joiner.size());
    if (base.empty()) {
        return {};
    }
    std::string out;
    out.reserve(word.size() + joiner.size() + base.size());
    out.append(word).append(joiner).append(base);
    return out;
}

struct Counted {
    std::string_view stem;
    std::uint32_t last = 1;  // "くも" is the first くも, so the count starts at 2
};

Counted counted(std::string_view nick) {
    std::size_t digits = 0;
    while (digits < nick.size() && nick[nick.size() - 1 - digits] >= '0' &&
           nick[nick.size() - 1 - digits] <= '9') {
        ++digits;
    }
    if (digits == 0 || digits > max_counted_digits) {
        return Counted{nick, 1};
    }
    const std::string_view number = nick.substr(nick.size() - digits);
    std::uint32_t value = 0;
    for (const char c : number) {
        value = value * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return Counted{nick.substr(0, nick.size() - digits), value};
}

std::string numbered(const Counted& c, std::uint32_t step) {
    const std::string digits = std::to_string(c.last + step);
    const std::string_view base = fit(c.stem, digits.size(), digits.size());
    if (base.empty() && !c.stem.empty()) {
        return {};
    }
    return std::string(base) + digits;
}

}  // namespace

std::vector<std::string> nickname_alternatives(std::string_view nick, std::size_t count) {
    std::vector<std::string> out;
    if (nick.empty() || count == 0) {
        return out;
    }
    const Script script = script_of(nick);
    const Counted number = counted(nick);
    const std::uint32_t h = spread(nick);
    const bool lower = script == Script::latin && !has_upper_ascii(nick);

    auto keep = [&](std::string candidate) {
        if (candidate.empty() || candidate == nick || out.size() >= count) {
            return;
        }
        for (const std::string& o : out) {
            if (o == candidate) {
                return;
            }
        }
        // Only what the server would store unchanged: sending a suggestion back must join
        // under exactly that name, and it must pass the nickname rules (no contact details).
        const NickResult normal = normalize_nickname(candidate);
        if (normal.ok() && normal.nick == candidate) {
            out.push_back(std::move(candidate));
        }
    };

    // Rounds of one number and the script's words, so the first two or three offered differ
    // in kind, not only in their digit.
    for (std::uint32_t round = 0; round < 16 && out.size() < count; ++round) {
        keep(numbered(number, round + 1));
        switch (script) {
            case Script::japanese:
                keep(before(japanese_places[(h + round) % japanese_places.size()], "の", nick));
                keep(before(japanese_gentle[(h + round) % japanese_gentle.size()], "", nick));
                break;
            case Script::latin: {
                for (std::uint32_t k = 0; k < 2; ++k) {
                    const std::string_view word =
                        latin_gentle[(h + round * 2 + k) % latin_gentle.size()];
                    keep(before(lower ? lower_ascii(word) : std::string(word), " ", nick));
                }
                break;
            }
            case Script::other:
                break;
        }
    }
    return out;
}

}  // namespace ibasho::moderation
