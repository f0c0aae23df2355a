// The calendar feeds on the real server: /calendar.ics and /calendar/<event>.ics answer
// text/calendar with the site's security headers, a weak ETag and 304, 404 for an unknown
// event, 400 for a bad parameter, and only GET and HEAD.
#include <catch2/catch.hpp>

#include "tests/integration/support/http_client.hpp"
#include "tests/integration/support/server_process.hpp"

using namespace ibasho::itest;

TEST_CASE("calendar: /calendar.ics is text/calendar with a weak ETag and 304", "[calendar]") {
    ServerProcess server({.tls = true});
    for (const bool tls : {false, true}) {
        INFO("tls " << tls);
        const auto port = tls ? server.https_port() : server.http_port();
        const HttpResponse r =
            http_call(port, tls, "GET", "/calendar.ics?org=main&audience=family");
        REQUIRE(r.status == 200);
        CHECK(r.header("content-type") == "text/calendar; charset=utf-8");
        CHECK(r.header("cache-control") == "no-cache");
        CHECK(r.header("x-content-type-options") == "nosniff");
        CHECK(r.has("strict-transport-security") == tls);
        CHECK(r.body.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
        CHECK(r.body.find("VERSION:2.0\r\n") != std::string::npos);
        const std::string tag = r.header("etag");
        REQUIRE(tag.rfind("W/\"", 0) == 0);

        const HttpResponse again = http_call(
            port, tls, "GET", "/calendar.ics?org=main&audience=family", {{"If-None-Match", tag}});
        CHECK(again.status == 304);
        CHECK(again.body.empty());
        CHECK(again.header("etag") == tag);

        const HttpResponse head = http_call(port, tls, "HEAD", "/calendar.ics");
        CHECK(head.status == 200);
        CHECK(head.body.empty());
        CHECK(head.header("content-type") == "text/calendar; charset=utf-8");
    }
}

TEST_CASE("calendar: an unknown event is 404, a bad parameter 400, POST 405", "[calendar]") {
    ServerProcess server;
    const auto port = server.http_port();
    const HttpResponse missing = http_get(port, "/calendar/ev_AbCdEfGhIjKlMnOp.ics");
    CHECK(missing.status == 404);
    CHECK(missing.header("content-type") == "text/plain; charset=utf-8");
    CHECK(http_get(port, "/calendar/../index.html").status == 404);
    const HttpResponse bad = http_get(port, "/calendar.ics?lang=fr");
    CHECK(bad.status == 400);
    CHECK(bad.body.rfind("lang:", 0) == 0);
    const HttpResponse post = http_call(port, false, "POST", "/calendar.ics");
    CHECK(post.status == 405);
    CHECK(post.header("allow") == "GET, HEAD");
}
