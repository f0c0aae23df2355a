// GET /api/rooms and GET /api/help through the router, against the memory seams: the room
// objects are the WebSocket's, counts are live, a failing Presence or a missing directory is
// 503, and the help directory revalidates with its ETag.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <optional>

#include "protocol/encode.hpp"
#include "server/api/errors.hpp"
#include "server/api/public_routes.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/chat/room_list.hpp"
#include "server/presence/memory_presence.hpp"

using namespace ibasho;
using namespace ibasho::api;
using nlohmann::json;

namespace {

constexpr const char* rooms_json = R"({
  "rooms": [
    {"id": "lobby", "name": {"ja": "ひろば", "en": "Lobby"}, "audience": ["open"]},
    {"id": "women", "name": {"ja": "女性", "en": "Women"}, "audience": ["women"],
     "presence": "counts", "capacity": 10}
  ]
})";

// A Presence whose every call fails, as Redis does when it is down.
class DownPresence : public Presence {
  public:
    void set_change_sink(ChangeSink) override {}
    void join(const std::string&, Member, std::uint32_t, NickClash, JoinDone done) override {
        done(Fault::unavailable, {});
    }
    void leave(const std::string&, const std::string&, const std::string&, Done done) override {
        done(Fault::unavailable);
    }
    void set_listening(const std::string&, const std::string&, bool, Done done) override {
        done(Fault::unavailable);
    }
    void mark_spoke(const std::string&, const std::string&, Done done) override {
        done(Fault::unavailable);
    }
    void members(const std::string&, ListDone done) override { done(Fault::unavailable, {}); }
    void counts(const std::vector<std::string>&, CountsDone done) override {
        done(Fault::unavailable, {});
    }
};

Response get(const Router& router, std::string path, std::string if_none_match = {}) {
    Request req;
    req.path = std::move(path);
    req.if_none_match = std::move(if_none_match);
    std::optional<Response> out;
    router.dispatch(std::move(req), [&](Response r) { out = std::move(r); });
    REQUIRE(out);
    return *out;
}

struct Fixture {
    chat::RoomCatalog catalog{chat::parse_rooms(rooms_json)};
    MemoryPresence presence;
    HelpProvider help = [](HelpDone done) { done(true, R"({"emergency":[]})"); };
    Router router;

    Fixture() { add_public_routes(router, {catalog, presence, help, "/neutral.html"}); }
};

}  // namespace

TEST_CASE("GET /api/rooms: the WebSocket's room objects with live counts", "[api]") {
    Fixture f;
    bool joined = false;
    f.presence.join("lobby", Member{"m1", "hana", false, "h1"}, 50, NickClash::refuse,
                    [&](Fault fault, JoinResult) { joined = fault == Fault::none; });
    REQUIRE(joined);

    const Response r = get(f.router, "/api/rooms");
    REQUIRE(r.status == 200);
    const json body = json::parse(r.body);
    REQUIRE(body["rooms"].size() == 2);
    CHECK(body["rooms"][0]["id"] == "lobby");
    CHECK(body["rooms"][0]["members"] == 1);
    CHECK(body["rooms"][1]["limited"] == true);

    // Exactly the objects the WebSocket's room_list carries: one encoder writes both.
    std::optional<std::vector<RoomCounts>> counts;
    f.presence.counts(chat::room_ids(*f.catalog.snapshot()),
                      [&](Fault, std::vector<RoomCounts> c) { counts = std::move(c); });
    REQUIRE(counts);
    const json ws =
        json::parse(protocol::encode(chat::build_room_list(*f.catalog.snapshot(), *counts)));
    CHECK(ws["type"] == "room_list");
    CHECK(ws["rooms"] == body["rooms"]);
}

TEST_CASE("GET /api/rooms: Presence down is 503 service_degraded", "[api]") {
    chat::RoomCatalog catalog{chat::parse_rooms(rooms_json)};
    DownPresence presence;
    HelpProvider help;
    Router router;
    add_public_routes(router, {catalog, presence, help, "/neutral.html"});
    const Response r = get(router, "/api/rooms");
    CHECK(r.status == 503);
    CHECK(json::parse(r.body)["error"]["code"] == "service_degraded");
    // No provider at all is the same answer for the help directory.
    CHECK(get(router, "/api/help").status == 503);
}

TEST_CASE("GET /api/help: the directory, its ETag, and 304 on revalidation", "[api]") {
    Fixture f;
    const Response r = get(f.router, "/api/help");
    REQUIRE(r.status == 200);
    CHECK(r.body == R"({"emergency":[]})");
    const std::string tag(r.header_value("ETag"));
    REQUIRE(tag.size() == 34);
    CHECK(tag == etag_for(r.body));

    const Response again = get(f.router, "/api/help", tag);
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(again.header_value("ETag") == tag);
    CHECK(get(f.router, "/api/help", "\"other\", W/" + tag).status == 304);
    CHECK(get(f.router, "/api/help", "\"other\"").status == 200);

    // The provider is read on every request: whoever owns it may swap it.
    f.help = [](HelpDone done) { done(false, {}); };
    const Response down = get(f.router, "/api/help");
    CHECK(down.status == 503);
    CHECK(json::parse(down.body)["error"]["code"] == "service_degraded");
}

TEST_CASE("etags: stable, content-addressed, and listed the way If-None-Match lists", "[api]") {
    CHECK(etag_for("abc") == etag_for("abc"));
    CHECK(etag_for("abc") != etag_for("abd"));
    CHECK(etag_listed("*", "\"x\""));
    CHECK(etag_listed(" \"a\" ,\"x\"", "\"x\""));
    CHECK_FALSE(etag_listed("", "\"x\""));
    CHECK_FALSE(etag_listed("\"xx\"", "\"x\""));
}

TEST_CASE("help_from_file: the shipped directory loads, a missing file answers not ok", "[api]") {
    std::optional<bool> ok;
    std::string text;
    help_from_file("client-web/public/help/directory.json")([&](bool o, std::string j) {
        ok = o;
        text = std::move(j);
    });
    REQUIRE(ok);
    CHECK(*ok);
    CHECK(json::parse(text).is_object());

    ok.reset();
    help_from_file("/nonexistent/help/directory.json")([&](bool o, std::string) { ok = o; });
    REQUIRE(ok);
    CHECK_FALSE(*ok);
}

TEST_CASE("GET /api/client-config: the operator's quick-exit page", "[api]") {
    chat::RoomCatalog catalog{chat::parse_rooms(rooms_json)};
    MemoryPresence presence;
    HelpProvider help;
    Router router;
    add_public_routes(router, {catalog, presence, help, "https://weather.example/today"});
    const Response r = get(router, "/api/client-config");
    REQUIRE(r.status == 200);
    CHECK(json::parse(r.body) == json{{"exit_url", "https://weather.example/today"}});

    Fixture f;
    CHECK(json::parse(get(f.router, "/api/client-config").body)["exit_url"] == "/neutral.html");
}
