// Health, readiness and metrics endpoints: readiness follows Redis, metrics are Prometheus
// text that never names a client address.
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>
#include <thread>

#include "tests/integration/support/http_client.hpp"
#include "tests/integration/support/redis_process.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/ws_client.hpp"

using namespace ibasho::itest;

namespace {

// Polls `target` until it answers `status` or the timeout passes; returns the last status.
int wait_for_status(std::uint16_t port, const char* target, int status,
                    std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int last = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        last = http_get(port, target).status;
        if (last == status) {
            return last;
        }
        std::this_thread::sleep_for(100ms);
    }
    return last;
}

}  // namespace

TEST_CASE("healthz and readyz with the memory store", "[http][health]") {
    ServerProcess server({.store = "memory"});
    const HttpResponse health = http_get(server.http_port(), "/healthz");
    CHECK(health.status == 200);
    CHECK(health.header("cache-control") == "no-store");
    CHECK(http_get(server.http_port(), "/readyz").status == 200);
}

TEST_CASE("readyz is 503 while Redis is unreachable and healthz stays 200", "[http][health]") {
    const std::uint16_t nothing_there = unused_port();
    ServerProcess server(
        {.extra = {"--redis", "redis://127.0.0.1:" + std::to_string(nothing_there)}});
    const auto port = server.http_port();

    // Ask across more than one probe interval (1 s): it must never claim to be ready.
    const auto until = std::chrono::steady_clock::now() + 1500ms;
    while (std::chrono::steady_clock::now() < until) {
        CHECK(http_get(port, "/readyz").status == 503);
        CHECK(http_get(port, "/healthz").status == 200);
        std::this_thread::sleep_for(250ms);
    }
    CHECK(server.metric("ibasho_redis_up") == 0);
}

TEST_CASE("readyz turns 200 once a real Redis answers", "[http][health][redis]") {
    std::unique_ptr<RedisProcess> own;
    std::string url;
    if (auto given = test_redis_url()) {
        url = *given;
    } else if (RedisProcess::available()) {
        own = std::make_unique<RedisProcess>();
        url = own->url();
    } else {
        WARN("skipped: IBASHO_TEST_REDIS_URL is unset and redis-server is not installed");
        return;
    }
    ServerProcess server({.extra = {"--redis", url}});
    CHECK(wait_for_status(server.http_port(), "/readyz", 200, 5s) == 200);
    CHECK(http_get(server.http_port(), "/healthz").status == 200);
    CHECK(server.metric("ibasho_redis_up") == 1);
    // Round trips are timed once the store is used: a session is one.
    WsClient c({.port = server.http_port()});
    CHECK(c.hello()["type"] == "welcome");
    CHECK(server.wait_metric(
              "ibasho_redis_rtt_seconds_count", [](double v) { return v >= 1; }, 3s) >= 1);
}

TEST_CASE("metrics are Prometheus text and name no address", "[http][metrics]") {
    // Debug logging, so that the log check below covers every line the server can write.
    ServerProcess server({.tls = true, .extra = {"--log-level", "debug"}});
    const auto port = server.http_port();

    // Some traffic first, so counters and the paths that might log an address have run.
    {
        WsClient c({.port = port});
        c.hello();
        c.join("lobby", "metrics");
        c.say("lobby", "hello", "m1");
        c.read_until("message");
        CHECK(WsClient::try_upgrade({.port = port, .origin = "https://evil.example"}).status ==
              403);
        WsClient t({.port = server.https_port(), .tls = true});
        t.hello();
        http_get(port, "/missing");
    }

    const HttpResponse r = http_get(port, "/metrics");
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type").rfind("text/plain; version=0.0.4", 0) == 0);
    const std::string& text = r.body;
    for (const char* name : {"ibasho_connections_open", "ibasho_ws_open", "ibasho_frames_in_total",
                             "ibasho_slow_consumer_drops_total", "ibasho_redis_rtt_seconds_bucket",
                             "ibasho_send_queue_bytes", "ibasho_idle_timeouts_total"}) {
        INFO("metric " << name);
        CHECK(text.find(name) != std::string::npos);
    }
    CHECK(metric_value(text, "ibasho_frames_in_total").value_or(0) >= 3);
    CHECK(metric_value(text, "ibasho_ws_total").value_or(0) >= 2);

    // Every line is a comment or a sample; no sample or label carries an address.
    const std::string label = R"([a-zA-Z_][a-zA-Z0-9_]*="[^"]*")";
    const std::regex sample(R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{)" + label + "(," + label +
                            R"()*\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)$)");
    static const std::regex comment(R"(^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$)");
    static const std::regex dotted_quad(R"((^|[^0-9.])[0-9]{1,3}(\.[0-9]{1,3}){3}([^0-9.]|$))");
    static const std::regex address_label(R"([{,](ip|addr|address|remote|peer|client)=)",
                                          std::regex::icase);
    std::istringstream lines(text);
    std::string line;
    int samples = 0;
    while (std::getline(lines, line)) {
        INFO("line: " << line);
        if (line.rfind("# ", 0) == 0) {
            CHECK(std::regex_match(line, comment));
            continue;
        }
        CHECK(std::regex_match(line, sample));
        CHECK_FALSE(std::regex_search(line, dotted_quad));
        CHECK_FALSE(std::regex_search(line, address_label));
        ++samples;
    }
    CHECK(samples > 20);

    // Privacy: every client connected from 127.0.0.1, so apart from the server's own
    // listening addresses that string must not be in the log.
    std::string log = server.log_text();
    INFO(log);
    for (const auto own_port : {server.http_port(), server.https_port()}) {
        const std::string own = "127.0.0.1:" + std::to_string(own_port);
        for (auto at = log.find(own); at != std::string::npos; at = log.find(own)) {
            log.erase(at, own.size());
        }
    }
    CHECK(log.find("127.0.0.1") == std::string::npos);
    CHECK_FALSE(std::regex_search(log, address_label));
}
