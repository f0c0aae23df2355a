// deploy/cluster.sh as a newcomer runs it: three nodes and HAProxy in front, one Redis.
// Two clients that the proxy spreads over nodes chat through it and see one order; Ctrl-C
// (SIGINT) stops every process the script started, and the script exits 0.
#include <catch2/catch.hpp>

#include <signal.h>

#include <fstream>
#include <sstream>

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
