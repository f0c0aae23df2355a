// RFC 9112 §6 judged on a parsed request head: collects its Content-Length and Transfer-Encoding
// fields for judge_framing. Only for the HTTP session and its fuzz target (it needs Beast).
#pragma once

#include <boost/beast/http/field.hpp>
#include <string_view>
#include <vector>

#include "server/http/message_framing.hpp"

namespace ibasho::http {

// `Fields` is a Beast header (or anything whose elements have name() and value()).
template <class Fields>
Framing framing_of(const Fields& head) {
    std::vector<std::string_view> lengths;
    std::vector<std::string_view> codings;
    for (const auto& f : head) {
        if (f.name() == boost::beast::http::field::content_length) {
            lengths.emplace_back(f.value().data(), f.value().size());
        } else if (f.name() == boost::beast::http::field::transfer_encoding) {
            codings.emplace_back(f.value().data(), f.value().size());
        }
    }
    return judge_framing(lengths, codings);
}

}  // namespace ibasho::http
