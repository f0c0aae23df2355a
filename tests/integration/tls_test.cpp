// TLS over real sockets: which protocol versions, suites and groups the server accepts, and
// plain and TLS clients sharing one room in one process.
#include <openssl/ssl.h>
#include <catch2/catch.hpp>

#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/tls_probe.hpp"
#include "tests/integration/support/ws_client.hpp"

using namespace ibasho::itest;

namespace {

bool forward_secret_group(const std::string& group) {
    return group == "X25519" || group == "prime256v1" || group == "P-256";
}

}  // namespace

TEST_CASE("TLS 1.3 and TLS 1.2 with ECDHE-GCM are accepted", "[tls]") {
    ServerProcess server({.tls = true});
    const auto port = server.https_port();

    const TlsOutcome v13 =
        tls_handshake(port, {.min_version = TLS1_3_VERSION, .max_version = TLS1_3_VERSION});
    INFO(v13.error);
    REQUIRE(v13.ok);
    CHECK(v13.version == "TLSv1.3");
    CHECK(forward_secret_group(v13.group));

    const TlsOutcome v12 = tls_handshake(port, {.min_version = TLS1_2_VERSION,
                                                .max_version = TLS1_2_VERSION,
                                                .cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256"});
    INFO(v12.error);
    REQUIRE(v12.ok);
    CHECK(v12.version == "TLSv1.2");
    CHECK(v12.cipher == "ECDHE-ECDSA-AES128-GCM-SHA256");
    CHECK(forward_secret_group(v12.group));

    // The server picks a group the client offers, as long as it is one of its own two.
    for (const char* group : {"X25519", "P-256"}) {
        INFO("group " << group);
        const TlsOutcome only = tls_handshake(port, {.groups = group});
        INFO(only.error);
        REQUIRE(only.ok);
        CHECK(only.group == (std::string(group) == "P-256" ? "prime256v1" : "X25519"));
    }
}

TEST_CASE("no session resumption: a returning device is not recognised at the TLS layer",
          "[tls][privacy]") {
    ServerProcess server({.tls = true});
    for (int version : {TLS1_3_VERSION, TLS1_2_VERSION}) {
        INFO("version " << version);
        const TlsOutcome o =
            tls_handshake(server.https_port(),
                          {.min_version = version, .max_version = version, .try_resume = true});
        INFO(o.error);
        REQUIRE(o.ok);
        CHECK_FALSE(o.resumable);
        CHECK_FALSE(o.resumed);
    }
}

TEST_CASE("TLS 1.0 and 1.1, suites without forward secrecy or AEAD, other groups: refused",
          "[tls]") {
    ServerProcess server({.tls = true});
    const auto port = server.https_port();
    const double failures_before = server.metric("ibasho_tls_handshake_failures_total");

    const TlsOutcome v10 =
        tls_handshake(port, {.min_version = TLS1_VERSION, .max_version = TLS1_VERSION});
    CHECK_FALSE(v10.ok);
    // An alert is the server saying no (a client-side refusal would not send a hello at all).
    CHECK(v10.error.find("alert protocol version") != std::string::npos);

    const TlsOutcome v11 =
        tls_handshake(port, {.min_version = TLS1_1_VERSION, .max_version = TLS1_1_VERSION});
    CHECK_FALSE(v11.ok);
    CHECK(v11.error.find("alert protocol version") != std::string::npos);

    // No forward secrecy: the key exchange would ride on the certificate's key.
    const TlsOutcome rsa = tls_handshake(port, {.min_version = TLS1_2_VERSION,
                                                .max_version = TLS1_2_VERSION,
                                                .cipher_list = "AES128-GCM-SHA256"});
    CHECK_FALSE(rsa.ok);
    CHECK(rsa.error.find("alert handshake failure") != std::string::npos);
    const TlsOutcome cbc = tls_handshake(port, {.min_version = TLS1_2_VERSION,
                                                .max_version = TLS1_2_VERSION,
                                                .cipher_list = "ECDHE-ECDSA-AES128-SHA"});
    CHECK_FALSE(cbc.ok);
    CHECK(cbc.error.find("alert handshake failure") != std::string::npos);

    const TlsOutcome p384 = tls_handshake(port, {.groups = "P-384"});
    CHECK_FALSE(p384.ok);
    CHECK(p384.error.find("alert handshake failure") != std::string::npos);

    // Each refusal was the server's: it counted a failed handshake for every one.
    CHECK(server.metric("ibasho_tls_handshake_failures_total") - failures_before >= 5);
    // And it still serves a good client afterwards.
    CHECK(tls_handshake(port, {}).ok);
}

TEST_CASE("WSS checks the https origin", "[tls][ws]") {
    ServerProcess server({.tls = true});
    const auto port = server.https_port();
    const std::string own = "https://127.0.0.1:" + std::to_string(port);
    CHECK(WsClient::try_upgrade({.port = port, .tls = true, .origin = own}).status == 101);
    // The same host over http:// is another origin.
    CHECK(WsClient::try_upgrade(
              {.port = port, .tls = true, .origin = "http://127.0.0.1:" + std::to_string(port)})
              .status == 403);
}

TEST_CASE("a WSS client and a WS client share a room in one process", "[tls][ws][chat]") {
    ServerProcess server({.tls = true});
    WsClient plain({.port = server.http_port()});
    WsClient secure({.port = server.https_port(), .tls = true});
    plain.hello();
    secure.hello();
    const Json p = plain.join("lobby", "plain");
    const Json s = secure.join("lobby", "secure");

    secure.say("lobby", "from the TLS side", "t1");
    const Json m1s = secure.read_until("message");
    const Json m1p = plain.read_until("message");
    CHECK(m1s == m1p);  // the same bytes for every member, whatever the transport
    CHECK(m1p["text"] == "from the TLS side");
    CHECK(m1p["id"] == "t1");
    CHECK(m1p["from"] == s["member"]);

    plain.say("lobby", "from the plain side", "p1");
    const Json m2p = plain.read_until("message");
    const Json m2s = secure.read_until("message");
    CHECK(m2p == m2s);
    CHECK(m2s["from"] == p["member"]);
    CHECK(m2s["seq"].get<std::uint64_t>() == m1s["seq"].get<std::uint64_t>() + 1);
}
