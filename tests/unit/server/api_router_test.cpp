// The API router with no sockets: pattern matching and parameters, 404 vs 405 with Allow,
// the error table and body shape, body limits, content types, and respond-once.
#include <catch2/catch.hpp>

#include <atomic>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

#include "server/api/errors.hpp"
#include "server/api/router.hpp"

using namespace ibasho::api;
using nlohmann::json;

namespace {

// Collects what the router answers; fails the test if it answers twice.
struct Answer {
    std::optional<Response> response;
    int calls = 0;

    Respond::Sink sink() {
        return [this](Response r) {
            ++calls;
            response = std::move(r);
        };
    }
    json body() const { return json::parse(response->body); }
    std::string code() const { return body()["error"]["code"].get<std::string>(); }
};

Request make(Method method, std::string path, std::string body = {},
             std::string content_type = {}) {
    Request r;
    r.method = method;
    r.path = std::move(path);
    r.body = std::move(body);
    r.content_type = std::move(content_type);
    return r;
}

// A router whose handlers echo what they saw: the route name, params, and parsed body.
Router echo_router() {
    Router router;
    auto echo = [](std::string name) {
        return [name](const Request& req, const Params& params, Respond respond) {
            json out{{"route", name}, {"id", params.get("id")}, {"member", params.get("member")}};
            out["body"] = req.json;
            respond(Response::of(200, out));
        };
    };
    router.add(Method::get, "/api/rooms", "rooms.list", echo("rooms.list"));
    router.add(Method::post, "/api/rooms", "rooms.create", echo("rooms.create"));
    router.add(Method::get, "/api/rooms/:id", "rooms.get", echo("rooms.get"));
    router.add(Method::patch, "/api/rooms/:id", "rooms.patch", echo("rooms.patch"));
    router.add(Method::del, "/api/rooms/:id", "rooms.delete", echo("rooms.delete"));
    router.add(Method::put, "/api/rooms/:id/members/:member", "members.put", echo("members.put"));
    return router;
}

}  // namespace

TEST_CASE("api router: literal and parameter routes match, params are decoded", "[api]") {
    const Router router = echo_router();
    Answer a;
    router.dispatch(make(Method::get, "/api/rooms"), a.sink());
    REQUIRE(a.response);
    CHECK(a.response->status == 200);
    CHECK(a.body()["route"] == "rooms.list");

    Answer b;
    router.dispatch(make(Method::get, "/api/rooms/lobby"), b.sink());
    CHECK(b.body()["route"] == "rooms.get");
    CHECK(b.body()["id"] == "lobby");

    Answer c;
    router.dispatch(make(Method::put, "/api/rooms/r%2D1/members/m%20x"), c.sink());
    CHECK(c.body()["route"] == "members.put");
    CHECK(c.body()["id"] == "r-1");
    CHECK(c.body()["member"] == "m x");
}

TEST_CASE("api router: unknown paths are 404 not_found", "[api]") {
    const Router router = echo_router();
    for (const char* path :
         {"/api/", "/api/nope", "/api/rooms/", "/api/rooms/a/b", "/api/rooms//members/x",
          "/api/rooms/%zz", "/api/rooms/a%2Fb", "/api/rooms/a%00"}) {
        INFO(path);
        Answer a;
        router.dispatch(make(Method::get, path), a.sink());
        REQUIRE(a.response);
        CHECK(a.response->status == 404);
        CHECK(a.code() == "not_found");
        CHECK(a.response->header_value("Allow").empty());
    }
}

TEST_CASE("api router: a known path with another method is 405 with Allow", "[api]") {
    const Router router = echo_router();
    Answer a;
    router.dispatch(make(Method::del, "/api/rooms"), a.sink());
    REQUIRE(a.response);
    CHECK(a.response->status == 405);
    CHECK(a.code() == "method_not_allowed");
    CHECK(a.response->header_value("allow") == "GET, HEAD, POST");

    Answer b;
    router.dispatch(make(Method::post, "/api/rooms/x"), b.sink());
    CHECK(b.response->status == 405);
    CHECK(b.response->header_value("Allow") == "GET, HEAD, PATCH, DELETE");

    Answer c;
    router.dispatch(make(Method::other, "/api/rooms"), c.sink());
    CHECK(c.response->status == 405);

    CHECK(router.allowed_methods("/api/rooms/x/members/y") == "PUT");
    CHECK(router.allowed_methods("/api/none").empty());
}

TEST_CASE("api router: HEAD is served by the GET route", "[api]") {
    const Router router = echo_router();
    Answer a;
    router.dispatch(make(Method::head, "/api/rooms/x"), a.sink());
    CHECK(a.response->status == 200);
    CHECK(a.body()["route"] == "rooms.get");
}

TEST_CASE("api router: bad patterns and duplicates are refused at start-up", "[api]") {
    Router router;
    auto noop = [](const Request&, const Params&, Respond) {};
    CHECK_THROWS_AS(router.add(Method::get, "api/x", "n", noop), std::invalid_argument);
    CHECK_THROWS_AS(router.add(Method::get, "/api//x", "n", noop), std::invalid_argument);
    CHECK_THROWS_AS(router.add(Method::get, "/api/:", "n", noop), std::invalid_argument);
    CHECK_THROWS_AS(router.add(Method::get, "/api/:a/:a", "n", noop), std::invalid_argument);
    CHECK_THROWS_AS(router.add(Method::head, "/api/x", "n", noop), std::invalid_argument);
    router.add(Method::get, "/api/x", "n", noop);
    CHECK_THROWS_AS(router.add(Method::get, "/api/x", "n", noop), std::invalid_argument);
    CHECK_NOTHROW(router.add(Method::post, "/api/x", "n", noop));
}

TEST_CASE("api router: JSON bodies are parsed and handed to the handler", "[api]") {
    const Router router = echo_router();
    Answer a;
    router.dispatch(
        make(Method::post, "/api/rooms", R"({"name":"x"})", "application/json; charset=utf-8"),
        a.sink());
    REQUIRE(a.response);
    CHECK(a.response->status == 200);
    CHECK(a.body()["body"]["name"] == "x");

    // Media types compare without case; an empty body needs no type and parses to null.
    Answer b;
    router.dispatch(make(Method::patch, "/api/rooms/a", "[1]", "Application/JSON"), b.sink());
    CHECK(b.response->status == 200);
    Answer c;
    router.dispatch(make(Method::del, "/api/rooms/a"), c.sink());
    CHECK(c.response->status == 200);
    CHECK(c.body()["body"].is_null());
}

TEST_CASE("api router: wrong content type is 415, malformed JSON 400", "[api]") {
    const Router router = echo_router();
    for (const char* type : {"", "text/plain", "application/jsonx", "application/x-www-form"}) {
        INFO(type);
        Answer a;
        router.dispatch(make(Method::post, "/api/rooms", "{}", type), a.sink());
        CHECK(a.response->status == 415);
        CHECK(a.code() == "unsupported_media_type");
    }
    for (const char* body : {"{", "{\"a\":}", "nul", "{} {}"}) {
        INFO(body);
        Answer a;
        router.dispatch(make(Method::post, "/api/rooms", body, "application/json"), a.sink());
        CHECK(a.response->status == 400);
        CHECK(a.code() == "bad_request");
    }
    Answer deep;
    router.dispatch(make(Method::post, "/api/rooms", std::string(33, '[') + std::string(33, ']'),
                         "application/json"),
                    deep.sink());
    CHECK(deep.response->status == 400);
    // Brackets inside strings are text, not nesting.
    Answer quoted;
    router.dispatch(make(Method::post, "/api/rooms",
                         "{\"a\":\"" + std::string(100, '[') + "\\\"[\"}", "application/json"),
                    quoted.sink());
    CHECK(quoted.response->status == 200);
}

TEST_CASE("api router: a body past the limit is 413 before the handler runs", "[api]") {
    Router router;
    bool ran = false;
    router.add(Method::post, "/api/x", "x", [&](const Request&, const Params&, Respond r) {
        ran = true;
        r(Response::json(200, "{}"));
    });
    const std::string at_limit = "\"" + std::string(body_limit - 2, 'a') + "\"";
    Answer ok;
    router.dispatch(make(Method::post, "/api/x", at_limit, "application/json"), ok.sink());
    CHECK(ok.response->status == 200);
    CHECK(ran);

    ran = false;
    Answer big;
    router.dispatch(make(Method::post, "/api/x", at_limit + " ", "application/json"), big.sink());
    CHECK(big.response->status == 413);
    CHECK(big.code() == "payload_too_large");
    CHECK_FALSE(ran);
}

TEST_CASE("api router: a handler that throws answers 500 once", "[api]") {
    Router router;
    router.add(Method::get, "/api/boom", "boom", [](const Request&, const Params&, Respond) {
        throw std::runtime_error("secret text that must not be logged");
    });
    router.add(Method::get, "/api/late-boom", "late", [](const Request&, const Params&, Respond r) {
        r(Response::json(201, "{}"));
        throw std::runtime_error("after answering");
    });
    Answer a;
    router.dispatch(make(Method::get, "/api/boom"), a.sink());
    CHECK(a.calls == 1);
    CHECK(a.response->status == 500);
    CHECK(a.code() == "internal_error");

    Answer b;
    router.dispatch(make(Method::get, "/api/late-boom"), b.sink());
    CHECK(b.calls == 1);
    CHECK(b.response->status == 201);
}

TEST_CASE("respond: only the first call counts, from any thread", "[api]") {
    std::atomic<int> calls{0};
    std::atomic<int> status{0};
    {
        Respond respond([&](Response r) { ++calls, status = r.status; }, "t");
        std::vector<std::thread> threads;
        for (int i = 0; i < 8; ++i) {
            threads.emplace_back([respond, i] { respond(Response::json(200 + i, "{}")); });
        }
        for (auto& t : threads) {
            t.join();
        }
        CHECK(respond.answered());
        CHECK_FALSE(respond(Response::json(299, "{}")));
    }
    CHECK(calls == 1);
    CHECK(status >= 200);
    CHECK(status < 208);
}

TEST_CASE("respond: dropping every copy unanswered answers 500", "[api]") {
    Answer a;
    {
        Respond respond(a.sink(), "dropper");
        Respond copy = respond;
        CHECK_FALSE(copy.answered());
    }
    REQUIRE(a.calls == 1);
    CHECK(a.response->status == 500);

    Router router;
    router.add(Method::get, "/api/drop", "drop", [](const Request&, const Params&, Respond) {});
    Answer b;
    router.dispatch(make(Method::get, "/api/drop"), b.sink());
    CHECK(b.calls == 1);
    CHECK(b.response->status == 500);
}

TEST_CASE("api errors: one table, in enum order, every code with its status", "[api]") {
    std::map<std::string, int> expected{
        {"bad_request", 400},         {"unauthorized", 401},       {"forbidden", 403},
        {"not_found", 404},           {"method_not_allowed", 405}, {"conflict", 409},
        {"precondition_failed", 412}, {"payload_too_large", 413},  {"unsupported_media_type", 415},
        {"too_many_requests", 429},   {"internal_error", 500},     {"service_degraded", 503}};
    // Staff accounts (issue 11).
    expected.insert({{"bad_credentials", 401},
                     {"totp_required", 401},
                     {"https_required", 403},
                     {"password_change_required", 403},
                     {"name_taken", 409},
                     {"too_many_attempts", 429}});
    REQUIRE(error_table().size() == expected.size());
    std::set<std::string> seen;
    for (std::size_t i = 0; i < error_table().size(); ++i) {
        const ErrorInfo& e = error_table()[i];
        INFO(e.name);
        CHECK(static_cast<std::size_t>(e.code) == i);
        CHECK(expected.at(std::string(e.name)) == e.status);
        CHECK(seen.insert(std::string(e.name)).second);
        CHECK(status_of(e.code) == e.status);
        CHECK(to_string(e.code) == e.name);

        const Response r = error(e.code);
        CHECK(r.status == e.status);
        const json body = json::parse(r.body);
        CHECK(body["error"]["code"] == e.name);
        CHECK(body["error"]["message"] == e.message);
        CHECK_FALSE(body["error"].contains("field"));
        CHECK(body.size() == 1);
    }
}

TEST_CASE("api errors: required headers and the field of a 400", "[api]") {
    CHECK(error(ErrorCode::unauthorized).header_value("WWW-Authenticate") == "Bearer");
    CHECK(error(ErrorCode::too_many_requests).header_value("Retry-After") == "1");
    const Response wait = too_many_requests(std::chrono::seconds(30));
    CHECK(wait.status == 429);
    CHECK(wait.header_value("Retry-After") == "30");
    CHECK(wait.headers.size() == 1);
    CHECK(too_many_requests(std::chrono::seconds(0)).header_value("Retry-After") == "1");

    const Response bad = bad_field("name", "name must be 1 to 40 characters");
    CHECK(bad.status == 400);
    const json body = json::parse(bad.body);
    CHECK(body["error"]["code"] == "bad_request");
    CHECK(body["error"]["field"] == "name");
    CHECK(body["error"]["message"] == "name must be 1 to 40 characters");
    // Odd bytes in a message never make the writer throw.
    CHECK_NOTHROW(json::parse(error(ErrorCode::conflict, "\xff\xfe").body));
}

TEST_CASE("api paths and media types", "[api]") {
    CHECK(is_api_path("/api/rooms"));
    CHECK(is_api_path("/api/"));
    CHECK_FALSE(is_api_path("/api"));
    CHECK_FALSE(is_api_path("/apix/rooms"));
    CHECK_FALSE(is_api_path("/index.html"));
    CHECK(is_json_media_type("application/json"));
    CHECK(is_json_media_type(" application/json ; charset=utf-8"));
    CHECK_FALSE(is_json_media_type("application/json-patch+json"));
    CHECK(parse_method("PATCH") == Method::patch);
    CHECK(parse_method("DELETE") == Method::del);
    CHECK(parse_method("get") == Method::other);
    CHECK(parse_method("OPTIONS") == Method::other);
}
