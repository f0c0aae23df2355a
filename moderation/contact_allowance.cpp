#include "moderation/contact_allowance.hpp"

#include "moderation/contact_japanese.hpp"
#include "moderation/nfkc.hpp"
#include "moderation/utf8.hpp"

#include <algorithm>
#include <optional>
#include <utility>

namespace ibasho::moderation {

namespace {

std::optional<std::string> normalised(std::string_view text) {
    if (!is_valid_utf8(text)) {
        return std::nullopt;
    }
    return to_nfkc(text);
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

struct ParsedLink {
    std::string host;
    std::string path;
};

// Host and path of "scheme://host/path?query", "www.host/path" or "host/path"; nullopt for
// anything else, so a link that cannot be read is never taken for the directory's.
std::optional<ParsedLink> parse_link(std::string_view link) {
    std::string text(link);
    std::transform(text.begin(), text.end(), text.begin(), lower);
    std::string_view rest = text;
    if (const auto scheme = rest.find("://"); scheme != std::string_view::npos) {
        const std::string_view name = rest.substr(0, scheme);
        if (name != "http" && name != "https") {
            return std::nullopt;
        }
        rest.remove_prefix(scheme + 3);
    }
    const std::size_t host_end = std::min(rest.find_first_of("/?#"), rest.size());
    std::string host(rest.substr(0, host_end));
    // A user name ("host@evil") or a port makes it another address; so does any odd character.
    if (host.empty() || !std::all_of(host.begin(), host.end(), is_host_char)) {
        return std::nullopt;
    }
    while (!host.empty() && host.back() == '.') {
        host.pop_back();
    }
    if (host.rfind("www.", 0) == 0) {
        host.erase(0, 4);
    }
    if (host.find('.') == std::string::npos) {
        return std::nullopt;
    }
    rest.remove_prefix(host_end);
    std::string path(rest.substr(0, std::min(rest.find_first_of("?#"), rest.size())));
    if (path.empty()) {
        path = "/";
    }
    return ParsedLink{std::move(host), std::move(path)};
}

}  // namespace

ContactAllowance ContactAllowance::from_lists(std::vector<std::string> phones,
                                              std::vector<std::string> links) {
    ContactAllowance allowance;
    for (const std::string& phone : phones) {
        const std::optional<std::string> text = normalised(phone);
        if (!text) {
            continue;
        }
        std::string digits = phone_digits(*text);
        if (!digits.empty()) {
            allowance.phone_digits_.push_back(std::move(digits));
        }
    }
    for (const std::string& link : links) {
        const std::optional<std::string> text = normalised(link);
        if (!text || text->find("://") == std::string::npos) {
            continue;
        }
        if (std::optional<ParsedLink> parsed = parse_link(*text)) {
            allowance.links_.push_back(Link{std::move(parsed->host), std::move(parsed->path)});
        }
    }
    return allowance;
}

bool ContactAllowance::allows_phone_digits(std::string_view digits) const {
    return !digits.empty() &&
           std::find(phone_digits_.begin(), phone_digits_.end(), digits) != phone_digits_.end();
}

bool ContactAllowance::allows_link(std::string_view nfkc_link) const {
    if (!links_allowed) {
        return false;
    }
    // Closing punctuation after a link ("（https://…/）", "…/。") belongs to the sentence.
    while (!nfkc_link.empty() &&
           std::string_view(")]}>.,;:!?'\"").find(nfkc_link.back()) != std::string_view::npos) {
        nfkc_link.remove_suffix(1);
    }
    const std::optional<ParsedLink> found = parse_link(nfkc_link);
    if (!found) {
        return false;
    }
    return std::any_of(links_.begin(), links_.end(), [&](const Link& allowed) {
        if (found->host != allowed.host || found->path.rfind(allowed.path, 0) != 0) {
            return false;
        }
        // "/kokoro" allows "/kokoro" and "/kokoro/x", not "/kokoro-evil".
        return allowed.path.back() == '/' || found->path.size() == allowed.path.size() ||
               found->path[allowed.path.size()] == '/';
    });
}

}  // namespace ibasho::moderation
