// The router behind real sockets (plain and TLS) in this process, with handlers the test
// controls: an answer that comes later from another thread, a client that leaves before the
// answer, body rules (415, 400, 413, a handler's 400 naming the field) and a throwing handler.
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/api/errors.hpp"
#include "server/api/router.hpp"
#include "server/config.hpp"
#include "server/http/server_context.hpp"
#include "server/listener.hpp"
#include "server/metrics.hpp"
#include "server/shards.hpp"
#include "server/tls_context.hpp"
#include "tests/integration/support/http_client.hpp"
#include "tests/integration/support/raw_tcp.hpp"
#include "tests/integration/support/temp_dir.hpp"

using namespace ibasho;
using namespace ibasho::itest;
using nlohmann::json;

namespace {

using namespace std::chrono_literals;

// Requests the /api/slow handler has not answered yet, for the test thread to answer.
struct Parked {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<api::Respond> waiting;
    std::thread::id handler_thread;

    // Waits (with a deadline) until `n` requests are parked, and takes them.
    std::vector<api::Respond> take(std::size_t n) {
        std::unique_lock lock(mutex);
        REQUIRE(changed.wait_for(lock, 5s, [&] { return waiting.size() >= n; }));
        return std::exchange(waiting, {});
    }
};

std::shared_ptr<api::Router> test_router(Parked& parked) {
    auto router = std::make_shared<api::Router>();
    router->add(api::Method::get, "/api/slow", "test.slow",
                [&parked](const api::Request&, const api::Params&, api::Respond respond) {
                    std::lock_guard lock(parked.mutex);
                    parked.handler_thread = std::this_thread::get_id();
                    parked.waiting.push_back(std::move(respond));
                    parked.changed.notify_all();
                });
    router->add(api::Method::post, "/api/things", "test.create",
                [](const api::Request& req, const api::Params&, api::Respond respond) {
                    if (!req.json.is_object() || !req.json.contains("name") ||
                        !req.json["name"].is_string()) {
                        respond(api::bad_field("name", "name must be a string"));
                        return;
                    }
                    respond(api::Response::of(201, json{{"name", req.json["name"]}}));
                });
    router->add(api::Method::get, "/api/boom", "test.boom",
                [](const api::Request&, const api::Params&, api::Respond) {
                    throw std::runtime_error("boom");
                });
    return router;
}

// Listeners, shards and a context as the App builds them, with the test's router.
class InProcessServer {
  public:
    explicit InProcessServer(std::shared_ptr<api::Router> router)
        : site_(write_static_site(dir_)), ctx_(config_, site_) {
        ctx_.api = std::move(router);
        plain_ = std::make_unique<Listener>(shards_, ctx_, Endpoint{"127.0.0.1", 0}, nullptr);
        tls_ = std::make_unique<Listener>(
            shards_, ctx_, Endpoint{"127.0.0.1", 0},
            make_tls_context(test_certificate().cert, test_certificate().key));
        plain_->start();
        tls_->start();
        shards_.start();
    }
    ~InProcessServer() {
        plain_->stop();
        tls_->stop();
        shards_.stop();
        shards_.join();
    }

    std::uint16_t port(bool tls) const { return tls ? tls_->port() : plain_->port(); }

  private:
    Config config_;
    TempDir dir_;
    std::string site_;
    Shards shards_{2};
    ServerContext ctx_;
    std::unique_ptr<Listener> plain_;
    std::unique_ptr<Listener> tls_;
};

HttpResponse call(std::uint16_t port, bool tls, std::string method, std::string target,
                  Headers headers = {}, std::string body = {}) {
    return http_call(port, tls, std::move(method), std::move(target), std::move(headers),
                     std::move(body));
}

std::string error_code(const HttpResponse& r) {
    return json::parse(r.body).at("error").at("code").get<std::string>();
}

bool wait_for_open_connections(std::int64_t n) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (metrics().connections_open.get() != n) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

}  // namespace

TEST_CASE("api over sockets: an answer given later from another thread arrives", "[api]") {
    Parked parked;
    InProcessServer server(test_router(parked));
    for (const bool tls : {false, true}) {
        INFO("tls " << tls);
        auto pending = std::async(std::launch::async,
                                  [&] { return call(server.port(tls), tls, "GET", "/api/slow"); });
        auto responds = parked.take(1);
        std::thread::id answered_on;
        std::thread([&] {
            answered_on = std::this_thread::get_id();
            responds[0](api::Response::json(200, R"({"late":true})"));
        }).join();
        CHECK(answered_on != parked.handler_thread);
        REQUIRE(pending.wait_for(5s) == std::future_status::ready);
        const HttpResponse r = pending.get();
        CHECK(r.status == 200);
        CHECK(json::parse(r.body)["late"] == true);
        CHECK(r.header("content-type") == "application/json; charset=utf-8");
        CHECK(r.header("cache-control") == "no-store");
        CHECK(r.has("strict-transport-security") == tls);
    }
}

TEST_CASE("api over sockets: a client that leaves before the answer harms nothing", "[api]") {
    Parked parked;
    InProcessServer server(test_router(parked));
    REQUIRE(wait_for_open_connections(0));
    for (const bool tls : {false, true}) {
        INFO("tls " << tls);
        std::vector<api::Respond> responds;
        if (tls) {
            // A TLS client that leaves: the request is sent, then the whole client goes.
            auto leaver = std::async(std::launch::async, [&] {
                try {
                    HttpRequest r;
                    r.target = "/api/slow";
                    r.tls = true;
                    r.timeout = 1s;
                    http_request(server.port(true), r);
                } catch (const std::exception&) {
                    // the deadline: the client gives up and closes its socket
                }
            });
            responds = parked.take(1);
            leaver.get();
        } else {
            RawTcpClient raw(server.port(false));
            raw.write_all("GET /api/slow HTTP/1.1\r\nHost: x\r\n\r\n");
            responds = parked.take(1);
        }
        // The session waits for its answer even though its client has gone.
        CHECK(metrics().connections_open.get() == 1);
        std::thread([&] { responds[0](api::Response::json(200, "{}")); }).join();
        CHECK(wait_for_open_connections(0));
        CHECK(call(server.port(tls), tls, "GET", "/api/nothing").status == 404);
    }
}

TEST_CASE("api over sockets: after a 413 for a body read whole, the connection carries on",
          "[api]") {
    Parked parked;
    InProcessServer server(test_router(parked));
    RawTcpClient raw(server.port(false));
    const std::string body = "\"" + std::string(20 * 1024, 'a') + "\"";
    raw.write_all(
        "POST /api/things HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body);
    const std::string first = raw.read_http_head(5s);
    REQUIRE(first.rfind("HTTP/1.1 413", 0) == 0);
    CHECK(first.find("Connection: close") == std::string::npos);
    const auto end = first.find("\r\n\r\n") + 4;
    const auto length_at = first.find("Content-Length: ");
    REQUIRE(length_at != std::string::npos);
    const std::size_t length = std::stoul(first.substr(length_at + 16));
    const std::size_t have = first.size() - end;
    if (have < length) {
        raw.read_exact(length - have, 5s);
    }
    raw.write_all("GET /api/nothing HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(raw.read_http_head(5s).rfind("HTTP/1.1 404", 0) == 0);
}

TEST_CASE("api over sockets: body rules and a handler's field errors", "[api]") {
    Parked parked;
    InProcessServer server(test_router(parked));
    for (const bool tls : {false, true}) {
        INFO("tls " << tls);
        const auto port = server.port(tls);
        const Headers json_type{{"Content-Type", "application/json"}};

        const HttpResponse created =
            call(port, tls, "POST", "/api/things", json_type, R"({"name":"x"})");
        CHECK(created.status == 201);
        CHECK(json::parse(created.body)["name"] == "x");

        const HttpResponse missing = call(port, tls, "POST", "/api/things", json_type, "{}");
        CHECK(missing.status == 400);
        CHECK(json::parse(missing.body)["error"]["field"] == "name");

        const HttpResponse text =
            call(port, tls, "POST", "/api/things", {{"Content-Type", "text/plain"}}, "{}");
        CHECK(text.status == 415);
        CHECK(error_code(text) == "unsupported_media_type");

        const HttpResponse broken = call(port, tls, "POST", "/api/things", json_type, "{\"name\"");
        CHECK(broken.status == 400);
        CHECK(error_code(broken) == "bad_request");

        // Past 16 KiB but within what the server reads: 413, and the connection stays usable.
        const HttpResponse big = call(port, tls, "POST", "/api/things", json_type,
                                      "\"" + std::string(20 * 1024, 'a') + "\"");
        CHECK(big.status == 413);
        CHECK(error_code(big) == "payload_too_large");

        const HttpResponse boom = call(port, tls, "GET", "/api/boom");
        CHECK(boom.status == 500);
        CHECK(error_code(boom) == "internal_error");

        const HttpResponse wrong = call(port, tls, "DELETE", "/api/things");
        CHECK(wrong.status == 405);
        CHECK(wrong.header("allow") == "POST");
    }
}
