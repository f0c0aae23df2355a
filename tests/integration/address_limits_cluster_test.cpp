// Per-address limits across real nodes (issue 15), and the PROXY protocol v2 behind HAProxy:
// connections and frames from one source address spread over three nodes meet one budget;
// behind HAProxy (send-proxy-v2) each client address has its own, on the plain and the TLS
// listener; a PROXY header is believed only from --proxy-from peers.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include "tests/integration/support/cluster_nodes.hpp"
#include "tests/integration/support/controlled_redis.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/subprocess.hpp"
#include "tests/integration/support/temp_dir.hpp"
#include "tests/integration/support/tls_probe.hpp"
#include "tests/integration/support/ws_client.hpp"

using namespace ibasho::itest;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t window_ms = 10'000;  // abuse::address_limit_window

// Counts run in fixed 10 s windows: start a burst early in one, so it cannot straddle two.
void start_of_window(std::int64_t need_ms) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    if (ms % window_ms > window_ms - need_ms) {
        std::this_thread::sleep_for(std::chrono::milliseconds(window_ms - ms % window_ms + 50));
    }
}

// A TCP connection from the loopback address `source` (127.x.y.z) to 127.0.0.1:port; -1 when
// it is refused.
int connect_from(const std::string& source, std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    timeval tv{3, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.c_str(), &from.sin_addr);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) == 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        ::close(fd);
        return -1;  // nobody listening (yet)
    }
    return fd;
}

// Writes `bytes` and reads until the peer closes (or 3 s pass): what came back.
std::string exchange(int fd, std::string_view bytes) {
    if (fd < 0) {
        return {};
    }
    std::size_t off = 0;
    while (off < bytes.size()) {
        const auto n = ::send(fd, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
        if (n <= 0)
            break;
        off += static_cast<std::size_t>(n);
    }
    std::string got;
    char buf[4096];
    while (true) {
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            break;
        got.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return got;
}

constexpr std::string_view healthz =
    "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: "
    "close\r\n\r\n";

bool served(const std::string& source, std::uint16_t port, std::string_view before = {}) {
    const std::string reply =
        exchange(connect_from(source, port), std::string(before) + std::string(healthz));
    return reply.rfind("HTTP/1.1 200", 0) == 0;
}

std::string be16(std::size_t n) {
    return {static_cast<char>(n >> 8), static_cast<char>(n & 0xff)};
}

// A PROXY v2 header naming the IPv4 client `a.b.c.d`.
std::string proxy_v2_from(unsigned char a, unsigned char b, unsigned char c, unsigned char d) {
    std::string h("\r\n\r\n\0\r\nQUIT\n", 12);
    h += "\x21\x11";
    h += be16(12);
    h += std::string{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c),
                     static_cast<char>(d)};
    h += std::string("\x7f\x00\x00\x01", 4) + be16(40000) + be16(8080);
    return h;
}

// GET `path` from a loopback address of its own each time (127.0.1.x), so the test's own polls
// never spend an address budget under test.
std::string get_fresh(std::uint16_t port, std::string_view path) {
    static int next = 0;
    const std::string source = "127.0.1." + std::to_string(1 + next++ % 250);
    return exchange(connect_from(source, port), "GET " + std::string(path) +
                                                    " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                    "Connection: close\r\n\r\n");
}

// A node on `redis`, ready (Redis up and the shared address key read).
std::unique_ptr<ServerProcess> limited_node(const ControlledRedis& redis,
                                            const std::string& prefix) {
    auto s = std::make_unique<ServerProcess>(
        ServerOptions{.extra = {"--redis", redis.url(), "--redis-prefix", prefix,
                                "--address-connections", "6", "--address-frames", "60"}});
    bool ready = false;
    for (int i = 0; i < 400 && !ready; ++i) {
        ready = get_fresh(s->http_port(), "/readyz").rfind("HTTP/1.1 200", 0) == 0;
        if (!ready)
            std::this_thread::sleep_for(20ms);
    }
    REQUIRE(ready);
    return s;
}

double metric_fresh(std::uint16_t port, std::string_view name) {
    const std::string reply = get_fresh(port, "/metrics");
    const auto body = reply.find("\r\n\r\n");
    return metric_value(body == std::string::npos ? "" : reply.substr(body + 4), name).value_or(0);
}

}  // namespace

TEST_CASE("per-address limits hold across three nodes", "[cluster][abuse]") {
    ControlledRedis redis;
    const std::string prefix = fresh_prefix("abuse");
    auto n1 = limited_node(redis, prefix);
    auto n2 = limited_node(redis, prefix);
    auto n3 = limited_node(redis, prefix);
    const std::vector<std::uint16_t> ports{n1->http_port(), n2->http_port(), n3->http_port()};

    SECTION("connections") {
        // One source address, round robin over the nodes: six in all are served, not six each.
        start_of_window(4000);
        std::vector<int> outcome;
        for (int i = 0; i < 9; ++i) {
            outcome.push_back(served("127.0.0.2", ports[i % 3]) ? 1 : 0);
        }
        CHECK(outcome == std::vector<int>{1, 1, 1, 1, 1, 1, 0, 0, 0});
        // Another address is not held back by it.
        CHECK(served("127.0.0.3", ports[0]));
        double refused = 0;
        for (auto port : ports)
            refused += metric_fresh(port, "ibasho_address_limited_total");
        CHECK(refused == 3);
    }

    SECTION("frames") {
        // A client on each node, all from one address, each sending a few frames a round; each
        // frame is answered (an error frame: `{}` is not a message) until the address's 60
        // are spent, and then every one of them is closed as a flood.
        start_of_window(6000);
        std::vector<std::unique_ptr<WsClient>> clients;
        for (auto port : ports) {
            clients.push_back(
                std::make_unique<WsClient>(WsOptions{.port = port, .local_address = "127.0.0.5"}));
        }
        std::size_t answered = 0;
        constexpr int per_round = 4;
        for (int round = 0; round < 20; ++round) {
            bool any_open = false;
            for (auto& c : clients) {
                if (c->closed())
                    continue;
                any_open = true;
                for (int k = 0; k < per_round; ++k)
                    c->queue_text("{}");
            }
            if (!any_open)
                break;
            // Longer than two flush intervals: every node has sent its counts and heard the
            // total before the next round.
            const auto until = std::chrono::steady_clock::now() + 300ms;
            while (std::chrono::steady_clock::now() < until) {
                for (auto& c : clients) {
                    c->poll();
                    for (auto& o : c->take_objects())
                        answered += o["type"] == "error" ? 1 : 0;
                }
                std::this_thread::sleep_for(2ms);
            }
        }
        for (auto& c : clients) {
            CHECK(c->wait_closed(3s));
            CHECK(c->close_code() == std::optional<std::uint16_t>(4002));
            for (auto& o : c->take_objects())
                answered += o["type"] == "error" ? 1 : 0;
        }
        // One node alone would have answered 60, three nodes 180 (240 were sent). Documented
        // overshoot: what the other two nodes let through in the last round.
        CHECK(answered >= 50);
        CHECK(answered <= 60 + 2 * per_round);
    }
}

TEST_CASE("behind HAProxy with send-proxy-v2 each client address has its own budget",
          "[integration][abuse][haproxy][proxy]") {
    TempDir dir;
    // Trusts only 127.0.0.1 (HAProxy) for the header; three connections per address.
    ServerProcess trusting(
        {.tls = true, .extra = {"--proxy-from", "127.0.0.1/32", "--address-connections", "3"}});
    ServerProcess plain_node({.extra = {"--address-connections", "3"}});
    const std::uint16_t front = unused_port();
    const std::uint16_t front_tls = unused_port();
    {
        std::ofstream cfg(dir.path() + "/haproxy.cfg");
        cfg << "global\n  maxconn 200\n"
               "defaults\n  mode tcp\n  timeout connect 2s\n  timeout client 10s\n"
               "  timeout server 10s\n"
               "frontend plain\n  bind 127.0.0.1:"
            << front
            << "\n  default_backend plain\n"
               "frontend tls\n  bind 127.0.0.1:"
            << front_tls
            << "\n  default_backend tls\n"
               "backend plain\n  server a 127.0.0.1:"
            << trusting.http_port()
            << " send-proxy-v2\n"
               "backend tls\n  server a 127.0.0.1:"
            << trusting.https_port() << " send-proxy-v2\n";
    }
    Subprocess haproxy({"/usr/sbin/haproxy", "-db", "-f", dir.path() + "/haproxy.cfg"},
                       dir.path() + "/haproxy.log");
    bool up = false;
    for (int i = 0; i < 250 && !up; ++i) {
        up = served("127.0.0.9", front);
        if (!up)
            std::this_thread::sleep_for(20ms);
    }
    INFO("haproxy said:\n" << haproxy.log_text() << "\nnode said:\n" << trusting.log_text());
    REQUIRE(up);

    // Through HAProxy the node counts the client's address from the header: 127.0.0.2 and
    // 127.0.0.3 get three each, interleaved, although both reach it from 127.0.0.1.
    start_of_window(4000);
    std::vector<int> outcome;
    for (int i = 0; i < 8; ++i) {
        outcome.push_back(served(i % 2 == 0 ? "127.0.0.2" : "127.0.0.3", front) ? 1 : 0);
    }
    CHECK(outcome == std::vector<int>{1, 1, 1, 1, 1, 1, 0, 0});

    // The header comes before the TLS ClientHello on the TLS listener too.
    CHECK(tls_handshake(front_tls, TlsProbe{}).ok);
    // From the trusted peer itself, a connection without the header is refused, plain or TLS.
    CHECK_FALSE(served("127.0.0.1", trusting.http_port()));
    CHECK_FALSE(tls_handshake(trusting.https_port(), TlsProbe{}).ok);
    // The header's own client is the one counted: a header naming a spent address is refused.
    CHECK_FALSE(served("127.0.0.1", trusting.http_port(), proxy_v2_from(127, 0, 0, 2)));
    CHECK(served("127.0.0.1", trusting.http_port(), proxy_v2_from(127, 0, 0, 7)));

    // A node without --proxy-from refuses a forged header as a bad request, and counts the
    // peer's own address: the forger cannot borrow a budget by naming another address.
    const std::string forged = exchange(connect_from("127.0.0.4", plain_node.http_port()),
                                        proxy_v2_from(127, 0, 0, 8) + std::string(healthz));
    CHECK(forged.rfind("HTTP/1.1 400", 0) == 0);
    CHECK(served("127.0.0.4", plain_node.http_port()));
    CHECK(served("127.0.0.4", plain_node.http_port()));
    CHECK_FALSE(served("127.0.0.4", plain_node.http_port()));  // the forged one counted: 4th
}
