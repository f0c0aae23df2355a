// Callbacks that throw, against a real Redis: hiredis is C and cannot be unwound through, so
// every exception must stop at our boundary, be counted, and leave the connection serving.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>

#include "redis_test_server.hpp"
#include "server/metrics.hpp"
#include "server/redis/redis_link.hpp"
#include "server/redis/redis_node.hpp"

using namespace ibasho;
using namespace ibasho::test;

namespace {

// Runs `io` until `done()` or ~10 s; an exception escaping a handler fails the test here.
bool run_until(boost::asio::io_context& io, const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        io.restart();
        io.run_for(std::chrono::milliseconds(5));
    }
    return done();
}

std::uint64_t callback_errors() {
    return metrics().redis_callback_errors.get();
}

}  // namespace

TEST_CASE("a reply callback that throws is counted and the connection serves the next command",
          "[redis][callback]") {
    boost::asio::io_context io;
    auto conn = redis::Link::create(io, test_redis(), {});
    conn->start();
    REQUIRE(run_until(io, [&] { return conn->up(); }));

    const auto before = callback_errors();
    int thrower_calls = 0;
    conn->command({"PING"}, [&](const redisReply*) {
        ++thrower_calls;
        throw std::runtime_error("boom");
    });
    std::string answer;
    conn->command({"ECHO", "still here"},
                  [&](const redisReply* r) { answer = std::string(redis::as_string(r)); });
    REQUIRE_NOTHROW(run_until(io, [&] { return !answer.empty(); }));

    CHECK(answer == "still here");
    CHECK(thrower_calls == 1);
    CHECK(callback_errors() == before + 1);
    CHECK(conn->up());
    CHECK(conn->in_flight() == 0);

    // Tearing the connection down later must not call the failed request a second time.
    conn->stop();
    io.restart();
    io.poll();
    CHECK(thrower_calls == 1);
}

TEST_CASE("a callback that throws on a command refused while disconnected is counted",
          "[redis][callback]") {
    boost::asio::io_context io;
    auto conn = redis::Link::create(io, test_redis(), {});
    const auto before = callback_errors();
    int calls = 0;
    conn->command({"PING"}, [&](const redisReply* r) {
        ++calls;
        CHECK(r == nullptr);
        throw std::runtime_error("boom");
    });
    REQUIRE_NOTHROW(run_until(io, [&] { return calls > 0; }));
    CHECK(calls == 1);
    CHECK(callback_errors() == before + 1);
}

TEST_CASE("a message handler or state listener that throws does not stop the node",
          "[redis][callback]") {
    boost::asio::io_context io;
    const std::string prefix = unique_prefix();
    redis::Node node(io, test_redis(), prefix);
    const std::string channel = prefix + "cb";
    std::vector<std::string> got;
    node.route(channel, [&](std::string_view, std::string_view payload) {
        got.emplace_back(payload);
        if (payload == "first") {
            throw std::runtime_error("boom");
        }
    });
    bool second_listener_heard = false;
    node.on_state([](bool up) {
        if (up) {
            throw std::runtime_error("boom");
        }
    });
    node.on_state([&](bool up) { second_listener_heard = second_listener_heard || up; });

    const auto before = callback_errors();
    node.start();
    node.post([&] { node.subscriber().subscribe(channel); });
    REQUIRE_NOTHROW(run_until(io, [&] { return node.subscriber().subscribed(channel); }));
    CHECK(second_listener_heard);
    CHECK(callback_errors() == before + 1);

    int published = 0;
    for (const char* payload : {"first", "second"}) {
        node.commands().command({"PUBLISH", channel, payload},
                                [&](const redisReply*) { ++published; });
    }
    REQUIRE_NOTHROW(run_until(io, [&] { return got.size() == 2; }));
    CHECK(got == std::vector<std::string>{"first", "second"});
    CHECK(published == 2);
    CHECK(callback_errors() == before + 2);
    CHECK(node.up());

    node.stop();
    io.restart();
    io.poll();
}
