// The WebSocket upgrade at /ws: the Origin check happens before any upgrade, and a good
// upgrade leads to a welcome.
#include <catch2/catch.hpp>

#include <regex>

#include "tests/integration/support/http_client.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/ws_client.hpp"

using namespace ibasho::itest;

TEST_CASE("upgrade with the server's own origin is accepted and welcomed", "[ws][origin]") {
    ServerProcess server;
    const auto port = server.http_port();
    WsClient c({.port = port, .origin = "http://127.0.0.1:" + std::to_string(port)});
    const Json welcome = c.hello();
    CHECK(welcome["type"] == "welcome");
    CHECK(welcome["v"] == 1);
    REQUIRE(welcome["session"].is_string());
    const std::string session = welcome["session"];
    CHECK(session.size() == 22);
    CHECK(std::regex_match(session, std::regex("^[A-Za-z0-9_-]{22}$")));
    CHECK(server.metric("ibasho_ws_open") == 1);
}

TEST_CASE("upgrade from a foreign or missing origin is refused with 403", "[ws][origin]") {
    ServerProcess server;
    const auto port = server.http_port();
    const double before = server.metric("ibasho_ws_rejected_origin_total");

    const std::string refused[] = {
        "https://evil.example",
        "",      // no Origin header at all
        "null",  // sandboxed frames and file:// pages
        "http://127.0.0.1:" + std::to_string(port == 65535 ? 1 : port + 1),  // another port
        "https://127.0.0.1:" + std::to_string(port),                         // another scheme
        "http://127.0.0.1:" + std::to_string(port) + ".evil.example",
    };
    for (const auto& origin : refused) {
        INFO("origin '" << origin << "'");
        const UpgradeOutcome out = WsClient::try_upgrade({.port = port, .origin = origin});
        CHECK(out.status == 403);
    }
    CHECK(server.metric("ibasho_ws_rejected_origin_total") - before == std::size(refused));
    CHECK(server.metric("ibasho_ws_total") == 0);  // none of them became a WebSocket

    // Plain GET /ws without an upgrade is not a WebSocket either.
    CHECK(http_get(port, "/ws").status == 426);
}

TEST_CASE("allowed origins from the flag admit listed origins and no others", "[ws][origin]") {
    ServerProcess server(
        {.extra = {"--allowed-origins", "https://ok.example,https://also.example"}});
    const auto port = server.http_port();
    CHECK(WsClient::try_upgrade({.port = port, .origin = "https://ok.example"}).status == 101);
    CHECK(WsClient::try_upgrade({.port = port, .origin = "https://also.example"}).status == 101);
    CHECK(WsClient::try_upgrade({.port = port, .origin = "https://ok.example:443"}).status == 101);
    CHECK(WsClient::try_upgrade({.port = port, .origin = "https://OK.example"}).status == 101);
    CHECK(WsClient::try_upgrade({.port = port, .origin = "http://ok.example"}).status == 403);
    CHECK(WsClient::try_upgrade({.port = port, .origin = "https://evil.example"}).status == 403);
    CHECK(WsClient::try_upgrade({.port = port, .origin = "https://ok.example.evil"}).status == 403);
    // The server's own origin stays allowed next to the list.
    WsClient own({.port = port});
    CHECK(own.hello()["type"] == "welcome");
}
