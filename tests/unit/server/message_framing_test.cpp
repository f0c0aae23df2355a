#include <catch2/catch.hpp>

#include "server/http/message_framing.hpp"

using ibasho::http::Framing;
using ibasho::http::judge_framing;

TEST_CASE("framing: one length, chunked, or no body at all are fine", "[http][framing]") {
    CHECK(judge_framing({}, {}) == Framing::ok);
    CHECK(judge_framing({"12"}, {}) == Framing::ok);
    CHECK(judge_framing({}, {"chunked"}) == Framing::ok);
    CHECK(judge_framing({}, {"Chunked"}) == Framing::ok);
    CHECK(judge_framing({}, {" chunked "}) == Framing::ok);
}

TEST_CASE("framing: two lengths, or a length with a coding, are 400", "[http][framing]") {
    CHECK(judge_framing({"5", "5"}, {}) == Framing::bad_request);
    CHECK(judge_framing({"5", "6"}, {}) == Framing::bad_request);
    CHECK(judge_framing({"5, 5"}, {}) == Framing::bad_request);
    CHECK(judge_framing({"5"}, {"chunked"}) == Framing::bad_request);
    CHECK(judge_framing({"5"}, {"gzip"}) == Framing::bad_request);
}

TEST_CASE("framing: any coding but a lone chunked is 501", "[http][framing]") {
    CHECK(judge_framing({}, {"gzip"}) == Framing::not_implemented);
    CHECK(judge_framing({}, {"identity"}) == Framing::not_implemented);
    CHECK(judge_framing({}, {"gzip, chunked"}) == Framing::not_implemented);
    CHECK(judge_framing({}, {"chunked, chunked"}) == Framing::not_implemented);
    CHECK(judge_framing({}, {"gzip", "chunked"}) == Framing::not_implemented);
    CHECK(judge_framing({}, {"chunkedx"}) == Framing::not_implemented);
    CHECK(judge_framing({}, {""}) == Framing::not_implemented);
}
