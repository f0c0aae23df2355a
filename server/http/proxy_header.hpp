// The PROXY protocol v2 header (HAProxy's `send-proxy-v2`) that a trusted proxy puts before the
// first byte of a connection: a pure parser, no I/O, so it can be fuzzed and tested alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ibasho::http {

// The 12-byte signature, the fixed part (signature, version/command, family, length) and the
// most we accept in all: addresses plus TLVs, bounded so a proxy cannot make us buffer much.
inline constexpr std::string_view proxy_v2_signature{"\r\n\r\n\0\r\nQUIT\n", 12};
inline constexpr std::size_t proxy_v2_fixed = 16;
inline constexpr std::size_t proxy_v2_max = proxy_v2_fixed + 1024;

enum class ProxyStatus {
    need_more,  // a valid beginning: read until `needed` bytes are there and parse again
    ok,
    bad,  // not a PROXY v2 header we accept; the connection should be closed
};

struct ProxyHeader {
    ProxyStatus status = ProxyStatus::need_more;
    // need_more: how many bytes in all the header needs (16 until the length is known); ok: how
    // many bytes the header took (the connection's own data starts after them).
    std::size_t needed = proxy_v2_fixed;
    // PROXY over TCP: the client's address as text ("192.0.2.7", "2001:db8::1"; an IPv4-mapped
    // IPv6 address as its IPv4 form). Empty for LOCAL (a proxy's own health check): use the
    // peer's address. The caller hashes it and drops it.
    std::string source;
    std::string_view problem;  // bad: why, for tests and a debug log (never the bytes)
};

// Parses the start of a connection. Never reads past `bytes`, never throws; extra bytes after a
// complete header are left alone (`needed` says where they start).
ProxyHeader parse_proxy_v2(std::string_view bytes);

}  // namespace ibasho::http
