#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "server/ws/frame_parser.hpp"
#include "server/ws/handshake.hpp"
#include "tests/support/ws_client_frame.hpp"

using ibasho::ws::FrameEvent;
using ibasho::ws::FrameParser;
using Kind = FrameEvent::Kind;
using ibasho::test::client_frame;

namespace {

struct Seen {
    Kind kind;
    std::string payload;
    std::uint16_t code;
};

// Feeds `bytes` in pieces of `step` bytes (a copy each time, as reads would) and collects events.
std::vector<Seen> parse(FrameParser& p, std::string bytes, std::size_t step) {
    std::vector<Seen> out;
    std::vector<std::string> chunks;  // each read's buffer lives until its events are taken
    for (std::size_t i = 0; i < bytes.size(); i += step) {
        chunks.push_back(bytes.substr(i, step));
        p.feed(std::span<char>(chunks.back().data(), chunks.back().size()));
        while (auto e = p.next()) {
            out.push_back({e->kind, std::string(e->payload), e->code});
        }
    }
    return out;
}

std::vector<Seen> parse(std::string bytes, std::size_t step = 1 << 20, std::size_t max = 16384) {
    FrameParser p(max);
    return parse(p, std::move(bytes), step);
}

}  // namespace

TEST_CASE("whole messages come out unmasked, however the bytes are split", "[ws]") {
    const std::string jp = "こんにちは、今日は少しだけ話せそう";
    const std::string big(70000, 'x');
    const std::string stream = client_frame(1, "{\"type\":\"hello\"}") + client_frame(1, jp) +
                               client_frame(1, std::string(300, 'a')) + client_frame(1, "");
    for (std::size_t step : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{1000}}) {
        auto seen = parse(stream, step);
        REQUIRE(seen.size() == 4);
        CHECK(seen[0].kind == Kind::text);
        CHECK(seen[0].payload == "{\"type\":\"hello\"}");
        CHECK(seen[1].payload == jp);
        CHECK(seen[2].payload == std::string(300, 'a'));
        CHECK(seen[3].payload.empty());
    }
    auto seen = parse(client_frame(1, big), 4096, 100000);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].payload == big);
}

TEST_CASE("fragments are joined, with control frames between them", "[ws]") {
    const std::string stream = client_frame(1, "こんに", {.fin = false}) + client_frame(9, "p") +
                               client_frame(0, "ちは", {.fin = false}) +
                               client_frame(0, "", {.fin = false}) + client_frame(0, "!");
    for (std::size_t step : {std::size_t{1}, std::size_t{5}, std::size_t{4096}}) {
        auto seen = parse(stream, step);
        REQUIRE(seen.size() == 2);
        CHECK(seen[0].kind == Kind::ping);
        CHECK(seen[0].payload == "p");
        CHECK(seen[1].kind == Kind::text);
        CHECK(seen[1].payload == "こんにちは!");
    }
}

TEST_CASE("a code point split across fragments is valid", "[ws]") {
    const std::string s = "あ";  // three bytes
    auto seen =
        parse(client_frame(1, s.substr(0, 1), {.fin = false}) + client_frame(0, s.substr(1)));
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].payload == s);
}

TEST_CASE("control frames and close codes", "[ws]") {
    auto seen = parse(client_frame(10, "x") + client_frame(8, std::string("\x03\xe8", 2) + "bye"));
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].kind == Kind::pong);
    CHECK(seen[1].kind == Kind::close);
    CHECK(seen[1].code == 1000);
    CHECK(seen[1].payload == "bye");

    seen = parse(client_frame(8, ""));
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].code == 1005);
}

TEST_CASE("rule breakers get the close code RFC 6455 asks for", "[ws]") {
    struct Case {
        const char* what;
        std::string bytes;
        std::uint16_t code;
    };
    std::string unmasked = "\x81\x02hi";
    std::string rsv = client_frame(1, "hi");
    rsv[0] = static_cast<char>(rsv[0] | 0x40);
    const std::vector<Case> cases{
        {"unmasked", unmasked, 1002},
        {"reserved bit", rsv, 1002},
        {"unknown opcode", client_frame(3, "x"), 1002},
        {"unknown control opcode", client_frame(0xB, "x"), 1002},
        {"continuation first", client_frame(0, "x"), 1002},
        {"text inside a message", client_frame(1, "a", {.fin = false}) + client_frame(1, "b"),
         1002},
        {"fragmented ping", client_frame(9, "x", {.fin = false}), 1002},
        {"long ping", client_frame(9, std::string(126, 'p')), 1002},
        {"close with one byte", client_frame(8, "x"), 1002},
        {"close code 1005", client_frame(8, std::string("\x03\xed", 2)), 1002},
        {"close code 999", client_frame(8, std::string("\x03\xe7", 2)), 1002},
        {"close reason not UTF-8", client_frame(8, std::string("\x03\xe8\xff", 3)), 1007},
        {"text not UTF-8", client_frame(1, "\xc3\x28"), 1007},
        {"fragmented text not UTF-8",
         client_frame(1, "\xe3", {.fin = false}) + client_frame(0, "a"), 1007},
        {"long length for a short frame", client_frame(1, "short", {.length_bytes = 2}), 1002},
        {"64-bit length for a medium frame",
         client_frame(1, std::string(200, 'a'), {.length_bytes = 8}), 1002},
        {"too big", client_frame(1, std::string(16385, 'a')), 1009},
        {"too big in fragments",
         client_frame(1, std::string(10000, 'a'), {.fin = false}) +
             client_frame(0, std::string(7000, 'a')),
         1009},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        auto seen = parse(c.bytes);
        REQUIRE(!seen.empty());
        CHECK(seen.back().kind == Kind::error);
        CHECK(seen.back().code == c.code);
    }
}

TEST_CASE("a huge declared length is refused before anything is buffered", "[ws]") {
    std::string f = "\x81\xff";
    f += std::string("\x00\x00\x00\x01\x00\x00\x00\x00", 8);  // 4 GiB
    f += "abcd";
    FrameParser p(16384);
    p.feed(std::span<char>(f.data(), f.size()));
    auto e = p.next();
    REQUIRE(e);
    CHECK(e->kind == Kind::error);
    CHECK(e->code == 1009);
    CHECK(p.empty());
    CHECK_FALSE(p.next());
}

TEST_CASE("binary messages are reported as binary", "[ws]") {
    auto seen = parse(client_frame(2, std::string("\x00\x01", 2)));
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].kind == Kind::binary);
}

TEST_CASE("nothing is held between messages", "[ws]") {
    FrameParser p(16384);
    auto half = client_frame(1, "hello");
    std::string a = half.substr(0, 4), b = half.substr(4);
    p.feed(std::span<char>(a.data(), a.size()));
    CHECK_FALSE(p.next());
    CHECK_FALSE(p.empty());
    p.feed(std::span<char>(b.data(), b.size()));
    auto e = p.next();
    REQUIRE(e);
    CHECK(e->payload == "hello");
    CHECK_FALSE(p.next());
    CHECK(p.empty());
}

TEST_CASE("thousands of empty fragments do not exhaust the stack", "[ws]") {
    std::string stream = client_frame(1, "a", {.fin = false});
    for (int i = 0; i < 200000; ++i) {
        stream += client_frame(0, "", {.fin = false});
    }
    stream += client_frame(0, "b");
    auto seen = parse(stream);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].payload == "ab");
}

TEST_CASE("server frame headers use the shortest length", "[ws]") {
    unsigned char h[10];
    CHECK(ibasho::ws::write_frame_header(h, 1, 0) == 2);
    CHECK(h[0] == 0x81);
    CHECK(h[1] == 0);
    CHECK(ibasho::ws::write_frame_header(h, 1, 125) == 2);
    CHECK(ibasho::ws::write_frame_header(h, 1, 126) == 4);
    CHECK(h[1] == 126);
    CHECK(h[2] == 0);
    CHECK(h[3] == 126);
    CHECK(ibasho::ws::write_frame_header(h, 1, 65535) == 4);
    CHECK(ibasho::ws::write_frame_header(h, 1, 65536) == 10);
    CHECK(h[1] == 127);
    CHECK(h[7] == 1);
    CHECK(h[9] == 0);
}

TEST_CASE("close frames are cut on a character boundary", "[ws]") {
    std::string reason;
    for (int i = 0; i < 60; ++i) {
        reason += "あ";  // 180 bytes
    }
    const std::string f = ibasho::ws::make_close_frame(4001, reason);
    CHECK(f.size() <= 127);
    CHECK(static_cast<unsigned char>(f[0]) == 0x88);
    const std::size_t payload = static_cast<unsigned char>(f[1]);
    CHECK(payload <= 125);
    CHECK((payload - 2) % 3 == 0);
    CHECK(static_cast<unsigned char>(f[2]) == 4001 >> 8);
    CHECK(static_cast<unsigned char>(f[3]) == (4001 & 0xFF));
}

TEST_CASE("the opening handshake follows RFC 6455", "[ws]") {
    // The example from RFC 6455 section 1.3.
    CHECK(ibasho::ws::accept_token("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    CHECK_FALSE(ibasho::ws::check_handshake("13", "dGhlIHNhbXBsZSBub25jZQ=="));
    CHECK(ibasho::ws::check_handshake("8", "dGhlIHNhbXBsZSBub25jZQ==")->status == 426);
    CHECK(ibasho::ws::check_handshake("", "dGhlIHNhbXBsZSBub25jZQ==")->status == 426);
    CHECK(ibasho::ws::check_handshake("13", "")->status == 400);
    CHECK(ibasho::ws::check_handshake("13", "dGhlIHNhbXBsZSBub25jZQ=")->status == 400);
    CHECK(ibasho::ws::check_handshake("13", "dGhlIHNhbXBsZSBub25jZQ!=")->status == 400);
    CHECK(ibasho::ws::check_handshake("13", "dGhlIHNhbXBsZSBub25jZR==")->status == 400);
    const std::string r = ibasho::ws::switching_protocols("dGhlIHNhbXBsZSBub25jZQ==");
    CHECK(r.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0) == 0);
    CHECK(r.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") != std::string::npos);
    CHECK(r.size() > 4);
    CHECK(r.substr(r.size() - 4) == "\r\n\r\n");
}

TEST_CASE("random bytes never crash the parser and always end", "[ws][fuzz]") {
    std::uint64_t state = 0x2545F4914F6CDD1Dull;  // fixed seed: a failure is reproducible
    auto rnd = [&] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    std::size_t errors = 0, events = 0;
    for (int round = 0; round < 3000; ++round) {
        // Half the rounds start with a plausible masked header so parsing gets past byte two.
        std::string bytes;
        if (round % 2 == 0) {
            bytes = client_frame(static_cast<unsigned>(rnd() % 16),
                                 std::string(rnd() % 300, static_cast<char>(rnd())),
                                 {.fin = rnd() % 4 != 0});
        }
        const std::size_t extra = rnd() % 200;
        for (std::size_t i = 0; i < extra; ++i) {
            bytes.push_back(static_cast<char>(rnd()));
        }
        FrameParser p(1024);
        const std::size_t step = 1 + rnd() % 64;
        for (std::size_t i = 0; i < bytes.size(); i += step) {
            std::string chunk = bytes.substr(i, step);
            p.feed(std::span<char>(chunk.data(), chunk.size()));
            int guard = 0;
            while (auto e = p.next()) {
                REQUIRE(++guard < 100000);
                ++events;
                if (e->kind == Kind::error) {
                    ++errors;
                    CHECK((e->code == 1002 || e->code == 1007 || e->code == 1009));
                }
            }
        }
    }
    CHECK(errors > 0);  // the generator really produced broken input
    CHECK(events > errors);
}
