// The HTTP API on the real server, plain and TLS: GET /api/rooms and /api/help, the JSON
// errors (404, 405 with Allow, 413 before the body is read), HEAD, the headers every API
// answer carries, and the paths outside /api/ answering exactly as before.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/integration/support/http_client.hpp"
#include "tests/integration/support/raw_tcp.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/temp_dir.hpp"

using namespace ibasho::itest;
using nlohmann::json;

namespace {

HttpResponse call(std::uint16_t port, bool tls, std::string method, std::string target,
                  Headers headers = {}, std::string body = {}) {
    return http_call(port, tls, std::move(method), std::move(target), std::move(headers),
                     std::move(body));
}

void check_api_headers(const HttpResponse& r, bool tls) {
    INFO("status " << r.status);
    CHECK(r.header("content-type") == "application/json; charset=utf-8");
    CHECK(r.header("cache-control") == "no-store");
    CHECK(r.header("x-content-type-options") == "nosniff");
    CHECK(r.header("referrer-policy") == "no-referrer");
    CHECK(r.header("content-security-policy").find("frame-ancestors 'none'") != std::string::npos);
    CHECK(r.has("strict-transport-security") == tls);
}

std::string error_code(const HttpResponse& r) {
    return json::parse(r.body).at("error").at("code").get<std::string>();
}

}  // namespace

TEST_CASE("api: GET /api/rooms lists the rooms with counts, plain and TLS", "[api]") {
    ServerProcess server({.tls = true});
    for (const bool tls : {false, true}) {
        INFO("tls " << tls);
        const auto port = tls ? server.https_port() : server.http_port();
        const HttpResponse r = call(port, tls, "GET", "/api/rooms");
        REQUIRE(r.status == 200);
        check_api_headers(r, tls);
        const json body = json::parse(r.body);
        REQUIRE(body["rooms"].size() == 3);
        CHECK(body["rooms"][0]["id"] == std::string(rooms::open));
        CHECK(body["rooms"][0]["members"] == 0);
        CHECK(body["rooms"][1]["limited"] == true);
        CHECK(body["rooms"][2]["capacity"] == 2);

        // The query string is no part of the path.
        CHECK(call(port, tls, "GET", "/api/rooms?lang=ja").status == 200);

        const HttpResponse head = call(port, tls, "HEAD", "/api/rooms");
        CHECK(head.status == 200);
        CHECK(head.body.empty());
        CHECK(head.header("content-length") == std::to_string(r.body.size()));
    }
}

TEST_CASE("api: GET /api/help serves the directory with an ETag and 304", "[api]") {
    ServerProcess server({.tls = true});
    for (const bool tls : {false, true}) {
        const auto port = tls ? server.https_port() : server.http_port();
        const HttpResponse r = call(port, tls, "GET", "/api/help");
        REQUIRE(r.status == 200);
        check_api_headers(r, tls);
        CHECK(r.body == help_directory_json);
        const std::string etag = r.header("etag");
        REQUIRE_FALSE(etag.empty());

        const HttpResponse again = call(port, tls, "GET", "/api/help", {{"If-None-Match", etag}});
        CHECK(again.status == 304);
        CHECK(again.body.empty());
        CHECK(again.header("etag") == etag);
        CHECK(call(port, tls, "GET", "/api/help", {{"If-None-Match", "\"x\""}}).status == 200);
    }
}

TEST_CASE("api: a server shipped without a help directory answers 503", "[api]") {
    TempDir dir;
    dir.write("site/index.html", index_html);
    ServerProcess server({.static_dir = dir.path() + "/site"});
    const HttpResponse r = call(server.http_port(), false, "GET", "/api/help");
    CHECK(r.status == 503);
    CHECK(error_code(r) == "service_degraded");
    CHECK(call(server.http_port(), false, "GET", "/api/rooms").status == 200);
}

TEST_CASE("api: unknown paths, wrong methods and big bodies get JSON errors", "[api]") {
    ServerProcess server({.tls = true});
    for (const bool tls : {false, true}) {
        INFO("tls " << tls);
        const auto port = tls ? server.https_port() : server.http_port();

        const HttpResponse missing = call(port, tls, "GET", "/api/nothing-here");
        CHECK(missing.status == 404);
        check_api_headers(missing, tls);
        CHECK(error_code(missing) == "not_found");

        for (const char* method : {"POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
            INFO(method);
            const HttpResponse wrong = call(port, tls, method, "/api/rooms");
            CHECK(wrong.status == 405);
            CHECK(wrong.header("allow") == "GET, HEAD");
            CHECK(error_code(wrong) == "method_not_allowed");
        }

        // Past 16 KiB the body is refused from its declared length, before it is read.
        const HttpResponse big =
            call(port, tls, "POST", "/api/rooms", {{"Content-Type", "application/json"}},
                 "\"" + std::string(17 * 1024, 'a') + "\"");
        CHECK(big.status == 413);
        check_api_headers(big, tls);
        CHECK(error_code(big) == "payload_too_large");
    }
}

TEST_CASE("api: a declared body past the limit is refused without waiting for it", "[api]") {
    ServerProcess server;
    RawTcpClient raw(server.http_port());
    // The body never comes: the answer must not wait for it.
    raw.write_all(
        "POST /api/rooms HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 1000000\r\n\r\n");
    const std::string head = raw.read_http_head(std::chrono::seconds(5));
    CHECK(head.rfind("HTTP/1.1 413", 0) == 0);
    CHECK(head.find("Connection: close") != std::string::npos);
    CHECK(raw.drain_until_closed(std::chrono::seconds(5)).end != RawTcpClient::End::timeout);
}

TEST_CASE("http: ambiguous or unknown body framing is refused and the connection closes",
          "[api][http][framing]") {
    ServerProcess server;
    // Each bad head is followed by bytes that would be a request of their own if the server
    // took the body's end from the wrong field (request smuggling): they must never be read.
    const std::string smuggled = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    struct Case {
        const char* what;
        std::string fields;
        int status;
    };
    const std::vector<Case> cases{
        {"gzip", "Transfer-Encoding: gzip\r\n", 501},
        {"identity", "Transfer-Encoding: identity\r\n", 501},
        {"gzip then chunked", "Transfer-Encoding: gzip, chunked\r\n", 501},
        {"two coding fields", "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", 501},
        {"length and chunked", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", 400},
        {"chunked and length", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", 400},
        {"gzip and length", "Transfer-Encoding: gzip\r\nContent-Length: 5\r\n", 400},
        {"two equal lengths", "Content-Length: 5\r\nContent-Length: 5\r\n", 400},
        {"two lengths in one field", "Content-Length: 5, 5\r\n", 400},
        {"two different lengths", "Content-Length: 5\r\nContent-Length: 6\r\n", 400},
    };
    for (const char* path : {"/api/rooms", "/healthz"}) {
        for (const auto& k : cases) {
            INFO(path << ": " << k.what);
            RawTcpClient raw(server.http_port());
            raw.write_all(std::string("POST ") + path + " HTTP/1.1\r\nHost: x\r\n" + k.fields +
                          "\r\n" + "0\r\n\r\n" + smuggled);
            std::string all = raw.read_http_head(std::chrono::seconds(5));
            CHECK(all.rfind("HTTP/1.1 " + std::to_string(k.status), 0) == 0);
            CHECK(all.find("Connection: close") != std::string::npos);
            CHECK(raw.drain_until_closed(std::chrono::seconds(5), &all).end !=
                  RawTcpClient::End::timeout);
            // One answer only: nothing after the refused head was parsed as a request.
            CHECK(all.find("HTTP/1.1", 1) == std::string::npos);
        }
    }
    // A plain chunked body is still fine, and so is one Content-Length.
    {
        RawTcpClient raw(server.http_port());
        raw.write_all(
            "POST /api/rooms HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            "Connection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
        CHECK(raw.read_http_head(std::chrono::seconds(5)).rfind("HTTP/1.1 405", 0) == 0);
    }
    {
        RawTcpClient raw(server.http_port());
        raw.write_all(
            "POST /api/rooms HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
            "Connection: close\r\n\r\n{}");
        CHECK(raw.read_http_head(std::chrono::seconds(5)).rfind("HTTP/1.1 405", 0) == 0);
    }
}

TEST_CASE("api: paths outside /api/ answer as before", "[api]") {
    ServerProcess server;
    const auto port = server.http_port();
    const HttpResponse post = call(port, false, "POST", "/index.html", {}, "x");
    CHECK(post.status == 405);
    CHECK(post.header("allow") == "GET, HEAD");
    CHECK(post.header("content-type") == "text/plain; charset=utf-8");
    CHECK(call(port, false, "DELETE", "/api").status == 405);
    CHECK(call(port, false, "GET", "/api").status == 404);
    CHECK(call(port, false, "GET", "/healthz").body == "ok\n");
    CHECK(call(port, false, "GET", "/").body == index_html);
    CHECK(call(port, false, "GET", "/help/directory.json").body == help_directory_json);
    // A body too large for the static side keeps its old answer.
    const HttpResponse big =
        call(port, false, "POST", "/index.html", {}, std::string(70 * 1024, 'a'));
    CHECK(big.status == 400);
}
