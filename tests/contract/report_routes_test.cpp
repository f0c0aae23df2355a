#include <catch2/catch.hpp>

#include "chat_harness.hpp"
#include "server/api/auth.hpp"
#include "server/api/errors.hpp"
#include "server/api/report_routes.hpp"
#include "server/api/staff_guard.hpp"
#include "staff_fixture.hpp"

// The staff queue over HTTP (memory and Redis): GET /api/reports and /api/asks and
// POST /api/reports/:id/resolve need a staff token (401) of the room (403), answer what the
// WebSocket's queue shows, and resolving is the WebSocket's resolve_report.

using namespace ibasho;
using namespace ibasho::test;
using nlohmann::json;

namespace {

struct Http {
    ChatNode& node;
    api::Router router;
    explicit Http(ChatNode& n) : node(n) {
        api::add_report_routes(router, {*n.seams.store, n.clock, *n.seams.control, n.staff_auth,
                                        n.reasons, n.catalog});
    }
    api::Response call(api::Method method, std::string target, const std::string& token,
                       std::string body = {}) {
        api::Request req;
        req.method = method;
        const auto q = target.find('?');
        req.path = target.substr(0, q);
        req.query = q == std::string::npos ? "" : target.substr(q + 1);
        if (!token.empty()) {
            req.authorization = "Bearer " + token;
        }
        if (!body.empty()) {
            req.content_type = "application/json";
            req.body = std::move(body);
        }
        std::optional<api::Response> out;
        router.dispatch(std::move(req), [&](api::Response r) { out = std::move(r); });
        for (int i = 0; i < 50 && !out; ++i) {
            node.settle();
        }
        REQUIRE(out);
        return *out;
    }
};

}  // namespace

TEMPLATE_TEST_CASE("HTTP: the queue of a room, for its staff only", "[contract][reports][api]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    const StaffSpec hikari;
    StaffSpec umi;
    umi.id = "st_umi0000000000001";
    umi.name = "うみ";
    umi.rooms = {"women"};
    put_staff(*node.seams.store, hikari);
    put_staff(*node.seams.store, umi);
    node.settle();
    const std::string token = put_staff_token(*node.seams.store, hikari.id, node.clock.unix_ms());
    const std::string other = put_staff_token(*node.seams.store, umi.id, node.clock.unix_ms());
    node.settle();

    Client writer(node), reporter(node);
    writer.hello();
    writer.join("open", "かく");
    reporter.hello();
    reporter.join("open", "よむ");
    writer.send(json{{"type", "say"}, {"room", "open"}, {"text", "ひどい"}, {"id", "w1"}});
    const auto seq = writer.take_first("message")["seq"].get<std::uint64_t>();
    reporter.send(
        json{{"type", "report"}, {"room", "open"}, {"seq", seq}, {"reason", "spam"}, {"id", "c1"}});
    REQUIRE_FALSE(reporter.take_first("done").is_null());
    reporter.send(json{{"type", "ask"}, {"room", "open"}, {"id", "a1"}});
    const std::string ask = reporter.take_first("ask_waiting")["ask"];

    Http http(node);
    CHECK(http.call(api::Method::get, "/api/reports?room=open", "").status == 401);
    CHECK(http.call(api::Method::get, "/api/reports?room=open", std::string(43, 'A')).status ==
          401);
    CHECK(http.call(api::Method::get, "/api/reports?room=open", other).status == 403);
    CHECK(http.call(api::Method::get, "/api/asks?room=open", other).status == 403);
    CHECK(http.call(api::Method::get, "/api/reports", token).status == 400);

    const auto reports = http.call(api::Method::get, "/api/reports?room=open", token);
    REQUIRE(reports.status == 200);
    const json list = json::parse(reports.body)["reports"];
    REQUIRE(list.size() == 1);
    CHECK(list[0]["text"] == "ひどい");
    CHECK(list[0]["reason"] == "spam");
    const std::string id = list[0]["id"];
    const auto asks = http.call(api::Method::get, "/api/asks?room=open", token);
    REQUIRE(asks.status == 200);
    CHECK(json::parse(asks.body)["asks"][0]["id"] == ask);

    const std::string body = R"({"outcome":"dismissed","reason":"handled"})";
    CHECK(http.call(api::Method::post, "/api/reports/" + id + "/resolve", "", body).status == 401);
    CHECK(http.call(api::Method::post, "/api/reports/" + id + "/resolve", other, body).status ==
          403);
    CHECK(http.call(api::Method::post, "/api/reports/" + id + "/resolve", token,
                    R"({"outcome":"maybe"})")
              .status == 400);
    const auto done = http.call(api::Method::post, "/api/reports/" + id + "/resolve", token, body);
    CHECK(done.status == 200);
    CHECK(json::parse(done.body)["action"] == "dismissed");
    CHECK(json::parse(http.call(api::Method::get, "/api/reports?room=open", token).body)["reports"]
              .empty());
    CHECK(http.call(api::Method::post, "/api/reports/" + id + "/resolve", token, body).status ==
          404);
    bool audited = false;
    node.seams.store->list("audit", std::nullopt, [&](StoreResult, std::vector<StoreRecord> r) {
        for (const auto& a : r) {
            audited = audited || json::parse(a.body)["action"] == "dismiss_report";
        }
    });
    node.settle();
    CHECK(audited);
}

TEST_CASE("HTTP: bearer tokens and query values are read strictly", "[reports][api]") {
    CHECK(api::bearer_token("Bearer abc") == "abc");
    CHECK(api::bearer_token("bearer  abc ") == "abc");
    CHECK(api::bearer_token("Basic abc").empty());
    CHECK(api::bearer_token("Bearer").empty());
    CHECK(api::query_value("room=open", "room") == std::optional<std::string>("open"));
    CHECK(api::query_value("a=1&room=age%2D30s", "room") == std::optional<std::string>("age-30s"));
    CHECK_FALSE(api::query_value("rooms=open", "room"));
    CHECK_FALSE(api::query_value("room=%zz", "room"));
}
