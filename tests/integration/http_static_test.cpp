// Static files over real HTTP: content types, ETag revalidation, path traversal, methods,
// and the security headers on every response (HSTS only over TLS).
#include <catch2/catch.hpp>

#include "tests/integration/support/http_client.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/ws_client.hpp"

using namespace ibasho::itest;

namespace {

// Checks the headers every response must carry, whatever its status.
void check_security_headers(const HttpResponse& r) {
    INFO("status " << r.status);
    const std::string csp = r.header("content-security-policy");
    CHECK(csp.find("default-src 'self'") != std::string::npos);
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(r.header("referrer-policy") == "no-referrer");
    CHECK(r.header("x-content-type-options") == "nosniff");
}

}  // namespace

TEST_CASE("static files: types, ETag and 304", "[http][static]") {
    ServerProcess server;
    const auto port = server.http_port();

    const HttpResponse index = http_get(port, "/");
    REQUIRE(index.status == 200);
    CHECK(index.header("content-type") == "text/html; charset=utf-8");
    CHECK(index.body == index_html);
    const std::string etag = index.header("etag");
    REQUIRE_FALSE(etag.empty());

    // A browser revalidating its copy gets no body back.
    const HttpResponse again = http_get(port, "/", {{"If-None-Match", etag}});
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(http_get(port, "/", {{"If-None-Match", "\"not-the-etag\""}}).status == 200);

    const HttpResponse css = http_get(port, "/style.css");
    REQUIRE(css.status == 200);
    CHECK(css.header("content-type").rfind("text/css", 0) == 0);
    CHECK(css.body == style_css);

    CHECK(http_get(port, "/index.html").body == index_html);
    CHECK(http_get(port, "/no-such-file.js").status == 404);
    CHECK(http_get(port, "/no/such/dir/").status == 404);
}

TEST_CASE("static files: paths that climb out of the root never serve a file", "[http][static]") {
    // A secret next to the site folder: any traversal that works would return it.
    TempDir dir;
    dir.write("site/index.html", index_html);
    dir.write("secret.txt", "TOP-SECRET-CONTENT\n");
    ServerProcess server({.static_dir = dir.path() + "/site"});
    const auto port = server.http_port();

    const char* targets[] = {
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/a/../../secret.txt",
        "/../etc/passwd",
        "/%2e%2e/x",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/%00/index.html",
        "//etc/passwd",
    };
    for (const char* target : targets) {
        INFO("target " << target);
        const HttpResponse r = http_get(port, target);
        CHECK((r.status == 400 || r.status == 404));
        CHECK(r.body.find("TOP-SECRET") == std::string::npos);
        CHECK(r.body.find("root:") == std::string::npos);
    }
}

TEST_CASE("static files: only GET and HEAD are allowed", "[http][static]") {
    ServerProcess server;
    const auto port = server.http_port();

    for (const char* method : {"POST", "PUT", "DELETE"}) {
        INFO("method " << method);
        HttpRequest req;
        req.method = method;
        req.target = "/";
        req.body = "x=1";
        const HttpResponse r = http_request(port, req);
        CHECK(r.status == 405);
        CHECK(r.header("allow").find("GET") != std::string::npos);
    }

    HttpRequest head;
    head.method = "HEAD";
    const HttpResponse r = http_request(port, head);
    CHECK(r.status == 200);
    CHECK(r.body.empty());
    CHECK(r.header("content-length") == std::to_string(index_html.size()));
}

TEST_CASE("security headers on every response, HSTS only over TLS", "[http][headers]") {
    ServerProcess server({.tls = true});

    for (const char* target : {"/", "/style.css", "/healthz", "/missing", "/metrics"}) {
        INFO("plain " << target);
        const HttpResponse r = http_get(server.http_port(), target);
        check_security_headers(r);
        CHECK_FALSE(r.has("strict-transport-security"));
    }
    HttpRequest post;
    post.method = "POST";
    check_security_headers(http_request(server.http_port(), post));

    for (const char* target : {"/", "/missing", "/healthz"}) {
        INFO("tls " << target);
        const HttpResponse r = http_get(server.https_port(), target, {}, true);
        check_security_headers(r);
        CHECK(r.header("strict-transport-security").find("max-age=") != std::string::npos);
    }
    // The TLS listener serves the same files as the plain one.
    CHECK(http_get(server.https_port(), "/", {}, true).body == index_html);
}

TEST_CASE("a --static folder that does not exist: the server runs, static paths answer 404",
          "[http][static]") {
    ServerProcess server({.static_dir = "/nonexistent/ibasho-static-folder"});
    const auto port = server.http_port();

    CHECK(http_get(port, "/healthz").status == 200);
    CHECK(http_get(port, "/metrics").status == 200);
    CHECK(http_get(port, "/api/rooms").status == 200);
    for (const char* target : {"/", "/index.html", "/style.css"}) {
        INFO(target);
        const HttpResponse r = http_get(port, target);
        CHECK(r.status == 404);
        check_security_headers(r);
    }

    WsOptions o;
    o.port = port;
    WsClient ws(o);
    CHECK(ws.hello()["type"] == "welcome");
    CHECK(ws.join(rooms::open, "ねこ")["type"] == "joined");

    // One warning at start-up, not one per request.
    const std::string log = server.log_text();
    std::size_t warnings = 0;
    for (auto at = log.find("event=static_folder_missing"); at != std::string::npos;
         at = log.find("event=static_folder_missing", at + 1)) {
        ++warnings;
    }
    CHECK(warnings == 1);
}
