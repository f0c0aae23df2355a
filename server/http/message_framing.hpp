// How a request's body is delimited (RFC 9112 §6), judged from its Content-Length and
// Transfer-Encoding fields before any of the body is read. No Beast here: callers pass the values.
#pragma once

#include <string_view>
#include <vector>

namespace ibasho::http {

enum class Framing {
    ok,               // no body, one Content-Length, or exactly "Transfer-Encoding: chunked"
    bad_request,      // 400 and close: both fields, or two Content-Lengths (equal or not)
    not_implemented,  // 501 and close: a transfer coding other than chunked
};

// `content_lengths` and `transfer_encodings` hold the value of every field of that name, in
// the order they came. A comma list in one Content-Length counts as several: "5, 5" is two
// lengths, which is how a smuggler who relies on one hop merging them would send it.
// Either refusal leaves the body's end unknown, so the connection must close after the
// answer and no byte after the head may be read as another request.
Framing judge_framing(const std::vector<std::string_view>& content_lengths,
                      const std::vector<std::string_view>& transfer_encodings);

}  // namespace ibasho::http
