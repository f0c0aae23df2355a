// Sanctions across real nodes on one real Redis: a supporter on node 1 mutes, removes or bans
// a participant connected to node 2, enforced there within a second; a ban outlives a
// reconnect; revoking a staff member downgrades their session on another node at once.
#include <catch2/catch.hpp>

#include "server/staff/staff_accounts.hpp"

#include <signal.h>
#include <boost/asio/io_context.hpp>

#include "server/chat/sanction_control.hpp"
#include "server/clock.hpp"
#include "server/control/redis_control.hpp"
#include "server/redis/redis_node.hpp"
#include "server/store/redis_store.hpp"
#include "staff_fixture.hpp"
#include "tests/integration/support/cluster_nodes.hpp"

using namespace ibasho::itest;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

namespace {

// The test's own link to the servers' Redis and prefix: their Store (to write a supporter, as
// sign-up would) and their Control channel (to send what the accounts code sends).
struct Link {
    Link(const ControlledRedis& redis, const std::string& prefix)
        : node(io, ibasho::RedisAddress{"127.0.0.1", redis.port(), 0}, prefix),
          store(node),
          control(node, clock, "itest") {
        node.start();
        for (int i = 0; i < 300 && !(node.up() && control.listening()); ++i) {
            io.run_for(10ms);
        }
        REQUIRE(node.up());
    }
    ~Link() {
        node.commands().stop();
        node.subscriber().stop();
        io.run_for(20ms);
    }
    void flush() {
        for (int i = 0; i < 300 && (node.commands().in_flight() > 0 || i < 5); ++i) {
            io.run_for(10ms);
        }
    }
    std::string supporter_token(const std::string& id, std::vector<std::string> rooms) {
        ibasho::test::StaffSpec spec;
        spec.id = id;
        spec.name = "ひかり";
        spec.rooms = std::move(rooms);
        ibasho::test::put_staff(store, spec);
        const std::string token = ibasho::test::put_staff_token(store, spec.id, clock.unix_ms());
        flush();
        return token;
    }

    boost::asio::io_context io;
    ibasho::SystemClock clock;
    ibasho::redis::Node node;
    ibasho::RedisStore store;
    ibasho::RedisControl control;
};

std::string try_join(const ServerProcess& s, std::string_view room) {
    auto c = client_of(s);
    c->hello();
    // A name of its own: the previous try's seat may not be gone yet, and a taken nickname is
    // refused (nickname_taken), which is not what these tries are about.
    static int tries = 0;
    c->send(Json{{"type", "join"}, {"room", room}, {"nick", "みる" + std::to_string(++tries)}});
    const Json o = answer(*c, "joined");
    return o.is_null()             ? "nothing"
           : o["type"] == "joined" ? "joined"
                                   : o["code"].get<std::string>();
}

struct Cluster {
    Cluster() : prefix(fresh_prefix("sc")), link(redis, prefix) {
        token = link.supporter_token(staff_id, {std::string(rooms::open)});
        n1 = redis_node(redis, prefix);
        n2 = redis_node(redis, prefix);
    }
    ControlledRedis redis;
    std::string prefix;
    Link link;
    const std::string staff_id = "st_itest00000000001";
    std::string token;
    std::unique_ptr<ServerProcess> n1, n2;
};

}  // namespace

TEST_CASE("two nodes: a mute from node 1 holds on node 2 within 1 s", "[cluster][sanction]") {
    Cluster c;
    auto member = client_of(*c.n2);
    member->hello();
    const std::string id = member->join(rooms::open, "ねこ")["member"];
    auto staff = staff_client(*c.n1, c.token);
    CHECK(staff->join(rooms::open, "x")["badge"] == "supporter");

    const auto sent = SteadyClock::now();
    staff->send(Json{{"type", "mute"},
                     {"room", rooms::open},
                     {"member", id},
                     {"minutes", 10},
                     {"reason", "flood"},
                     {"id", "m1"}});
    CHECK(answer(*staff, "done")["action"] == "mute");
    const Json notice = member->read_until("notice", 1s);
    const auto took = SteadyClock::now() - sent;
    CHECK(notice["kind"] == "muted");
    CHECK(took < 1s);
    member->say(rooms::open, "まだ", "p1");
    const Json refused = answer(*member, "message");
    CHECK(refused["code"] == "muted");
    CHECK(refused["retry_after_ms"] > 0);
}

TEST_CASE("two nodes: a removal from node 1 takes the member out on node 2",
          "[cluster][sanction]") {
    Cluster c;
    auto member = client_of(*c.n2);
    member->hello();
    const std::string id = member->join(rooms::open, "ねこ")["member"];
    auto staff = staff_client(*c.n1, c.token);
    staff->join(rooms::open, "x");
    const auto sent = SteadyClock::now();
    staff->send(Json{{"type", "remove"},
                     {"room", rooms::open},
                     {"member", id},
                     {"minutes", 30},
                     {"reason", "hurtful"},
                     {"id", "r1"}});
    const Json left = member->read_until("left", 1s);
    CHECK(SteadyClock::now() - sent < 1s);
    CHECK(left["reason"] == "removed");
    member->send(Json{{"type", "join"}, {"room", rooms::open}, {"nick", "ねこ"}});
    CHECK(answer(*member, "joined")["code"] == "removed");
}

TEST_CASE("two nodes: a ban holds on every node and survives a reconnect", "[cluster][sanction]") {
    Cluster c;
    auto member = client_of(*c.n2);
    const std::string session = member->hello()["session"];
    const std::string id = member->join(rooms::open, "ねこ")["member"];
    auto staff = staff_client(*c.n1, c.token);
    staff->join(rooms::open, "x");
    staff->send(Json{{"type", "ban"},
                     {"room", rooms::open},
                     {"member", id},
                     {"hours", 1},
                     {"reason", "spam"},
                     {"id", "b1"}});
    // No latency claim here (the mute test makes it): a loaded machine gets more time.
    CHECK(member->read_until("notice", 5s)["kind"] == "banned");
    CHECK(member->read_until("left", 5s)["reason"] == "banned");
    member->send(Json{{"type", "join"}, {"room", rooms::open}, {"nick", "ねこ"}});
    CHECK(answer(*member, "joined")["code"] == "banned");
    // The same session reconnecting to the other node (a new connection, the same session
    // token) is still banned.
    member.reset();
    auto again = client_of(*c.n1);
    again->send(Json{{"type", "hello"}, {"v", 1}, {"resume", session}});
    REQUIRE(again->read_until("welcome")["resumed"] == true);
    again->send(Json{{"type", "join"}, {"room", rooms::open}, {"nick", "ねこ"}});
    const Json refused = answer(*again, "joined");
    CHECK(refused["code"] == "banned");
    CHECK(refused["retry_after_ms"] > 0);
    // A brand-new session from the same address (the keyed address hash, shared by every
    // node through the Store) is refused too, on either node.
    CHECK(try_join(*c.n2, rooms::open) == "banned");
    CHECK(try_join(*c.n1, rooms::open) == "banned");
}

TEST_CASE("two nodes: revoking a supporter downgrades their session on the other node",
          "[cluster][sanction]") {
    Cluster c;
    auto staff = staff_client(*c.n2, c.token);
    CHECK(staff->join(rooms::open, "x")["badge"] == "supporter");
    const auto sent = SteadyClock::now();
    ibasho::staff::send_staff_revoked(c.link.control, c.staff_id);
    c.link.flush();
    const Json role = staff->read_until("role", 1s);
    CHECK(SteadyClock::now() - sent < 1s);
    CHECK(role["role"] == "participant");
    CHECK(role["reason"] == "revoked");
    CHECK(staff->read_until("left", 1s)["room"] == rooms::open);
    staff->send(
        Json{{"type", "standing"}, {"room", rooms::open}, {"member", "whoever"}, {"id", "q1"}});
    CHECK(answer(*staff, "standing")["code"] == "forbidden");
}
