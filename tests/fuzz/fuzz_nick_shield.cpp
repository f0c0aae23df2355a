// The nickname normaliser and the contact shield on arbitrary text: no crash, output valid
// UTF-8, normalising a normalised nickname changes nothing, shielding shielded text changes
// nothing, and has_contact_details agrees with what the shield masks.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "moderation/contact_shield.hpp"
#include "moderation/grapheme.hpp"
#include "moderation/nickname.hpp"
#include "moderation/nickname_suggestions.hpp"
#include "moderation/utf8.hpp"

namespace {

using namespace ibasho::moderation;

void check(bool ok) {
    if (!ok) {
        std::abort();
    }
}

void check_nickname(std::string_view raw) {
    const NickResult first = normalize_nickname(raw);
    if (!first.ok()) {
        check(first.nick.empty());
        return;
    }
    check(!first.nick.empty() && is_valid_utf8(first.nick));
    check(first.nick.size() <= max_nick_bytes);
    check(count_graphemes(first.nick) <= max_nick_chars);
    const NickResult second = normalize_nickname(first.nick);
    check(second.ok() && second.nick == first.nick);

    // The alternatives offered when the name is taken in a room: each is a nickname the server
    // stores unchanged, and none is the name itself.
    for (const std::string& alternative : nickname_alternatives(first.nick, 4)) {
        check(alternative != first.nick);
        const NickResult again = normalize_nickname(alternative);
        check(again.ok() && again.nick == alternative);
    }
}

void check_shield(std::string_view text) {
    const ShieldResult once = shield_contacts(text);
    check(is_valid_utf8(once.text));
    check(once.masked == (once.masks > 0));
    check(has_contact_details(text) == once.masked);
    if (!once.masked) {
        check(once.text == text);
    }
    const ShieldResult twice = shield_contacts(once.text);
    check(twice.text == once.text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_nickname(text);
    check_shield(text);
    return 0;
}
