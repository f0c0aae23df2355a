#include "server/http/proxy_header.hpp"

#include <arpa/inet.h>

#include <algorithm>

namespace ibasho::http {
namespace {

ProxyHeader bad(std::string_view why) {
    ProxyHeader h;
    h.status = ProxyStatus::bad;
    h.needed = 0;
    h.problem = why;
    return h;
}

unsigned char byte_at(std::string_view s, std::size_t i) {
    return static_cast<unsigned char>(s[i]);
}

std::string v4_text(const unsigned char* a) {
    char out[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, a, out, sizeof out);
    return out;
}

std::string v6_text(const unsigned char* a) {
    // Counted as its IPv4 address, as a direct IPv4 client on a dual-stack socket is, so a
    // client has one hash whichever way it came in.
    static constexpr unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    bool is_mapped = true;
    for (int i = 0; i < 12; ++i) {
        is_mapped = is_mapped && a[i] == mapped[i];
    }
    if (is_mapped) {
        return v4_text(a + 12);
    }
    char out[INET6_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET6, a, out, sizeof out);
    return out;
}

// TLVs are skipped, but they must tile the rest of the header exactly.
bool tlvs_well_formed(std::string_view tlvs) {
    std::size_t i = 0;
    while (i < tlvs.size()) {
        if (tlvs.size() - i < 3) {
            return false;
        }
        const std::size_t len = (std::size_t{byte_at(tlvs, i + 1)} << 8) | byte_at(tlvs, i + 2);
        i += 3;
        if (tlvs.size() - i < len) {
            return false;
        }
        i += len;
    }
    return true;
}

}  // namespace

ProxyHeader parse_proxy_v2(std::string_view bytes) {
    const std::size_t sig = std::min(bytes.size(), proxy_v2_signature.size());
    if (bytes.substr(0, sig) != proxy_v2_signature.substr(0, sig)) {
        return bad("signature");
    }
    if (bytes.size() > 12 && (byte_at(bytes, 12) >> 4) != 2) {
        return bad("version");
    }
    const unsigned command = bytes.size() > 12 ? (byte_at(bytes, 12) & 0x0f) : 0;
    if (bytes.size() > 12 && command > 1) {
        return bad("command");
    }
    if (bytes.size() < proxy_v2_fixed) {
        return ProxyHeader{};
    }
    const std::size_t length = (std::size_t{byte_at(bytes, 14)} << 8) | byte_at(bytes, 15);
    const std::size_t total = proxy_v2_fixed + length;
    if (total > proxy_v2_max) {
        return bad("oversize");
    }
    if (bytes.size() < total) {
        ProxyHeader more;
        more.needed = total;
        return more;
    }
    const unsigned family = byte_at(bytes, 13) >> 4;
    const unsigned transport = byte_at(bytes, 13) & 0x0f;
    const std::string_view body = bytes.substr(proxy_v2_fixed, length);

    ProxyHeader h;
    h.status = ProxyStatus::ok;
    h.needed = total;
    if (command == 0) {
        // LOCAL: the proxy speaks for itself (health checks); whatever follows is ignored.
        return h;
    }
    if (transport != 1) {
        return bad("not tcp");  // UDP, or UNSPEC with PROXY: nothing we can count
    }
    std::size_t addresses = 0;
    if (family == 1) {
        addresses = 12;  // source, destination, two ports
    } else if (family == 2) {
        addresses = 36;
    } else {
        return bad("family");  // AF_UNIX or unspecified: no address to count
    }
    if (body.size() < addresses) {
        return bad("truncated addresses");
    }
    if (!tlvs_well_formed(body.substr(addresses))) {
        return bad("tlv");
    }
    const auto* a = reinterpret_cast<const unsigned char*>(body.data());
    h.source = family == 1 ? v4_text(a) : v6_text(a);
    return h;
}

}  // namespace ibasho::http
