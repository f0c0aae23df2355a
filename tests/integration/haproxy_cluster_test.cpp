// deploy/cluster.sh as a newcomer runs it: three nodes and HAProxy in front, one Redis.
// Two clients that the proxy spreads over nodes chat through it and see one order.
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
    const std::uint16_t base = unused_port();
    const std::uint16_t redis = unused_port();
    Subprocess cluster({"bash", "deploy/cluster.sh", "--nodes", "3", "--port",
                        std::to_string(front), "--base-port", std::to_string(base), "--redis-port",
                        std::to_string(redis), "--dir", dir.path()},
                       dir.path() + "/cluster.log");
    bool ready = false;
    for (int i = 0; i < 600 && !ready; ++i) {
        std::this_thread::sleep_for(50ms);
        ready = cluster.log_text().find("cluster ready") != std::string::npos;
    }
    INFO(cluster.log_text());
    REQUIRE(ready);

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

    cluster.send_signal(SIGTERM);
    CHECK(cluster.wait_exit(15s).has_value());
}
