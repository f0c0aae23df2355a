// Hiding and room controls across real nodes on one real Redis: a supporter on one node hides a
// message written on another and a third node's history shows the tombstone within a second;
// slow mode and a lock set on one node hold on another within a second; and live settings
// survive a node's restart (read back from the Store).
#include <catch2/catch.hpp>

#include <signal.h>

#include <functional>

#include "chat_harness.hpp"
#include "staff_fixture.hpp"
#include "tests/integration/support/controlled_redis.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/temp_dir.hpp"
#include "tests/integration/support/ws_client.hpp"

using namespace ibasho;
using namespace ibasho::itest;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

namespace {

std::string fresh_prefix() {
    static int n = 0;
    return "rc" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ":";
}

std::unique_ptr<ServerProcess> redis_node(const ControlledRedis& redis, const std::string& prefix,
                                          const std::string& rooms_file) {
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

// Writes a supporter of the open room into the servers' Redis, as sign-in would find them,
// and returns their staff token.
std::string supporter_token(const ControlledRedis& redis, const std::string& prefix) {
    Shards shards{1};
    redis::Node node(shards.at(0).io(), RedisAddress{"127.0.0.1", redis.port(), 0}, prefix);
    RedisStore store(node);
    node.start();
    for (int i = 0; i < 400 && !node.up(); ++i) {
        test::settle(shards, &node);
    }
    REQUIRE(node.up());
    test::StaffSpec spec;
    spec.rooms = {std::string(rooms::open)};
    test::put_staff(store, spec);
    const std::string token =
        test::put_staff_token(store, spec.id,
                              std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count());
    test::settle(shards, &node);
    node.commands().stop();
    node.subscriber().stop();
    return token;
}

std::unique_ptr<WsClient> client_of(const ServerProcess& s) {
    return std::make_unique<WsClient>(WsOptions{.port = s.http_port()});
}

std::unique_ptr<WsClient> staff_of(const ServerProcess& s, const std::string& token) {
    auto c = client_of(s);
    c->send(Json{{"type", "hello"}, {"v", 1}, {"staff", token}});
    REQUIRE(c->read_until("welcome")["role"] == "supporter");
    REQUIRE(c->join(rooms::open, "x")["type"] == "joined");
    return c;
}

// What a fresh client gets on joining the open room on `s`: every object up to the presence
// snapshot that follows the history, or the error code as {"error":code}.
std::vector<Json> fresh_join(const ServerProcess& s) {
    auto c = client_of(s);
    c->hello();
    c->send(Json{{"type", "join"}, {"room", rooms::open}, {"nick", "みる"}});
    std::vector<Json> out;
    for (;;) {
        auto o = c->next_object(2s);
        if (!o) {
            return out;
        }
        out.push_back(*o);
        if ((*o)["type"] == "presence" || (*o)["type"] == "error") {
            return out;
        }
    }
}

std::string join_answer(const ServerProcess& s) {
    for (const auto& o : fresh_join(s)) {
        if (o["type"] == "joined")
            return "joined";
        if (o["type"] == "error")
            return o["code"];
    }
    return "nothing";
}

bool within(std::chrono::milliseconds limit, const std::function<bool()>& pred,
            SteadyClock::duration* took) {
    const auto start = SteadyClock::now();
    while (SteadyClock::now() - start < limit) {
        if (pred()) {
            *took = SteadyClock::now() - start;
            return true;
        }
    }
    *took = SteadyClock::now() - start;
    return false;
}

long long ms(SteadyClock::duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace

TEST_CASE("three nodes: a message hidden on node 1 is a tombstone in node 3's history within 1 s",
          "[cluster][hide]") {
    ControlledRedis redis;
    const std::string p = fresh_prefix();
    TempDir dir("ibasho-itest-hide");
    const std::string rooms_file = write_rooms_file(dir);
    auto n1 = redis_node(redis, p, rooms_file), n2 = redis_node(redis, p, rooms_file),
         n3 = redis_node(redis, p, rooms_file);
    const std::string token = supporter_token(redis, p);
    auto staff = staff_of(*n1, token);

    auto writer = client_of(*n2);
    writer->hello();
    writer->join(rooms::open, "かく");
    writer->say(rooms::open, "ひどいことば", "w1");
    const Json msg = writer->read_until("message");
    const std::uint64_t seq = msg["seq"];
    REQUIRE(staff->read_until("message")["seq"] == seq);

    staff->send(Json{{"type", "hide"},
                     {"room", rooms::open},
                     {"seq", seq},
                     {"reason", "hurtful"},
                     {"id", "h1"}});
    const auto sent = SteadyClock::now();
    CHECK(staff->read_until("done")["action"] == "hide");
    // The writer's node hears the hide event live.
    CHECK(writer->read_until("hide")["target"] == seq);

    SteadyClock::duration took{};
    const bool tombstone = within(
        3s,
        [&] {
            for (const auto& o : fresh_join(*n3)) {
                if (o.value("seq", 0ULL) == seq && o["type"] == "hidden") {
                    return o.dump().find("ひどいことば") == std::string::npos;
                }
            }
            return false;
        },
        &took);
    INFO("tombstone on node 3 after " << ms(SteadyClock::now() - sent) << " ms");
    REQUIRE(tombstone);
    CHECK(SteadyClock::now() - sent < 1s);
}

TEST_CASE(
    "three nodes: slow mode and a lock set on node 1 hold on node 2 within 1 s, and "
    "survive node 2's restart",
    "[cluster][controls]") {
    ControlledRedis redis;
    const std::string p = fresh_prefix();
    TempDir dir("ibasho-itest-controls");
    const std::string rooms_file = write_rooms_file(dir);
    auto n1 = redis_node(redis, p, rooms_file), n2 = redis_node(redis, p, rooms_file);
    const std::string token = supporter_token(redis, p);
    auto staff = staff_of(*n1, token);
    auto member = client_of(*n2);
    member->hello();
    member->join(rooms::open, "なか");
    member->take_objects();

    staff->send(Json{{"type", "room_control"},
                     {"room", rooms::open},
                     {"control", "slow_mode"},
                     {"seconds", 20},
                     {"id", "c1"}});
    auto sent = SteadyClock::now();
    CHECK(staff->read_until("done")["action"] == "room_control");
    const Json state = member->read_until("room_state", 1s);
    const auto took_slow = SteadyClock::now() - sent;
    INFO("slow mode on node 2 after " << ms(took_slow) << " ms");
    CHECK(state["slow_mode_s"] == 20);
    CHECK(took_slow < 1s);
    member->say(rooms::open, "ひとつめ", "m1");
    CHECK(member->read_until("message")["text"] == "ひとつめ");
    member->say(rooms::open, "ふたつめ", "m2");
    CHECK(member->read_until("error")["code"] == "slow_mode");

    staff->send(
        Json{{"type", "room_control"}, {"room", rooms::open}, {"control", "lock"}, {"id", "c2"}});
    sent = SteadyClock::now();
    SteadyClock::duration took{};
    REQUIRE(within(
        3s, [&] { return join_answer(*n2) == "room_locked"; }, &took));
    INFO("locked on node 2 after " << ms(SteadyClock::now() - sent) << " ms");
    CHECK(SteadyClock::now() - sent < 1s);

    // Node 2 restarts: it reads the live settings back from the Store, not from the file.
    n2.reset();
    n2 = redis_node(redis, p, rooms_file);
    REQUIRE(within(
        3s, [&] { return join_answer(*n2) == "room_locked"; }, &took));
    auto lister = client_of(*n2);
    lister->hello();
    lister->send(Json{{"type", "rooms"}});
    const Json list = lister->read_until("room_list");
    bool seen = false;
    for (const auto& r : list["rooms"]) {
        if (r["id"] == rooms::open) {
            seen = true;
            CHECK(r["state"] == "locked");
            CHECK(r["slow_mode_s"] == 20);
        }
    }
    CHECK(seen);

    // A SIGHUP reload of the rooms file (which says "open") keeps the live lock.
    n1->send_signal(SIGHUP);
    std::this_thread::sleep_for(300ms);  // give a wrong reload the time to undo it
    CHECK(join_answer(*n1) == "room_locked");
    CHECK(join_answer(*n2) == "room_locked");
}
