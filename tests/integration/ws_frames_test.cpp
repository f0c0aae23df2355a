// The WebSocket wire itself, spoken byte by byte from a raw socket: pings, fragments, the close
// handshake, and the close codes RFC 6455 asks for when a client breaks its rules.
#include <catch2/catch.hpp>

#include "tests/integration/support/raw_tcp.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/support/ws_client_frame.hpp"

using namespace ibasho::itest;
using namespace std::chrono_literals;
using ibasho::test::client_frame;

namespace {

std::string close_payload(std::uint16_t code, std::string_view reason = {}) {
    std::string p{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
    p.append(reason);
    return p;
}

struct Frame {
    unsigned opcode;
    std::string payload;
    std::uint16_t close_code() const {
        return payload.size() < 2
                   ? 0
                   : static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                                static_cast<unsigned char>(payload[1]));
    }
};

// Reads server frames, starting with whatever arrived together with the 101 head.
struct FrameReader {
    RawTcpClient& c;
    std::string buffered;

    std::string take(std::size_t n) {
        std::string out = buffered.substr(0, n);
        buffered.erase(0, out.size());
        if (out.size() < n) {
            out += c.read_exact(n - out.size(), 5000ms);
        }
        return out;
    }

    Frame next() {
        const std::string h = take(2);
        const auto b0 = static_cast<unsigned char>(h[0]);
        const auto b1 = static_cast<unsigned char>(h[1]);
        REQUIRE((b0 & 0x80) != 0);  // the server never fragments
        REQUIRE((b1 & 0x80) == 0);  // and never masks
        std::uint64_t n = b1 & 0x7F;
        if (n == 126) {
            const std::string e = take(2);
            n = (static_cast<unsigned char>(e[0]) << 8) | static_cast<unsigned char>(e[1]);
        } else if (n == 127) {
            const std::string e = take(8);
            n = 0;
            for (char ch : e) {
                n = (n << 8) | static_cast<unsigned char>(ch);
            }
        }
        return Frame{b0 & 0x0Fu, n ? take(static_cast<std::size_t>(n)) : ""};
    }
};

// Upgrades by hand. The reader starts with anything that came right behind the 101 head (a
// reply to frames sent together with the request can share the head's packet).
FrameReader upgrade(RawTcpClient& c, std::uint16_t port, std::string extra = {}) {
    c.write_all(ws_upgrade_request(port, "http://127.0.0.1:" + std::to_string(port)) + extra);
    const std::string head = c.read_http_head(5000ms);
    REQUIRE(head.rfind("HTTP/1.1 101", 0) == 0);
    CHECK(head.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") != std::string::npos);
    return FrameReader{c, head.substr(head.find("\r\n\r\n") + 4)};
}

const std::string hello = R"({"type":"hello","v":1})";

}  // namespace

TEST_CASE("a client ping is answered with a pong carrying its payload", "[ws][frames]") {
    ServerProcess server;
    RawTcpClient c(server.http_port());
    auto r = upgrade(c, server.http_port());
    c.write_all(client_frame(0x9, "are you there"));
    const Frame pong = r.next();
    CHECK(pong.opcode == 0xA);
    CHECK(pong.payload == "are you there");
}

TEST_CASE("a ping flood is closed with 4002 like any other flood", "[ws][frames][limits]") {
    ServerProcess server;
    RawTcpClient c(server.http_port());
    auto r = upgrade(c, server.http_port());
    // Far more pings than the frame budget's burst, in one write.
    std::string flood;
    for (int i = 0; i < 1000; ++i) {
        flood += client_frame(0x9, "p");
    }
    c.write_all(flood);
    int pongs = 0;
    Frame f{};
    for (;;) {
        f = r.next();
        if (f.opcode != 0xA) {
            break;
        }
        ++pongs;
    }
    INFO("pongs before the close: " << pongs);
    CHECK(f.opcode == 0x8);
    CHECK(f.close_code() == 4002);
    CHECK(pongs <= 250);
    CHECK(c.drain_until_closed(5000ms).end != RawTcpClient::End::timeout);
    CHECK(server.wait_metric("ibasho_closes_total{code=\"4002\"}",
                             [](double v) { return v >= 1; }) >= 1);
}

TEST_CASE("a fragmented message, split across writes, is one message", "[ws][frames]") {
    ServerProcess server;
    RawTcpClient c(server.http_port());
    auto r = upgrade(c, server.http_port());
    const std::string all = client_frame(0x1, hello.substr(0, 5), {.fin = false}) +
                            client_frame(0x9, "") +  // a ping between fragments is allowed
                            client_frame(0x0, hello.substr(5, 7), {.fin = false}) +
                            client_frame(0x0, hello.substr(12));
    for (std::size_t i = 0; i < all.size(); i += 3) {
        c.write_all(all.substr(i, 3));
    }
    const Frame pong = r.next();
    CHECK(pong.opcode == 0xA);
    const Frame welcome = r.next();
    CHECK(welcome.opcode == 0x1);
    CHECK(welcome.payload.find("\"type\":\"welcome\"") != std::string::npos);
}

TEST_CASE("frames sent right behind the upgrade request are read", "[ws][frames]") {
    ServerProcess server;
    RawTcpClient c(server.http_port());
    auto r = upgrade(c, server.http_port(), client_frame(0x1, hello));
    const Frame welcome = r.next();
    CHECK(welcome.payload.find("\"type\":\"welcome\"") != std::string::npos);
}

TEST_CASE("a client's close is echoed and the server ends the connection", "[ws][frames]") {
    ServerProcess server;
    RawTcpClient c(server.http_port());
    auto r = upgrade(c, server.http_port());
    c.write_all(client_frame(0x1, hello));
    CHECK(r.next().opcode == 0x1);
    c.write_all(client_frame(0x8, close_payload(1000, "bye")));
    const Frame echo = r.next();
    CHECK(echo.opcode == 0x8);
    CHECK(echo.close_code() == 1000);
    CHECK(c.drain_until_closed(3000ms).end == RawTcpClient::End::eof);
    CHECK(server.wait_metric("ibasho_ws_open", [](double v) { return v == 0; }) == 0);
}

TEST_CASE("rule breakers get the close code RFC 6455 asks for", "[ws][frames]") {
    ServerProcess server;
    struct Case {
        const char* what;
        std::string bytes;
        std::uint16_t code;
    };
    const std::vector<Case> cases{
        {"unmasked frame", client_frame(0x1, hello, {.masked = false}), 1002},
        {"unknown opcode", client_frame(0x3, "x"), 1002},
        {"continuation with no message", client_frame(0x0, "x"), 1002},
        {"text that is not UTF-8", client_frame(0x1, "\xc3\x28"), 1007},
        {"a binary message", client_frame(0x2, "\x01\x02"), 4003},
    };
    for (const auto& k : cases) {
        INFO(k.what);
        RawTcpClient c(server.http_port());
        auto r = upgrade(c, server.http_port());
        c.write_all(k.bytes);
        const Frame f = r.next();
        CHECK(f.opcode == 0x8);
        CHECK(f.close_code() == k.code);
        if (k.code != 4003) {
            // A broken stream is not read any further: the server closes without waiting.
            CHECK(c.drain_until_closed(3000ms).end != RawTcpClient::End::timeout);
        }
    }
}

TEST_CASE("upgrades with a wrong version or key are refused before switching", "[ws][frames]") {
    ServerProcess server;
    const auto port = server.http_port();
    const std::string origin = "http://127.0.0.1:" + std::to_string(port);
    auto request = [&](std::string version, std::string key) {
        return "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
               "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nOrigin: " + origin +
               "\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: " + version +
               "\r\n\r\n";
    };
    {
        RawTcpClient c(port);
        c.write_all(request("8", "dGhlIHNhbXBsZSBub25jZQ=="));
        const std::string head = c.read_http_head(5000ms);
        CHECK(head.rfind("HTTP/1.1 426", 0) == 0);
        CHECK(head.find("Sec-WebSocket-Version: 13") != std::string::npos);
    }
    {
        RawTcpClient c(port);
        c.write_all(request("13", "not-a-key"));
        CHECK(c.read_http_head(5000ms).rfind("HTTP/1.1 400", 0) == 0);
    }
}
