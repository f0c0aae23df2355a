// Organisations and rooms on real servers with a real Redis: the admin commands, a room created
// through the API on one node joinable on another within a second, and rooms that survive a
// restart of the server and of Redis (SIGKILLed, AOF with an fsync per write).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "tests/integration/support/controlled_redis.hpp"
#include "tests/integration/support/http_client.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/subprocess.hpp"
#include "tests/integration/support/temp_dir.hpp"
#include "tests/integration/support/ws_client.hpp"

using namespace ibasho::itest;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

std::string fresh_prefix() {
    static int n = 0;
    return "og" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ":";
}

struct Deployment {
    explicit Deployment(ControlledRedis& r) : redis(r) {}

    std::pair<int, std::string> admin(std::vector<std::string> args) {
        std::vector<std::string> argv{IBASHO_SERVER_BIN, "--redis", redis.url(), "--redis-prefix",
                                      prefix};
        argv.insert(argv.end(), args.begin(), args.end());
        Subprocess p(argv, dir.path() + "/admin-" + std::to_string(++runs) + ".log");
        const auto status = p.wait_exit(20s);
        REQUIRE(status);
        return {*status, p.log_text()};
    }
    // Runs an admin command that prints a one-time password and returns it.
    std::string password_of(std::vector<std::string> args) {
        const auto [exit, out] = admin(std::move(args));
        INFO(out);
        REQUIRE(exit == 0);
        std::smatch m;
        static const std::regex line("one-time password: (\\S+)");
        REQUIRE(std::regex_search(out, m, line));
        return m[1];
    }

    std::unique_ptr<ServerProcess> node() {
        ServerOptions o;
        o.tls = true;
        o.extra = {"--redis", redis.url(), "--redis-prefix", prefix};
        auto s = std::make_unique<ServerProcess>(o);
        for (int i = 0; i < 250 && s->metric("ibasho_redis_up") != 1; ++i) {
            std::this_thread::sleep_for(20ms);
        }
        REQUIRE(s->metric("ibasho_redis_up") == 1);
        return s;
    }

    static HttpResponse call(const ServerProcess& s, const std::string& method,
                             const std::string& target, json body = nullptr,
                             const std::string& token = {}) {
        Headers h;
        if (!body.is_null()) {
            h.emplace_back("Content-Type", "application/json");
        }
        if (!token.empty()) {
            h.emplace_back("Authorization", "Bearer " + token);
        }
        return http_call(s.https_port(), true, method, target, h,
                         body.is_null() ? "" : body.dump());
    }

    // Logs in with a one-time password, sets a real one, and returns a token.
    static std::string sign_in(const ServerProcess& s, const std::string& name,
                               const std::string& once) {
        HttpResponse r = call(s, "POST", "/api/login", {{"name", name}, {"password", once}});
        REQUIRE(r.status == 200);
        const std::string first = json::parse(r.body)["token"];
        r = call(s, "POST", "/api/password", {{"old", once}, {"new", "a real long password"}},
                 first);
        REQUIRE(r.status == 200);
        r = call(s, "POST", "/api/login", {{"name", name}, {"password", "a real long password"}});
        REQUIRE(r.status == 200);
        return json::parse(r.body)["token"];
    }

    ControlledRedis& redis;
    TempDir dir;
    std::string prefix = fresh_prefix();
    int runs = 0;
};

std::vector<std::string> public_room_ids(const ServerProcess& s) {
    const HttpResponse r = http_call(s.http_port(), false, "GET", "/api/rooms", {}, "");
    std::vector<std::string> ids;
    if (r.status != 200) {
        return ids;
    }
    const json body = json::parse(r.body);
    for (const auto& room : body["rooms"]) {
        ids.push_back(room["id"]);
    }
    return ids;
}

bool has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

const json night_room{{"id", "east-night"},
                      {"name", {{"ja", "東の夜"}, {"en", "East at night"}}},
                      {"audience", {"open"}}};

}  // namespace

TEST_CASE("orgs: admin commands make operators, organisations and their organisers",
          "[orgs][integration]") {
    ControlledRedis redis;
    Deployment d(redis);
    CHECK(d.admin({"admin", "create-org", "east", "東市", "East City"}).first == 0);
    CHECK(d.admin({"admin", "create-org", "east", "東市", "East City"}).first == 1);  // exists
    CHECK(d.admin({"admin", "create-org", "Bad!", "x", "x"}).first == 2);
    CHECK(d.admin({"admin", "create-org", "west", "西", "West", "Mars/Base"}).first == 2);
    CHECK(d.admin({"admin", "create-organiser", "Nobody", "--org", "nowhere"}).first == 1);
    const std::string op_pw = d.password_of({"admin", "create-operator", "Op"});
    const std::string east_pw =
        d.password_of({"admin", "create-organiser", "Aoi", "--org", "east"});
    // Today's form still makes an organiser of "main".
    const std::string main_pw = d.password_of({"admin", "create-organiser", "Midori"});

    auto server = d.node();
    const std::string op = Deployment::sign_in(*server, "Op", op_pw);
    const std::string east = Deployment::sign_in(*server, "Aoi", east_pw);
    const std::string main = Deployment::sign_in(*server, "Midori", main_pw);
    HttpResponse r = Deployment::call(*server, "GET", "/api/orgs", nullptr, op);
    REQUIRE(r.status == 200);
    CHECK(json::parse(r.body)["items"].size() == 2);  // main (made at start) and east
    r = Deployment::call(*server, "GET", "/api/me", nullptr, east);
    CHECK(json::parse(r.body)["staff"]["org"] == "east");
    r = Deployment::call(*server, "GET", "/api/orgs", nullptr, main);
    CHECK(json::parse(r.body)["items"][0]["id"] == "main");
    CHECK(json::parse(r.body)["items"].size() == 1);
}

TEST_CASE(
    "orgs: a room made on one node is joinable on another within a second, and survives "
    "restarts of the server and of Redis",
    "[orgs][rooms][integration]") {
    ControlledRedis redis;
    Deployment d(redis);
    CHECK(d.admin({"admin", "create-org", "east", "東市", "East City"}).first == 0);
    const std::string pw = d.password_of({"admin", "create-organiser", "Aoi", "--org", "east"});
    auto one = d.node();
    auto two = d.node();
    // The rooms file seeded the Store once; both nodes list its rooms.
    const auto seeded = public_room_ids(*two);
    REQUIRE_FALSE(seeded.empty());
    const std::string token = Deployment::sign_in(*one, "Aoi", pw);

    WsOptions o;
    o.port = two->http_port();
    WsClient c(o);
    c.hello();
    HttpResponse r = Deployment::call(*one, "POST", "/api/orgs/east/rooms", night_room, token);
    REQUIRE(r.status == 201);
    const auto made = std::chrono::steady_clock::now();
    Json joined = nullptr;
    while (std::chrono::steady_clock::now() - made < 1s) {
        c.send(Json{{"type", "join"}, {"room", "east-night"}, {"nick", "yoru"}});
        // The answer to this join: joined, or an error (no_such_room until the node knows it).
        bool answered = false;
        while (!answered && std::chrono::steady_clock::now() - made < 2s) {
            const auto next = c.next_object(200ms);
            if (!next) {
                continue;
            }
            if ((*next)["type"] == "joined") {
                joined = *next;
                answered = true;
            } else if ((*next)["type"] == "error") {
                answered = true;
            }
        }
        if (!joined.is_null()) {
            break;
        }
        std::this_thread::sleep_for(20ms);
    }
    CHECK(std::chrono::steady_clock::now() - made < 1s);
    CHECK(joined.value("room", "") == "east-night");

    // The public list names the organisation.
    r = http_call(two->http_port(), false, "GET", "/api/rooms", {}, "");
    const json list = json::parse(r.body);
    bool east_listed = false;
    for (const auto& org : list["orgs"]) {
        east_listed = east_listed || (org["id"] == "east" && org["name"]["en"] == "East City");
    }
    CHECK(east_listed);

    // Deleting takes the member out on the node that holds them.
    r = Deployment::call(*one, "DELETE", "/api/orgs/east/rooms/east-night", nullptr, token);
    REQUIRE(r.status == 204);
    CHECK(c.read_until("left")["room"] == "east-night");
    r = Deployment::call(*one, "POST", "/api/orgs/east/rooms", night_room, token);
    REQUIRE(r.status == 201);

    // Servers and Redis go; what was written comes back.
    one.reset();
    two.reset();
    redis.kill();
    redis.start();
    auto three = d.node();
    std::vector<std::string> ids;
    for (int i = 0; i < 100 && !has(ids, "east-night"); ++i) {
        std::this_thread::sleep_for(50ms);
        ids = public_room_ids(*three);
    }
    CHECK(has(ids, "east-night"));
    CHECK(ids.size() == seeded.size() + 1);
    r = Deployment::call(*three, "POST", "/api/login",
                         {{"name", "Aoi"}, {"password", "a real long password"}});
    REQUIRE(r.status == 200);
    r = Deployment::call(*three, "GET", "/api/orgs/east/rooms/east-night", nullptr,
                         json::parse(r.body)["token"]);
    CHECK(r.status == 200);
    CHECK(json::parse(r.body)["org"] == "east");
}
