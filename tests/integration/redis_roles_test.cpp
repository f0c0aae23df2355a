// The two Redis roles as a node sees them: ready (and ibasho_redis_up 1) only while both the
// ephemeral Redis and the Store's answer, and ready again once the one that died is back.
#include <catch2/catch.hpp>

#include <thread>

#include "tests/integration/support/cluster_nodes.hpp"
#include "tests/integration/support/http_client.hpp"

using namespace ibasho::itest;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

namespace {

// Polls until /readyz answers `status` and the gauge says `up`, or 8 s pass.
bool becomes(const ServerProcess& node, int status, double up) {
    const auto deadline = SteadyClock::now() + 8s;
    while (SteadyClock::now() < deadline) {
        if (http_get(node.http_port(), "/readyz").status == status &&
            node.metric("ibasho_redis_up") == up)
            return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

}  // namespace

TEST_CASE("a node with two Redis roles is ready only while both answer", "[cluster][disk]") {
    ControlledRedis ephemeral(Persistence::none);
    ControlledRedis durable(Persistence::aof_everysec);
    auto node = redis_node(ephemeral, durable, fresh_prefix("roles"));
    CHECK(node->metric("ibasho_redis_up") == 1);

    SECTION("the Store's Redis dies and comes back") {
        durable.kill();
        CHECK(becomes(*node, 503, 0));
        durable.start();
        CHECK(becomes(*node, 200, 1));
    }
    SECTION("the ephemeral Redis dies and comes back (empty)") {
        ephemeral.kill();
        CHECK(becomes(*node, 503, 0));
        ephemeral.start();
        CHECK(becomes(*node, 200, 1));
    }
}
