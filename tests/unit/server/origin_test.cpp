#include <catch2/catch.hpp>

#include "server/http/origin.hpp"

using ibasho::http::origin_allowed;

TEST_CASE("the server's own origin is allowed, as the request reached it", "[origin]") {
    const std::vector<std::string> none;
    CHECK(origin_allowed("https://localhost:8443", "localhost:8443", true, none));
    CHECK(origin_allowed("http://127.0.0.1:8080", "127.0.0.1:8080", false, none));
    CHECK(origin_allowed("https://ibasho.example", "ibasho.example:443", true, none));
    CHECK(origin_allowed("HTTPS://IBASHO.example", "ibasho.example", true, none));
    // Same host, other scheme or port: a different origin.
    CHECK_FALSE(origin_allowed("http://localhost:8443", "localhost:8443", true, none));
    CHECK_FALSE(origin_allowed("https://localhost:9443", "localhost:8443", true, none));
    CHECK_FALSE(origin_allowed("https://evil.example", "localhost:8443", true, none));
    CHECK_FALSE(
        origin_allowed("https://localhost:8443.evil.example", "localhost:8443", true, none));
    CHECK_FALSE(origin_allowed("", "localhost:8443", true, none));
    CHECK_FALSE(origin_allowed("null", "localhost:8443", true, none));
}

TEST_CASE("configured origins are allowed exactly", "[origin]") {
    const std::vector<std::string> extra{"https://ibasho.example", "http://dev.example:3000"};
    CHECK(origin_allowed("https://ibasho.example", "10.0.0.1:8080", false, extra));
    CHECK(origin_allowed("http://dev.example:3000", "10.0.0.1:8080", false, extra));
    CHECK_FALSE(origin_allowed("https://sub.ibasho.example", "10.0.0.1:8080", false, extra));
    CHECK_FALSE(origin_allowed("http://dev.example:3001", "10.0.0.1:8080", false, extra));
}
