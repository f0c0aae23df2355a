// The help directory's phone numbers and links, which the contact shield leaves as written: a
// participant may pass a helpline on to another, and staff may also pass on its pages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ibasho::moderation {

class ContactAllowance {
  public:
    // phones as the directory writes them ("0120-279-338", "０１２０ー２７９ー３３８",
    // "+81 120 279 338"); an entry with no digit ("#いのちSOS", a name) is skipped. links as
    // URLs ("https://www.mhlw.go.jp/kokoro/"); an entry that is not an http(s) URL with a host
    // is skipped. Links start out not allowed (links_allowed below).
    static ContactAllowance from_lists(std::vector<std::string> phones,
                                       std::vector<std::string> links);

    // Set by the caller: true for staff (numbers and links kept), false for participants (only
    // numbers kept; a link is easier to dress up as the directory's than a number is). False
    // unless set, so forgetting it masks more, never less.
    bool links_allowed = false;

    // Whether a found phone number, as its digits (phone_digits in contact_japanese.hpp: the
    // same digits whatever the separators, width or kanji), is one of the directory's.
    bool allows_phone_digits(std::string_view digits) const;

    // Whether a found link (NFKC text as the shield found it: "https://host/path", "www.host/x"
    // or "host/x") is one of the directory's: links_allowed, an http(s) scheme or none, the same
    // host (case and a leading "www." aside; no user name, no port) and a path that starts with
    // the directory's, ending at a "/" boundary.
    bool allows_link(std::string_view nfkc_link) const;

  private:
    struct Link {
        std::string host;
        std::string path;
    };

    std::vector<std::string> phone_digits_;
    std::vector<Link> links_;
};

}  // namespace ibasho::moderation
