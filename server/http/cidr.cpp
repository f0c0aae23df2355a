#include "server/http/cidr.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

namespace ibasho::http {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    return s;
}

bool matches(const Cidr& c, const unsigned char* a) {
    const unsigned whole = c.prefix / 8;
    for (unsigned i = 0; i < whole; ++i) {
        if (a[i] != c.bytes[i])
            return false;
    }
    const unsigned rest = c.prefix % 8;
    if (rest == 0)
        return true;
    const auto mask = static_cast<unsigned char>(0xff << (8 - rest));
    return (a[whole] & mask) == (c.bytes[whole] & mask);
}

}  // namespace

std::optional<Cidr> parse_cidr(std::string_view text) {
    text = trim(text);
    const auto slash = text.find('/');
    const std::string address(text.substr(0, slash));
    Cidr c;
    if (::inet_pton(AF_INET, address.c_str(), c.bytes.data()) == 1) {
        c.v6 = false;
    } else if (::inet_pton(AF_INET6, address.c_str(), c.bytes.data()) == 1) {
        c.v6 = true;
    } else {
        return std::nullopt;
    }
    const unsigned max = c.v6 ? 128 : 32;
    c.prefix = max;
    if (slash != std::string_view::npos) {
        const auto bits = text.substr(slash + 1);
        unsigned n = 0;
        const auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), n);
        if (bits.empty() || ec != std::errc() || end != bits.data() + bits.size() || n > max) {
            return std::nullopt;
        }
        c.prefix = n;
    }
    return c;
}

std::optional<std::vector<Cidr>> parse_cidr_list(std::string_view text, std::string* bad) {
    std::vector<Cidr> out;
    if (trim(text).empty()) {
        return out;
    }
    while (true) {
        const auto comma = text.find(',');
        const auto item = text.substr(0, comma);
        auto c = parse_cidr(item);
        if (!c) {
            if (bad)
                *bad = std::string(trim(item));
            return std::nullopt;
        }
        out.push_back(*c);
        if (comma == std::string_view::npos)
            break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

bool in_any(const std::vector<Cidr>& ranges, const unsigned char* address, bool v6) {
    static constexpr unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (v6 && std::equal(mapped, mapped + 12, address)) {
        address += 12;
        v6 = false;
    }
    for (const auto& c : ranges) {
        if (c.v6 == v6 && matches(c, address))
            return true;
    }
    return false;
}

}  // namespace ibasho::http
