// Events on the real server with a real Redis: an organiser (made by the admin command, logged
// in over TLS) creates, reads, changes, cancels and deletes events; every error answer of the
// routes; a supporter reads but may not write; another organisation's path is 404; the public
// schedule follows within a moment (the node's EventBook, through the Store's watch); and the
// events survive a restart of the server and of Redis.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/integration/support/controlled_redis.hpp"
#include "tests/integration/support/http_client.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/subprocess.hpp"
#include "tests/integration/support/temp_dir.hpp"

using namespace ibasho::itest;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const char* rooms_json = R"({"rooms":[
  {"id":"hiroba","name":{"ja":"ひろば","en":"Square"},"description":{"ja":"","en":""},
   "audience":["open"]},
  {"id":"tsudoi-honnin","name":{"ja":"本人","en":"Lived"},"description":{"ja":"","en":""},
   "audience":["open"],"scheduled":true},
  {"id":"tsudoi-kazoku","name":{"ja":"家族","en":"Family"},"description":{"ja":"","en":""},
   "audience":["family"],"scheduled":true}]})";

std::string fresh_prefix() {
    static int n = 0;
    return "ev" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ":";
}

// Two years' worth of second Saturdays from next month, 10:00-11:30 in Tokyo.
json paired_body() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now + std::chrono::hours(24 * 32));
    std::tm tm{};
    gmtime_r(&t, &tm);
    // The first Saturday on or after the 8th of that month is its 2nd Saturday.
    std::tm day = tm;
    day.tm_mday = 8;
    day.tm_hour = 12;
    timegm(&day);
    day.tm_mday += (6 - day.tm_wday + 7) % 7;
    timegm(&day);
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", &day);
    return json{{"title", {{"ja", "家族のつどい"}, {"en", "Family meeting"}}},
                {"start", std::string(date) + "T10:00:00+09:00"},
                {"end", std::string(date) + "T11:30:00+09:00"},
                {"audience", {"family"}},
                {"rooms",
                 {{{"room", "tsudoi-honnin"}, {"side", "lived"}, {"supporters", json::array()}},
                  {{"room", "tsudoi-kazoku"}, {"side", "family"}, {"supporters", json::array()}}}},
                {"recurrence", {{"freq", "monthly_weekday"}}}};
}

struct Deployment {
    explicit Deployment(ControlledRedis& r) : redis(r) {
        rooms_file = dir.write("rooms.json", rooms_json);
    }

    std::string admin_organiser(const std::string& name) {
        Subprocess p({IBASHO_SERVER_BIN, "--redis", redis.url(), "--redis-prefix", prefix, "admin",
                      "create-organiser", name},
                     dir.path() + "/admin.log");
        const auto status = p.wait_exit(20s);
        REQUIRE(status);
        REQUIRE(*status == 0);
        std::smatch m;
        static const std::regex line("one-time password: (\\S+)");
        const std::string out = p.log_text();
        REQUIRE(std::regex_search(out, m, line));
        return m[1];
    }

    void start() {
        server.reset();
        ServerOptions o;
        o.tls = true;
        o.rooms_file = rooms_file;
        o.extra = {"--redis", redis.url(), "--redis-prefix", prefix};
        server = std::make_unique<ServerProcess>(o);
        for (int i = 0; i < 250 && server->metric("ibasho_redis_up") != 1; ++i) {
            std::this_thread::sleep_for(20ms);
        }
        REQUIRE(server->metric("ibasho_redis_up") == 1);
    }

    HttpResponse call(const std::string& method, const std::string& target, json body = nullptr,
                      const std::string& token = {}, const std::string& if_match = {}) {
        Headers h;
        if (!body.is_null()) {
            h.emplace_back("Content-Type", "application/json");
        }
        if (!token.empty()) {
            h.emplace_back("Authorization", "Bearer " + token);
        }
        if (!if_match.empty()) {
            h.emplace_back("If-Match", if_match);
        }
        return http_call(server->https_port(), true, method, target, h,
                         body.is_null() ? "" : body.dump());
    }

    // An organiser with a password of its own, logged in.
    std::string organiser() {
        const std::string first = admin_organiser("Aiko");
        const HttpResponse r = call("POST", "/api/login", {{"name", "Aiko"}, {"password", first}});
        REQUIRE(r.status == 200);
        const std::string token = json::parse(r.body)["token"];
        REQUIRE(call("POST", "/api/password", {{"old", first}, {"new", "organiser's own password"}},
                     token)
                    .status == 200);
        return token;
    }

    std::string supporter(const std::string& organiser) {
        const HttpResponse inv =
            call("POST", "/api/invitations", {{"rooms", {"tsudoi-honnin"}}}, organiser);
        REQUIRE(inv.status == 201);
        const HttpResponse acc = call("POST", "/api/invitations/accept",
                                      {{"code", json::parse(inv.body)["code"]},
                                       {"name", "Sakura"},
                                       {"password", "supporter's password"}});
        REQUIRE(acc.status == 200);
        return json::parse(acc.body)["token"];
    }

    ControlledRedis& redis;
    TempDir dir;
    std::string rooms_file;
    std::string prefix = fresh_prefix();
    std::unique_ptr<ServerProcess> server;
};

std::string error_code(const HttpResponse& r) {
    const json j = json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"]["code"].get<std::string>() : "";
}
std::string error_field(const HttpResponse& r) {
    const json j = json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].value("field", "") : "";
}

// Polls the public schedule until `good` holds for it or 5 s pass; returns the last reading.
json schedule_until(Deployment& d, const std::function<bool(const json&)>& good) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    json s;
    do {
        const HttpResponse r = d.call("GET", "/api/schedule?audience=family");
        REQUIRE(r.status == 200);
        s = json::parse(r.body);
        if (good(s)) {
            break;
        }
        std::this_thread::sleep_for(20ms);
    } while (std::chrono::steady_clock::now() < deadline);
    return s;
}

}  // namespace

TEST_CASE("events API: every endpoint and error on a real server", "[events][integration]") {
    ControlledRedis redis;
    Deployment d(redis);
    d.start();
    const std::string org = d.organiser();
    const std::string sup = d.supporter(org);
    const std::string base = "/api/orgs/main/events";

    CHECK(d.call("GET", base).status == 401);
    CHECK(d.call("POST", base, paired_body()).status == 401);
    CHECK(d.call("POST", base, paired_body(), sup).status == 403);
    CHECK(d.call("GET", "/api/orgs/other/events", nullptr, org).status == 404);
    json bad = paired_body();
    bad["rooms"][0]["room"] = "hiroba";
    const HttpResponse not_scheduled = d.call("POST", base, bad, org);
    CHECK(not_scheduled.status == 400);
    CHECK(error_field(not_scheduled) == "rooms[0].room");

    const HttpResponse made = d.call("POST", base, paired_body(), org);
    INFO(made.body);
    REQUIRE(made.status == 201);
    const json ev = json::parse(made.body);
    const std::string path = base + "/" + ev["id"].get<std::string>();
    CHECK(made.header("etag") == "\"v1\"");
    CHECK(d.call("GET", path, nullptr, sup).status == 200);
    CHECK(json::parse(d.call("GET", base, nullptr, sup).body)["items"].size() == 1);
    CHECK(d.call("GET", "/api/orgs/other/events/" + ev["id"].get<std::string>(), nullptr, org)
              .status == 404);

    // The schedule shows it within a moment, without supporters' ids.
    const json shown = schedule_until(d, [](const json& s) { return !s["items"].empty(); });
    REQUIRE_FALSE(shown["items"].empty());
    CHECK(shown["items"][0]["event"] == ev["id"]);
    CHECK(shown["items"][0]["paired"] == true);
    CHECK(shown["items"][0]["start"] == ev["start"]);

    const HttpResponse clash = d.call("POST", base, paired_body(), org);
    CHECK(clash.status == 409);
    CHECK(error_code(clash) == "conflict");

    json changed = ev;
    changed["title"]["en"] = "Family gathering";
    CHECK(d.call("PUT", path, changed, org, "\"v9\"").status == 412);
    const HttpResponse put = d.call("PUT", path, changed, org, "\"v1\"");
    REQUIRE(put.status == 200);
    CHECK(put.header("etag") == "\"v2\"");

    const std::string first = ev["start"];
    const HttpResponse cancel = d.call("POST", path + "/cancel", {{"start", first}}, org);
    REQUIRE(cancel.status == 200);
    CHECK(json::parse(cancel.body)["cancelled"] == json::array({first}));
    CHECK(d.call("POST", path + "/cancel", {{"start", "2020-01-01T00:00:00Z"}}, org).status == 404);
    const json after = schedule_until(
        d, [&](const json& s) { return s["items"].empty() || s["items"][0]["start"] != first; });
    CHECK((after["items"].empty() || after["items"][0]["start"] != first));
    CHECK(d.call("POST", path + "/uncancel", {{"start", first}}, org).status == 200);

    // A restart of the server: the events are in Redis, and the new node's book reads them.
    d.start();
    const json again = schedule_until(d, [](const json& s) { return !s["items"].empty(); });
    REQUIRE_FALSE(again["items"].empty());
    CHECK(again["items"][0]["title"]["en"] == "Family gathering");

    // A restart of Redis (SIGKILL, AOF): the record is still there, and writes work again.
    redis.kill();
    redis.start();
    for (int i = 0; i < 500 && d.server->metric("ibasho_redis_up") != 1; ++i) {
        std::this_thread::sleep_for(20ms);
    }
    REQUIRE(d.server->metric("ibasho_redis_up") == 1);
    const HttpResponse kept = d.call("GET", path, nullptr, org);
    REQUIRE(kept.status == 200);
    CHECK(json::parse(kept.body)["title"]["en"] == "Family gathering");
    CHECK(kept.header("etag") == "\"v4\"");  // created, changed, cancelled, restored

    CHECK(d.call("DELETE", path, nullptr, sup).status == 403);
    CHECK(d.call("DELETE", path, nullptr, org, "\"v1\"").status == 412);
    CHECK(d.call("DELETE", path, nullptr, org).status == 204);
    CHECK(d.call("GET", path, nullptr, org).status == 404);
    const json gone = schedule_until(d, [](const json& s) { return s["items"].empty(); });
    CHECK(gone["items"].empty());
}
