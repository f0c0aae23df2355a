// Address ranges in CIDR notation ("127.0.0.1/32", "10.0.0.0/8", "fd00::/8") and whether an
// address lies in one: the peers whose PROXY protocol header we believe (`--proxy-from`).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ibasho::http {

struct Cidr {
    bool v6 = false;
    std::array<unsigned char, 16> bytes{};  // the network, 4 or 16 bytes used
    unsigned prefix = 0;                    // bits that must match
};

// "ADDR/BITS", or a bare address (all bits). nullopt when malformed or a bit count too large.
std::optional<Cidr> parse_cidr(std::string_view text);

// A comma-separated list; spaces around items are allowed. nullopt (with `bad` naming the item)
// on the first malformed one; an empty text is an empty list.
std::optional<std::vector<Cidr>> parse_cidr_list(std::string_view text, std::string* bad = nullptr);

// `address` is 4 bytes (IPv4) or 16 (IPv6; an IPv4-mapped one is matched as IPv4).
bool in_any(const std::vector<Cidr>& ranges, const unsigned char* address, bool v6);

}  // namespace ibasho::http
