#include "moderation/contact_allowance.hpp"
#include "moderation/contact_japanese.hpp"
#include "moderation/contact_shield.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ibasho::moderation;

namespace {

const std::string mask(contact_mask);

ContactAllowance directory(bool links) {
    ContactAllowance allow = ContactAllowance::from_lists(
        {"0120-279-338", "#いのちSOS", "０５７０ー０６４ー５５６", "+81 3 1234 5678", ""},
        {"https://www.mhlw.go.jp/kokoro/", "https://example.org/help", "not a url",
         "ftp://files.example.org/"});
    allow.links_allowed = links;
    return allow;
}

}  // namespace

TEST_CASE("contact allowance: phone digits in any form", "[moderation][shield][allowance]") {
    CHECK(phone_digits("0120-279-338") == "0120279338");
    CHECK(phone_digits("〇一二〇の二七九の三三八") == "0120279338");
    CHECK(phone_digits("ぜろいちにぜろ にななきゅう さんさんはち") == "0120279338");
    CHECK(phone_digits("+81 90-1234-5678") == "09012345678");
    CHECK(phone_digits("+81 (0)90-1234-5678") == "09012345678");
    CHECK(phone_digits("#いのちSOS") == "");
}

TEST_CASE("contact allowance: the directory's numbers are kept as written",
          "[moderation][shield][allowance]") {
    const ContactAllowance allow = directory(false);
    const char* const kept[] = {
        "よりそいホットライン 0120-279-338 に電話してみて",
        "0120279338",
        "０１２０－２７９－３３８",
        "〇一二〇の二七九の三三八",
        "ぜろいちにぜろ にななきゅう さんさんはち",
        "0570-064-556",
        "03-1234-5678",  // the "+81" entry
    };
    for (const char* text : kept) {
        INFO(text);
        const ShieldResult result = shield_contacts(text, &allow);
        CHECK(result.text == text);
        CHECK_FALSE(result.masked);
        CHECK(result.masks == 0);
        CHECK_FALSE(has_contact_details(text, &allow));
        CHECK(shield_contacts(text).masked);  // without the allowance it is masked
    }
    // Another number next to an allowed one is still masked.
    const ShieldResult mixed = shield_contacts("0120-279-338 か 090-1234-5678", &allow);
    CHECK(mixed.text == "0120-279-338 か " + mask);
    CHECK(mixed.masks == 1);
    CHECK(has_contact_details("0120-279-338 か 090-1234-5678", &allow));
    // One digit more or less is another number.
    CHECK(shield_contacts("0120-279-3381", &allow).masked);
    CHECK(shield_contacts("0120-279-33", &allow).text == "0120-279-33");  // too short to mask
}

TEST_CASE("contact allowance: links only when the caller allows them",
          "[moderation][shield][allowance]") {
    const ContactAllowance participants = directory(false);
    const ContactAllowance staff = directory(true);
    const char* const allowed[] = {
        "https://www.mhlw.go.jp/kokoro/",
        "こちら https://www.mhlw.go.jp/kokoro/soudan/tel/ を見てね",
        "（https://mhlw.go.jp/kokoro/）",
        "www.mhlw.go.jp/kokoro/know/",
        "HTTPS://WWW.MHLW.GO.JP/kokoro/",
        "https://example.org/help",
        "https://example.org/help/0120279338000",  // digits inside an allowed link stay
        "https://example.org/help?page=1",
    };
    for (const char* text : allowed) {
        INFO(text);
        CHECK(shield_contacts(text, &staff).text == text);
        CHECK_FALSE(has_contact_details(text, &staff));
        CHECK(shield_contacts(text, &participants).masked);
    }
    const char* const masked[] = {
        "https://www.mhlw.go.jp/other/",
        "https://example.org/helpme",
        "https://example.org.evil.com/help",
        "https://example.org@evil.com/help",
        "https://example.org:8080/help",
        "hxxps://example.org/help",
        "ftp://files.example.org/",
        "https://evil.example/https://example.org/help",
        "example dot org/help",
    };
    for (const char* text : masked) {
        INFO(text);
        CHECK(shield_contacts(text, &staff).masked);
        CHECK(has_contact_details(text, &staff));
    }
    // An address or a messenger id is never allowed, even on an allowed host.
    CHECK(shield_contacts("help@example.org", &staff).masked);
    CHECK(shield_contacts("LINE: さくらもち", &staff).masked);
}

TEST_CASE("contact allowance: an empty allowance allows nothing",
          "[moderation][shield][allowance]") {
    ContactAllowance none = ContactAllowance::from_lists({}, {});
    none.links_allowed = true;
    CHECK(shield_contacts("0120-279-338", &none).masked);
    CHECK(shield_contacts("https://www.mhlw.go.jp/kokoro/", &none).masked);
}
