// deploy/cluster.sh as a newcomer runs it: three nodes and HAProxy in front, one Redis.
// Two clients that the proxy spreads over nodes chat through it and see one order; Ctrl-C
// (SIGINT) stops every process the script started, and the script exits 0. A node sent
// SIGTERM drains: HAProxy sees its /readyz go 503 and takes it out while its clients are still
// connected, new clients reach the other node, and only then are the old ones closed (1001).
#include <catch2/catch.hpp>

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/integration/support/http_client.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/subprocess.hpp"
#include "tests/integration/support/temp_dir.hpp"
#include "tests/integration/support/ws_client.hpp"

using namespace ibasho::itest;
using namespace std::chrono_literals;

TEST_CASE("three nodes behind HAProxy serve one community", "[cluster][haproxy]") {
    TempDir dir;
    const std::uint16_t front = unused_port();
    const std::uint16_t redis = unused_port();
    // --base-port 0: every node takes a port the kernel gives it, so no other test can hold
    // one of the three ports a fixed base would need.
    Subprocess cluster(
        {"bash", "deploy/cluster.sh", "--nodes", "3", "--port", std::to_string(front),
         "--base-port", "0", "--redis-port", std::to_string(redis), "--dir", dir.path()},
        dir.path() + "/cluster.log");
    bool ready = false;
    for (int i = 0; i < 900 && !ready && cluster.running(); ++i) {
        std::this_thread::sleep_for(50ms);
        ready = cluster.log_text().find("cluster ready") != std::string::npos;
    }
    ready = ready || cluster.log_text().find("cluster ready") != std::string::npos;
    // On failure the script prints the end of every node's, HAProxy's and Redis's log.
    INFO("deploy/cluster.sh printed:\n" << cluster.log_text());
    REQUIRE(ready);
    const std::string cluster_dir = dir.path();
    REQUIRE(live_processes_with_arg("redis://127.0.0.1:" + std::to_string(redis)).size() == 3);
    REQUIRE(live_processes_with_arg(cluster_dir + "/haproxy.cfg").size() >= 1);

    WsClient a({.port = front});
    WsClient b({.port = front});
    a.hello();
    b.hello();
    a.join("hiroba", "A");
    b.join("hiroba", "B");
    a.say("hiroba", "ひとつめ", "a1");
    b.say("hiroba", "ふたつめ", "b1");
    std::vector<Json> got_a, got_b;
    pump_all(
        {&a, &b},
        [&] {
            for (auto& o : a.take_objects())
                if (o["type"] == "message")
                    got_a.push_back(o);
            for (auto& o : b.take_objects())
                if (o["type"] == "message")
                    got_b.push_back(o);
            return got_a.size() == 2 && got_b.size() == 2;
        },
        10s);
    REQUIRE(got_a.size() == 2);
    CHECK(got_a == got_b);
    CHECK(got_a[0]["seq"].get<std::uint64_t>() + 1 == got_a[1]["seq"].get<std::uint64_t>());

    cluster.send_signal(SIGINT);
    const auto status = cluster.wait_exit(20s);
    INFO("deploy/cluster.sh printed:\n" << cluster.log_text());
    REQUIRE(status.has_value());
    CHECK(*status == 0);
    CHECK(live_processes_with_arg("redis://127.0.0.1:" + std::to_string(redis)).empty());
    CHECK(live_processes_with_arg(cluster_dir + "/haproxy.cfg").empty());
    CHECK(live_processes_with_arg("127.0.0.1:" + std::to_string(redis)).empty());
}

namespace {

// Open WebSockets on one node, read from its own /metrics (not through the proxy).
double ws_open_on(std::uint16_t node_port) {
    return metric_value(http_get(node_port, "/metrics").body, "ibasho_ws_open").value_or(-1);
}

std::string file_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("a node drained by SIGTERM leaves HAProxy before its clients are closed",
          "[cluster][haproxy][drain]") {
    TempDir dir;
    const std::uint16_t front = unused_port();
    const std::uint16_t redis = unused_port();
    // Five seconds of draining: HAProxy (checks every 1 s, down after 2) must see the 503
    // well inside it, even on a loaded machine.
    Subprocess cluster({"bash", "deploy/cluster.sh", "--nodes", "2", "--port",
                        std::to_string(front), "--base-port", "0", "--redis-port",
                        std::to_string(redis), "--dir", dir.path(), "--", "--drain-time", "5"},
                       dir.path() + "/cluster.log");
    std::smatch m;
    const std::regex ready_line(R"(cluster ready: \S+ \(2 nodes on ports (\d+) (\d+),)");
    bool ready = false;
    std::string printed;
    for (int i = 0; i < 900 && !ready && cluster.running(); ++i) {
        std::this_thread::sleep_for(50ms);
        printed = cluster.log_text();
        ready = std::regex_search(printed, m, ready_line);
    }
    INFO("deploy/cluster.sh printed:\n" << cluster.log_text());
    REQUIRE(ready);
    const auto drained_port = static_cast<std::uint16_t>(std::stoi(m[1].str()));
    const auto other_port = static_cast<std::uint16_t>(std::stoi(m[2].str()));

    // Four clients through the proxy: leastconn puts two on each node.
    std::vector<std::unique_ptr<WsClient>> old_clients;
    for (int i = 0; i < 4; ++i) {
        old_clients.push_back(std::make_unique<WsClient>(WsOptions{.port = front}));
        old_clients.back()->hello();
    }
    const double on_drained = ws_open_on(drained_port);
    const double on_other = ws_open_on(other_port);
    REQUIRE(on_drained + on_other == 4);
    REQUIRE(on_drained >= 1);

    // node-1 is the first port; the Redis URL is this test's own, so no other test's node-1
    // can be the one signalled.
    std::vector<pid_t> node1 = live_processes_with_arg("node-1");
    const std::vector<pid_t> ours =
        live_processes_with_arg("redis://127.0.0.1:" + std::to_string(redis));
    std::erase_if(node1,
                  [&](pid_t p) { return std::find(ours.begin(), ours.end(), p) == ours.end(); });
    REQUIRE(node1.size() == 1);
    REQUIRE(::kill(node1[0], SIGTERM) == 0);

    // 1. /readyz answers 503 over a fresh connection: the listener is still open.
    int readyz = 0;
    for (int i = 0; i < 100 && readyz != 503; ++i) {
        readyz = http_get(drained_port, "/readyz").status;
        if (readyz != 503)
            std::this_thread::sleep_for(20ms);
    }
    REQUIRE(readyz == 503);
    CHECK(ws_open_on(drained_port) == on_drained);

    // 2. HAProxy marks the node down for that 503 (a Layer 7 answer, not a refused connect),
    //    while the node's clients are still connected.
    const std::string haproxy_log = dir.path() + "/haproxy.log";
    std::string down_line;
    for (int i = 0; i < 200 && down_line.empty(); ++i) {
        const std::string text = file_text(haproxy_log);
        const auto at = text.find("nodes/node-1 is DOWN");
        if (at != std::string::npos) {
            down_line = text.substr(at, text.find('\n', at) - at);
        } else {
            std::this_thread::sleep_for(50ms);
        }
    }
    INFO("haproxy.log:\n" << file_text(haproxy_log));
    REQUIRE(!down_line.empty());
    CHECK(down_line.find("503") != std::string::npos);
    CHECK(ws_open_on(drained_port) == on_drained);
    for (auto& c : old_clients) {
        c->poll();
        CHECK_FALSE(c->closed());
    }

    // 3. New clients all reach the other node, although leastconn would otherwise send
    //    about half of them to the drained one (it holds no more connections than the other).
    std::vector<std::unique_ptr<WsClient>> new_clients;
    for (int i = 0; i < 4; ++i) {
        new_clients.push_back(std::make_unique<WsClient>(WsOptions{.port = front}));
        new_clients.back()->hello();
    }
    CHECK(ws_open_on(other_port) == on_other + 4);
    CHECK(ws_open_on(drained_port) == on_drained);

    // 4. When the drain ends, the drained node's clients are closed with 1001 (going away),
    //    which tells them to reconnect.
    std::vector<WsClient*> olds;
    for (auto& c : old_clients)
        olds.push_back(c.get());
    auto closed_1001 = [&] {
        return std::count_if(olds.begin(), olds.end(),
                             [](WsClient* c) { return c->close_code() == 1001; });
    };
    pump_all(
        olds, [&] { return closed_1001() == static_cast<long>(on_drained); }, 15s);
    CHECK(closed_1001() == static_cast<long>(on_drained));

    cluster.send_signal(SIGINT);
    CHECK(cluster.wait_exit(30s).has_value());
}
