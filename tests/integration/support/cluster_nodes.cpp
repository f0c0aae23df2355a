#include "tests/integration/support/cluster_nodes.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <thread>

#include "tests/integration/support/http_client.hpp"

namespace ibasho::itest {

using SteadyClock = std::chrono::steady_clock;

std::string fresh_prefix(std::string_view tag) {
    static int n = 0;
    return std::string(tag) + std::to_string(::getpid()) + "-" + std::to_string(++n) + ":";
}

std::unique_ptr<ServerProcess> redis_node(const ControlledRedis& redis, const std::string& prefix,
                                          ServerOptions options) {
    options.extra.insert(options.extra.begin(), {"--redis", redis.url(), "--redis-prefix", prefix});
    auto s = std::make_unique<ServerProcess>(options);
    for (int i = 0; i < 200 && s->metric("ibasho_redis_up") != 1; ++i) {
        std::this_thread::sleep_for(20ms);
    }
    REQUIRE(s->metric("ibasho_redis_up") == 1);
    // Ready (/readyz 200) also means the shared address key has been read, so every node
    // hashes one address alike (bans by address hash, the login throttle).
    bool ready = false;
    for (int i = 0; i < 250 && !ready; ++i) {
        ready = http_get(s->http_port(), "/readyz").status == 200;
        if (!ready) {
            std::this_thread::sleep_for(20ms);
        }
    }
    REQUIRE(ready);
    return s;
}

std::unique_ptr<ServerProcess> redis_node(const ControlledRedis& ephemeral,
                                          const ControlledRedis& durable, const std::string& prefix,
                                          ServerOptions options) {
    options.extra.insert(options.extra.begin(), {"--store-redis", durable.url()});
    return redis_node(ephemeral, prefix, std::move(options));
}

std::unique_ptr<WsClient> client_of(const ServerProcess& node) {
    return std::make_unique<WsClient>(WsOptions{.port = node.http_port()});
}

std::unique_ptr<WsClient> staff_client(const ServerProcess& node, const std::string& token) {
    auto c = client_of(node);
    c->send(Json{{"type", "hello"}, {"v", 1}, {"staff", token}});
    const std::string role = c->read_until("welcome").value("role", "");
    REQUIRE(role == "supporter");
    return c;
}

Json answer(WsClient& client, std::string_view type, std::chrono::milliseconds timeout) {
    const auto deadline = SteadyClock::now() + timeout;
    while (SteadyClock::now() < deadline) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
        auto o = client.next_object(left > 0ms ? left : 1ms);
        if (!o) {
            break;
        }
        if ((*o)["type"] == type || (*o)["type"] == "error") {
            return *o;
        }
    }
    return nullptr;
}

}  // namespace ibasho::itest
