// Per-connection limits over a real socket: the message size cap (close 1009) and the idle
// timeout (a peer that stops answering pings is dropped; one that answers is kept).
#include <catch2/catch.hpp>

#include <thread>

#include "tests/integration/support/raw_tcp.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/temp_dir.hpp"
#include "tests/integration/support/ws_client.hpp"

using namespace ibasho::itest;

TEST_CASE("a message over --max-message-bytes is closed with 1009", "[ws][limits]") {
    ServerProcess server({.extra = {"--max-message-bytes", "4096"}});
    const auto port = server.http_port();

    // Just under the cap is an ordinary message.
    WsClient ok({.port = port});
    ok.hello();
    ok.join("lobby", "ok");
    const std::string text(1500, 'a');
    ok.say("lobby", text, "near-cap");
    const Json near_cap = ok.read_until("message");
    CHECK(near_cap.value("text", "") == text);

    WsClient big({.port = port});
    big.hello();
    big.send_text(std::string(5000, 'x'));
    REQUIRE(big.wait_closed(5s));
    CHECK(big.close_code() == std::optional<std::uint16_t>(1009));
    CHECK(server.wait_metric("ibasho_oversize_closes_total", [](double v) { return v >= 1; }) == 1);

    // The oversize client took nobody else down.
    ok.say("lobby", "still here", "after");
    const Json after = ok.read_until("message");
    CHECK(after.value("id", "") == "after");
}

TEST_CASE("idle timeout drops a peer that ignores pings and keeps one that answers",
          "[ws][limits][idle]") {
    ServerProcess server({.extra = {"--idle-timeout", "2"}});
    const auto port = server.http_port();
    const double timeouts_before = server.metric("ibasho_idle_timeouts_total");

    // The silent peer upgrades by hand, then reads but never answers anything.
    RawTcpClient raw(port);
    raw.write_all(ws_upgrade_request(port, "http://127.0.0.1:" + std::to_string(port)));
    const std::string head = raw.read_http_head(5s);
    REQUIRE(head.rfind("HTTP/1.1 101", 0) == 0);
    const auto upgraded = std::chrono::steady_clock::now();

    // A Beast client that keeps reading answers pings by itself, and says nothing meanwhile.
    WsClient polite({.port = port});

    // Run both side by side so the test takes one idle period, not two.
    bool raw_closed = false;
    std::chrono::steady_clock::duration raw_closed_after{};
    RawTcpClient::End raw_end = RawTcpClient::End::timeout;
    std::size_t raw_bytes = 0;
    while (std::chrono::steady_clock::now() - upgraded < 5s) {
        if (!raw_closed) {
            const auto d = raw.drain_until_closed(20ms);
            raw_bytes += d.bytes;
            if (d.end != RawTcpClient::End::timeout) {
                raw_closed = true;
                raw_end = d.end;
                raw_closed_after = std::chrono::steady_clock::now() - upgraded;
            }
        }
        polite.pump(20ms);
    }

    REQUIRE(raw_closed);
    CHECK(raw_end != RawTcpClient::End::timeout);
    const auto after_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(raw_closed_after).count();
    INFO("closed after " << after_ms << " ms");
    CHECK(after_ms >= 1000);  // not before the ping had a chance to be answered
    CHECK(after_ms <= 4000);
    CHECK(raw_bytes >= 2);  // it was pinged first
    CHECK(server.wait_metric("ibasho_idle_timeouts_total",
                             [&](double v) { return v > timeouts_before; }) -
              timeouts_before ==
          1);

    CHECK_FALSE(polite.closed());
    const Json welcome = polite.hello();
    CHECK(welcome.value("type", "") == "welcome");
}

// Regression: an upgraded WebSocket still counts as an open connection, so the metric and
// --max-connections cover WebSockets too.
TEST_CASE("max-connections and connections_open count WebSockets too", "[ws][limits]") {
    ServerProcess server({.extra = {"--max-connections", "3"}});
    const auto port = server.http_port();
    WsClient a({.port = port});
    WsClient b({.port = port});
    a.hello();
    b.hello();
    // Two WebSockets plus the /metrics request itself.
    CHECK(server.metric("ibasho_connections_open") == 3);

    // Let the /metrics connection finish closing on the server before counting on.
    std::this_thread::sleep_for(100ms);
    WsClient c({.port = port});
    c.hello();
    // Three connections are open: a fourth must not get through.
    const UpgradeOutcome fourth = WsClient::try_upgrade({.port = port, .timeout = 2s});
    INFO("fourth: " << fourth.status << " " << fourth.error);
    CHECK(fourth.status != 101);
}

// Regression (issue 15): the whole room list was one frame. With many rooms it outgrew the
// send queue, and a client that read promptly was closed as a slow consumer (4001) for asking.
TEST_CASE("a long room list never closes a prompt reader, it comes in pages",
          "[ws][limits][room_list]") {
    TempDir dir;
    Json rooms = Json::array();
    const std::string long_text(1000, 'x');
    for (int i = 0; i < 600; ++i) {
        rooms.push_back({{"id", "room-" + std::to_string(i)},
                         {"name", {{"ja", "部屋"}, {"en", "Room"}}},
                         {"description", {{"ja", long_text}, {"en", long_text}}},
                         {"rules", {{"ja", long_text}, {"en", long_text}}},
                         {"audience", {"open"}}});
    }
    // About 2.5 MB of rooms: more than twice the default 1 MiB send queue.
    const std::string file = dir.write("rooms.json", Json{{"rooms", rooms}}.dump());
    ServerProcess server({.rooms_file = file});
    WsClient c({.port = server.http_port()});
    c.hello();
    std::size_t listed = 0;
    Json request{{"type", "rooms"}};
    for (int pages = 0; pages < 1000; ++pages) {
        c.send(request);
        const Json page = c.read_until("room_list", 10s);
        listed += page["rooms"].size();
        if (!page.contains("next")) {
            break;
        }
        request = Json{{"type", "rooms"}, {"after", page["next"]}};
    }
    CHECK(listed == 600);
    CHECK_FALSE(c.closed());
    CHECK(server.metric("ibasho_closes_total{code=\"4001\"}") == 0);
}
