#include "server/http/message_framing.hpp"

#include <algorithm>
#include <cctype>

namespace ibasho::http {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

bool is_chunked(std::string_view s) {
    constexpr std::string_view chunked = "chunked";
    return s.size() == chunked.size() &&
           std::equal(s.begin(), s.end(), chunked.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
           });
}

}  // namespace

Framing judge_framing(const std::vector<std::string_view>& content_lengths,
                      const std::vector<std::string_view>& transfer_encodings) {
    // Both, or two lengths: two hops could each pick a different end of the body (request
    // smuggling), so nobody's pick is trusted (RFC 9112 §6.3, items 3 and 5).
    if (!content_lengths.empty() && !transfer_encodings.empty()) {
        return Framing::bad_request;
    }
    if (content_lengths.size() > 1 ||
        (content_lengths.size() == 1 && content_lengths[0].find(',') != std::string_view::npos)) {
        return Framing::bad_request;
    }
    if (transfer_encodings.empty()) {
        return Framing::ok;
    }
    // We decode chunked and nothing else; gzip, identity, a list or a second field is a coding
    // we do not implement (RFC 9112 §6.1), and the body's length cannot be known.
    if (transfer_encodings.size() == 1 && is_chunked(trim(transfer_encodings[0]))) {
        return Framing::ok;
    }
    return Framing::not_implemented;
}

}  // namespace ibasho::http
