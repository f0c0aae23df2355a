// The PROXY v2 parser: whole and fragmented headers, IPv4, IPv6, LOCAL, TLVs skipped, and
// everything it must refuse (wrong signature or version, truncated, oversize, not TCP).
#include <catch2/catch.hpp>

#include <string>

#include "server/http/cidr.hpp"
#include "server/http/proxy_header.hpp"

using namespace ibasho::http;
using namespace std::string_view_literals;

namespace {

std::string be16(std::size_t n) {
    return {static_cast<char>(n >> 8), static_cast<char>(n & 0xff)};
}

// A header as HAProxy's send-proxy-v2 writes it: `ver_cmd` 0x21 PROXY / 0x20 LOCAL, `fam` 0x11
// TCP4 / 0x21 TCP6, then addresses and TLVs.
std::string header(unsigned char ver_cmd, unsigned char fam, const std::string& body) {
    return std::string(proxy_v2_signature) + static_cast<char>(ver_cmd) + static_cast<char>(fam) +
           be16(body.size()) + body;
}

std::string tcp4_body(std::string tlvs = "") {
    // 192.0.2.7:51000 -> 10.0.0.1:8080
    return std::string("\xc0\x00\x02\x07\x0a\x00\x00\x01", 8) + be16(51000) + be16(8080) + tlvs;
}

std::string tcp6_body() {
    std::string src("\x20\x01\x0d\xb8", 4);
    src += std::string(11, '\0') + "\x01";  // 2001:db8::1
    std::string dst(15, '\0');
    dst += "\x01";
    return src + dst + be16(40000) + be16(443);
}

}  // namespace

TEST_CASE("proxy v2: a TCP over IPv4 header gives the client's address", "[proxy]") {
    const std::string h = header(0x21, 0x11, tcp4_body());
    const auto r = parse_proxy_v2(h + "GET / HTTP/1.1\r\n");
    REQUIRE(r.status == ProxyStatus::ok);
    CHECK(r.source == "192.0.2.7");
    CHECK(r.needed == h.size());  // the request starts right after the header
}

TEST_CASE("proxy v2: IPv6, and an IPv4-mapped IPv6 address counts as IPv4", "[proxy]") {
    auto r = parse_proxy_v2(header(0x21, 0x21, tcp6_body()));
    REQUIRE(r.status == ProxyStatus::ok);
    CHECK(r.source == "2001:db8::1");

    std::string mapped = std::string(10, '\0') + "\xff\xff" + std::string("\xc6\x33\x64\x05", 4);
    mapped += std::string(16, '\0') + be16(1) + be16(2);
    r = parse_proxy_v2(header(0x21, 0x21, mapped));
    REQUIRE(r.status == ProxyStatus::ok);
    CHECK(r.source == "198.51.100.5");
}

TEST_CASE("proxy v2: LOCAL (a health check) carries no address", "[proxy]") {
    auto r = parse_proxy_v2(header(0x20, 0x00, ""));
    REQUIRE(r.status == ProxyStatus::ok);
    CHECK(r.source.empty());
    CHECK(r.needed == 16);
    // LOCAL may still carry addresses; they are not the client's and are ignored.
    r = parse_proxy_v2(header(0x20, 0x11, tcp4_body()));
    REQUIRE(r.status == ProxyStatus::ok);
    CHECK(r.source.empty());
}

TEST_CASE("proxy v2: TLVs are skipped, and must be well formed", "[proxy]") {
    const std::string alpn = std::string("\x01", 1) + be16(8) + "http/1.1";
    const std::string unique = std::string("\x05", 1) + be16(3) + "abc";
    auto r = parse_proxy_v2(header(0x21, 0x11, tcp4_body(alpn + unique)));
    REQUIRE(r.status == ProxyStatus::ok);
    CHECK(r.source == "192.0.2.7");

    const std::string short_tlv = std::string("\x01", 1) + be16(9) + "http/1.1";  // one too few
    CHECK(parse_proxy_v2(header(0x21, 0x11, tcp4_body(short_tlv))).status == ProxyStatus::bad);
    CHECK(parse_proxy_v2(header(0x21, 0x11, tcp4_body("\x01\x00"))).status == ProxyStatus::bad);
}

TEST_CASE("proxy v2: fed a byte at a time it asks for more, then succeeds", "[proxy]") {
    const std::string h = header(0x21, 0x11, tcp4_body());
    for (std::size_t n = 0; n < h.size(); ++n) {
        const auto r = parse_proxy_v2(h.substr(0, n));
        INFO("prefix of " << n << " bytes");
        REQUIRE(r.status == ProxyStatus::need_more);
        CHECK(r.needed == (n < 16 ? 16 : h.size()));
        CHECK(r.needed > n);
    }
    CHECK(parse_proxy_v2(h).status == ProxyStatus::ok);
}

TEST_CASE("proxy v2: refusals", "[proxy]") {
    // An HTTP request, or a PROXY v1 line, is not a v2 header: refused on the first byte.
    CHECK(parse_proxy_v2("GET / HTTP/1.1\r\n").status == ProxyStatus::bad);
    CHECK(parse_proxy_v2("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n").status == ProxyStatus::bad);
    CHECK(parse_proxy_v2("\r\n\r\n\0\r\nQUIX"sv).status == ProxyStatus::bad);
    // A TLS ClientHello is not one either.
    CHECK(parse_proxy_v2("\x16\x03\x01\x02\x00"sv).status == ProxyStatus::bad);
    // Version 1 in the binary form, and a command past PROXY.
    CHECK(parse_proxy_v2(header(0x11, 0x11, tcp4_body())).status == ProxyStatus::bad);
    CHECK(parse_proxy_v2(header(0x22, 0x11, tcp4_body())).status == ProxyStatus::bad);
    // UDP, UNIX sockets and an unspecified family under PROXY: nothing to count.
    CHECK(parse_proxy_v2(header(0x21, 0x12, tcp4_body())).status == ProxyStatus::bad);
    CHECK(parse_proxy_v2(header(0x21, 0x31, std::string(216, 'x'))).status == ProxyStatus::bad);
    CHECK(parse_proxy_v2(header(0x21, 0x01, "")).status == ProxyStatus::bad);
    // A length too short for the addresses it names.
    CHECK(parse_proxy_v2(header(0x21, 0x11, tcp4_body().substr(0, 11))).status == ProxyStatus::bad);
    CHECK(parse_proxy_v2(header(0x21, 0x21, tcp4_body())).status == ProxyStatus::bad);
}

TEST_CASE("proxy v2: a length past the bound is refused before it is read", "[proxy]") {
    std::string fixed = std::string(proxy_v2_signature) + "\x21\x11" + be16(proxy_v2_max);
    const auto r = parse_proxy_v2(fixed);  // only the 16 fixed bytes are there
    CHECK(r.status == ProxyStatus::bad);
    CHECK(r.problem == "oversize");
    // The largest accepted one.
    const std::string tlv_pad = std::string("\x04", 1) + be16(proxy_v2_max - 16 - 12 - 3);
    const std::string biggest =
        header(0x21, 0x11, tcp4_body(tlv_pad + std::string(proxy_v2_max - 16 - 12 - 3, '\0')));
    REQUIRE(biggest.size() == proxy_v2_max);
    CHECK(parse_proxy_v2(biggest).status == ProxyStatus::ok);
}

TEST_CASE("cidr: parsing and matching", "[proxy]") {
    std::string bad;
    const auto list = parse_cidr_list("127.0.0.1/32, 10.0.0.0/8,fd00::/8", &bad);
    REQUIRE(list);
    REQUIRE(list->size() == 3);
    const unsigned char lo[4] = {127, 0, 0, 1}, lo2[4] = {127, 0, 0, 2}, ten[4] = {10, 9, 8, 7};
    CHECK(in_any(*list, lo, false));
    CHECK_FALSE(in_any(*list, lo2, false));
    CHECK(in_any(*list, ten, false));
    unsigned char v6[16] = {0xfd, 0x12};
    CHECK(in_any(*list, v6, true));
    v6[0] = 0xfe;
    CHECK_FALSE(in_any(*list, v6, true));
    const unsigned char mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
    CHECK(in_any(*list, mapped, true));

    CHECK(parse_cidr("10.0.0.0/12")->prefix == 12);
    CHECK(parse_cidr("::1")->prefix == 128);
    CHECK_FALSE(parse_cidr("10.0.0.0/33"));
    CHECK_FALSE(parse_cidr("10.0.0/8"));
    CHECK_FALSE(parse_cidr("10.0.0.0/"));
    CHECK_FALSE(parse_cidr("host.example/8"));
    CHECK_FALSE(parse_cidr_list("127.0.0.1/32,nope", &bad));
    CHECK(bad == "nope");
    CHECK(parse_cidr_list("")->empty());
    const unsigned char c1[4] = {10, 15, 0, 1}, c2[4] = {10, 16, 0, 1};
    const std::vector<Cidr> twelve{*parse_cidr("10.0.0.0/12")};
    CHECK(in_any(twelve, c1, false));
    CHECK_FALSE(in_any(twelve, c2, false));
}
