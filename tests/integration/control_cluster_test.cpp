// What the control channel and the Store give a community served by several real nodes on one
// real Redis: a session resumed elsewhere retires its old connection (4004) within a second, a
// room's state changed on one node holds on every node within a second, and the durable help
// directory outlives a Redis restart from its AOF.
#include <catch2/catch.hpp>

#include <signal.h>

#include <fstream>

#include "tests/integration/support/controlled_redis.hpp"
#include "tests/integration/support/http_client.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/temp_dir.hpp"
#include "tests/integration/support/ws_client.hpp"

using namespace ibasho::itest;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

std::string fresh_prefix() {
    static int n = 0;
    return "ct" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ":";
}

std::unique_ptr<ServerProcess> redis_node(const ControlledRedis& redis, const std::string& prefix,
                                          const std::string& rooms_file = {}) {
    ServerOptions o;
    o.rooms_file = rooms_file;
    o.extra = {"--redis", redis.url(), "--redis-prefix", prefix};
    auto s = std::make_unique<ServerProcess>(o);
    for (int i = 0; i < 200 && s->metric("ibasho_redis_up") != 1; ++i) {
        std::this_thread::sleep_for(20ms);
    }
    REQUIRE(s->metric("ibasho_redis_up") == 1);
    return s;
}

std::unique_ptr<WsClient> client_of(const ServerProcess& s) {
    return std::make_unique<WsClient>(WsOptions{.port = s.http_port()});
}

// A fresh client's answer to joining `room` on `s`: "joined", or the error code.
std::string try_join(const ServerProcess& s, std::string_view room) {
    auto c = client_of(s);
    c->hello();
    // A name of its own: the previous try's seat may not be gone yet, and a taken nickname is
    // refused (nickname_taken), which is not what these tries are about.
    static int tries = 0;
    c->send(Json{{"type", "join"}, {"room", room}, {"nick", "みる" + std::to_string(++tries)}});
    for (;;) {
        auto o = c->next_object(2s);
        if (!o) {
            return "nothing";
        }
        if ((*o)["type"] == "joined") {
            return "joined";
        }
        if ((*o)["type"] == "error") {
            return (*o)["code"];
        }
    }
}

// Rewrites one room's state in a rooms file, as an operator editing it would.
void set_state_in_file(const std::string& path, std::string_view room, std::string_view state) {
    Json doc = Json::parse(read_text_file(path));
    for (auto& r : doc["rooms"]) {
        if (r["id"] == room) {
            r["state"] = state;
        }
    }
    std::ofstream(path, std::ios::trunc) << doc.dump(2);
}

}  // namespace

TEST_CASE("three nodes: a session resumed on another node closes its old connection with 4004",
          "[cluster][control]") {
    ControlledRedis redis;
    const std::string p = fresh_prefix();
    auto n1 = redis_node(redis, p), n2 = redis_node(redis, p), n3 = redis_node(redis, p);
    // A second tab: the first connection on node 1 is still alive when the session resumes on
    // node 2 (the load balancer sent it there).
    auto first = client_of(*n1);
    const std::string token = first->hello()["session"];
    const std::string member = first->join(rooms::open, "ふね")["member"];
    auto watcher = client_of(*n3);
    watcher->hello();
    watcher->join(rooms::open, "みる");

    auto second = client_of(*n2);
    second->send(Json{{"type", "hello"}, {"v", 1}, {"resume", token}});
    REQUIRE(second->read_until("welcome")["resumed"] == true);
    const auto resumed_at = Clock::now();
    REQUIRE(first->wait_closed(1s));
    const auto took = Clock::now() - resumed_at;
    CHECK(first->close_code() == std::uint16_t{4004});
    CHECK(took < 1s);
    INFO("old connection closed "
         << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
         << " ms after the resume");

    // The resumed connection is the session now: same member, and it keeps working.
    second->send(Json{{"type", "join"}, {"room", rooms::open}, {"nick", "x"}, {"since", 0}});
    CHECK(second->read_until("joined")["member"] == member);
    second->say(rooms::open, "ただいま", "r1");
    CHECK(watcher->read_until("message")["text"] == "ただいま");
    second->pump(300ms);
    CHECK_FALSE(second->closed());
}

TEST_CASE("three nodes: a room locked at run time refuses new joins on every node within 1 s",
          "[cluster][control]") {
    ControlledRedis redis;
    const std::string p = fresh_prefix();
    TempDir dir("ibasho-itest-rooms");
    const std::string rooms_file = write_rooms_file(dir);
    auto n1 = redis_node(redis, p, rooms_file), n2 = redis_node(redis, p, rooms_file),
         n3 = redis_node(redis, p, rooms_file);
    auto inside = client_of(*n3);
    inside->hello();
    inside->join(rooms::open, "なか");
    REQUIRE(try_join(*n2, rooms::open) == "joined");

    // The operator locks the room in the file and reloads one node only; the others learn it
    // through the control channel, not from the file.
    set_state_in_file(rooms_file, rooms::open, "locked");
    n1->send_signal(SIGHUP);
    const auto sent = Clock::now();
    bool locked_everywhere = false;
    while (!locked_everywhere && Clock::now() - sent < 3s) {
        locked_everywhere = try_join(*n2, rooms::open) == "room_locked" &&
                            try_join(*n3, rooms::open) == "room_locked" &&
                            try_join(*n1, rooms::open) == "room_locked";
    }
    const auto took = Clock::now() - sent;
    INFO("locked everywhere after "
         << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
    REQUIRE(locked_everywhere);
    CHECK(took < 1s);
    // Locking keeps strangers out; it does not throw out whoever is inside.
    inside->say(rooms::open, "まだいます", "i1");
    CHECK(inside->read_until("message")["text"] == "まだいます");

    // Closing takes the members out on every node, gently, with the reason.
    set_state_in_file(rooms_file, rooms::open, "closed");
    n1->send_signal(SIGHUP);
    const Json left = inside->read_until("left", 1500ms);
    CHECK(left["room"] == rooms::open);
    CHECK(left["reason"] == "room_closed");
    CHECK(try_join(*n2, rooms::open) == "room_closed");
}

TEST_CASE("the help directory in the Store outlives a Redis restart from its AOF",
          "[cluster][store]") {
    ControlledRedis redis;
    const std::string p = fresh_prefix();
    auto n1 = redis_node(redis, p);
    // Seeded from the shipped file at start-up, served from the Store.
    HttpResponse before;
    for (int i = 0; i < 100; ++i) {
        before = http_get(n1->http_port(), "/api/help");
        if (before.status == 200)
            break;
        std::this_thread::sleep_for(20ms);
    }
    REQUIRE(before.status == 200);
    // An organiser's edit (the editing API comes with the organisers' work): version 2 in the
    // Store, which start-up seeding must never replace.
    const std::string key = p + "{s}:r:help:directory";
    REQUIRE(redis.cli("--raw HGET '" + key + "' v").find('1') != std::string::npos);
    REQUIRE(
        redis.cli("--raw HSET '" + key + "' v 2 b '{\"entries\":[],\"edited\":true}'").find('0') !=
        std::string::npos);

    redis.kill();
    redis.start();
    for (int i = 0; i < 250 && n1->metric("ibasho_redis_up") != 1; ++i) {
        std::this_thread::sleep_for(20ms);
    }
    REQUIRE(n1->metric("ibasho_redis_up") == 1);
    const HttpResponse after = http_get(n1->http_port(), "/api/help");
    REQUIRE(after.status == 200);
    CHECK(Json::parse(after.body)["edited"] == true);
    // A second node starting now finds the record and leaves it alone.
    auto n2 = redis_node(redis, p);
    std::this_thread::sleep_for(200ms);
    CHECK(Json::parse(http_get(n2->http_port(), "/api/help").body)["edited"] == true);
}

TEST_CASE("three nodes: end (quick exit) kills the token on every node at once",
          "[cluster][control][end]") {
    ControlledRedis redis;
    const std::string p = fresh_prefix();
    auto n1 = redis_node(redis, p), n2 = redis_node(redis, p), n3 = redis_node(redis, p);
    auto leaving = client_of(*n1);
    const std::string token = leaving->hello()["session"];
    leaving->join(rooms::open, "ゆうぐれ");
    auto watcher = client_of(*n3);
    watcher->hello();
    watcher->join(rooms::open, "みる");

    leaving->send(Json{{"type", "end"}, {"id", "c1"}});
    REQUIRE(leaving->wait_closed(2s));
    CHECK(leaving->close_code() == std::uint16_t{1000});

    // The watcher on another node sees the room with one member, within a second.
    const auto deadline = Clock::now() + 1s;
    bool alone = false;
    while (!alone && Clock::now() < deadline) {
        auto o = watcher->next_object(200ms);
        alone = o && (*o)["type"] == "presence" && (*o)["count"] == 1;
    }
    CHECK(alone);

    // No node resumes the token any more.
    for (ServerProcess* n : {n1.get(), n2.get(), n3.get()}) {
        auto again = client_of(*n);
        again->send(Json{{"type", "hello"}, {"v", 1}, {"resume", token}});
        const Json w = again->read_until("welcome");
        CHECK(w["resumed"] == false);
        CHECK(w["session"] != token);
    }
}
