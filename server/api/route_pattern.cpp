#include "server/api/route_pattern.hpp"

#include <stdexcept>

#include "server/http/hex_digit.hpp"

namespace ibasho::api {
namespace {

std::vector<std::string_view> split_segments(std::string_view path) {
    std::vector<std::string_view> out;
    // The leading '/' is checked by the callers; every '/' after it starts a segment.
    std::size_t start = 1;
    while (true) {
        const std::size_t slash = path.find('/', start);
        out.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
        if (slash == std::string_view::npos) {
            return out;
        }
        start = slash + 1;
    }
}

using http::hex_value;

}  // namespace

std::optional<std::string> percent_decode(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out.push_back(in[i]);
            continue;
        }
        if (i + 2 >= in.size()) {
            return std::nullopt;
        }
        const int hi = hex_value(in[i + 1]);
        const int lo = hex_value(in[i + 2]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

RoutePattern::RoutePattern(std::string_view pattern) : text_(pattern) {
    if (pattern.empty() || pattern[0] != '/') {
        throw std::invalid_argument("route pattern must start with '/': " + text_);
    }
    for (std::string_view seg : split_segments(pattern)) {
        if (seg.empty()) {
            throw std::invalid_argument("route pattern has an empty segment: " + text_);
        }
        Segment s;
        if (seg[0] == ':') {
            s.param = true;
            s.text = std::string(seg.substr(1));
            if (s.text.empty()) {
                throw std::invalid_argument("route parameter without a name: " + text_);
            }
            for (const Segment& other : segments_) {
                if (other.param && other.text == s.text) {
                    throw std::invalid_argument("route parameter repeated: " + text_);
                }
            }
        } else {
            s.text = std::string(seg);
        }
        segments_.push_back(std::move(s));
    }
}

std::optional<Params> RoutePattern::match(std::string_view path) const {
    if (path.empty() || path[0] != '/') {
        return std::nullopt;
    }
    const auto segs = split_segments(path);
    if (segs.size() != segments_.size()) {
        return std::nullopt;
    }
    Params params;
    for (std::size_t i = 0; i < segs.size(); ++i) {
        const Segment& want = segments_[i];
        if (!want.param) {
            if (segs[i] != want.text) {
                return std::nullopt;
            }
            continue;
        }
        if (segs[i].empty()) {
            return std::nullopt;
        }
        auto value = percent_decode(segs[i]);
        if (!value || value->find('/') != std::string::npos ||
            value->find('\0') != std::string::npos) {
            return std::nullopt;
        }
        params.add(want.text, std::move(*value));
    }
    return params;
}

}  // namespace ibasho::api
