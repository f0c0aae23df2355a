// The PROXY protocol v2 parser on a connection's first bytes, whole and split at arbitrary
// points. Input: [split count byte][2 bytes per split][the bytes a proxy sends]. Every prefix
// must give need_more, ok or bad consistently with the whole; a reader that reads exactly
// `needed` bytes each time must end with the same answer; an address must be a valid one.
#include <arpa/inet.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/proxy_header.hpp"

namespace {

using ibasho::http::parse_proxy_v2;
using ibasho::http::proxy_v2_fixed;
using ibasho::http::proxy_v2_max;
using ibasho::http::ProxyStatus;

void check(bool ok) {
    if (!ok) {
        std::abort();
    }
}

bool valid_address(const std::string& text) {
    unsigned char out[16];
    return ::inet_pton(AF_INET, text.c_str(), out) == 1 ||
           ::inet_pton(AF_INET6, text.c_str(), out) == 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    const std::size_t splits = data[0] % 8;
    std::size_t at = 1;
    std::vector<std::size_t> cuts;
    for (std::size_t i = 0; i < splits && at + 1 < size; ++i, at += 2) {
        cuts.push_back((std::size_t{data[at]} << 8) | data[at + 1]);
    }
    if (at > size) {
        return 0;
    }
    const std::string_view stream(reinterpret_cast<const char*>(data + at), size - at);

    const auto whole = parse_proxy_v2(stream);
    switch (whole.status) {
        case ProxyStatus::ok:
            check(whole.needed >= proxy_v2_fixed && whole.needed <= stream.size());
            check(whole.needed <= proxy_v2_max);
            check(whole.source.empty() || valid_address(whole.source));
            break;
        case ProxyStatus::need_more:
            check(whole.needed > stream.size() && whole.needed <= proxy_v2_max);
            break;
        case ProxyStatus::bad:
            check(!whole.problem.empty());
            break;
    }

    // Prefixes: a prefix can only be less decided than the whole, never differently decided.
    for (std::size_t cut : cuts) {
        cut = std::min(cut, stream.size());
        const auto part = parse_proxy_v2(stream.substr(0, cut));
        if (part.status == ProxyStatus::ok) {
            check(whole.status == ProxyStatus::ok && whole.needed == part.needed &&
                  whole.source == part.source);
        } else if (part.status == ProxyStatus::bad) {
            check(whole.status == ProxyStatus::bad);
        } else {
            check(part.needed > cut);
        }
    }

    // The server's reader: 16 bytes, then exactly as many more as the header says.
    std::size_t have = std::min(stream.size(), proxy_v2_fixed);
    auto r = parse_proxy_v2(stream.substr(0, have));
    for (int rounds = 0; r.status == ProxyStatus::need_more && r.needed <= stream.size();
         ++rounds) {
        check(rounds < 2 && r.needed > have);
        have = r.needed;
        r = parse_proxy_v2(stream.substr(0, have));
    }
    check(r.status == whole.status);
    if (r.status == ProxyStatus::ok) {
        check(r.needed == have && r.source == whole.source);
    }
    return 0;
}
