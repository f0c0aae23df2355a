// Several real ibasho-server processes sharing one real redis-server: one order of messages
// and one presence for everyone, a dead node's members vanish, a client resumes on another
// node, Redis is killed, restarted and paused mid-chat, and nothing identifying is stored.
#include <catch2/catch.hpp>

#include <signal.h>

#include <cstdio>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

#include "server/store/durable_keys.hpp"
#include "tests/integration/support/controlled_redis.hpp"
#include "tests/integration/support/http_client.hpp"
#include "tests/integration/support/redis_process.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/subprocess.hpp"
#include "tests/integration/support/temp_dir.hpp"
#include "tests/integration/support/ws_client.hpp"

using namespace ibasho::itest;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<ServerProcess> node(const ControlledRedis& redis, const std::string& prefix,
                                    std::vector<std::string> more = {}) {
    ServerOptions o;
    o.extra = {"--redis", redis.url(), "--redis-prefix", prefix, "--presence-expiry", "3"};
    o.extra.insert(o.extra.end(), more.begin(), more.end());
    auto s = std::make_unique<ServerProcess>(o);
    for (int i = 0; i < 200 && s->metric("ibasho_redis_up") != 1; ++i) {
        std::this_thread::sleep_for(20ms);
    }
    REQUIRE(s->metric("ibasho_redis_up") == 1);
    return s;
}

std::unique_ptr<WsClient> client(const ServerProcess& s) {
    WsOptions o;
    o.port = s.http_port();
    return std::make_unique<WsClient>(o);
}

std::string prefix() {
    static int n = 0;
    return "it" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ":";
}

// Collects every object of `type` each client receives until `enough` holds.
struct Inbox {
    std::map<WsClient*, std::vector<Json>> got;
    void drain(const std::vector<WsClient*>& cs) {
        for (auto* c : cs) {
            for (auto& o : c->take_objects())
                got[c].push_back(std::move(o));
        }
    }
    std::vector<Json> of(WsClient* c, const std::string& type) {
        std::vector<Json> out;
        for (auto& o : got[c]) {
            if (o["type"] == type)
                out.push_back(o);
        }
        return out;
    }
};

// Members of the test's open room as `s` reports them in GET /api/rooms; -1 if unreadable.
int open_room_members(const ServerProcess& s) {
    const HttpResponse r = http_get(s.http_port(), "/api/rooms");
    if (r.status != 200)
        return -1;
    const Json body = Json::parse(r.body);
    for (const auto& room : body["rooms"]) {
        if (room["id"] == std::string(rooms::open))
            return room["members"].get<int>();
    }
    return -1;
}

}  // namespace

TEST_CASE("three nodes: members on different nodes see one order", "[cluster]") {
    ControlledRedis redis;
    const std::string p = prefix();
    auto n1 = node(redis, p), n2 = node(redis, p), n3 = node(redis, p);
    auto c1 = client(*n1), c2 = client(*n2), c3 = client(*n3);
    std::vector<WsClient*> all{c1.get(), c2.get(), c3.get()};
    for (std::size_t k = 0; k < all.size(); ++k) {
        all[k]->hello();
        all[k]->join(rooms::open,
                     "n" + std::to_string(k));  // one name each: a taken one is refused
    }
    // Everyone writes at once: 3 x 40 messages, interleaved by the network and three nodes.
    for (int i = 0; i < 40; ++i) {
        for (std::size_t k = 0; k < all.size(); ++k) {
            all[k]->queue_text(Json{{"type", "say"},
                                    {"room", rooms::open},
                                    {"text", "m" + std::to_string(k) + "-" + std::to_string(i)},
                                    {"id", "c" + std::to_string(k) + "-" + std::to_string(i)}}
                                   .dump());
        }
    }
    Inbox in;
    const bool done = pump_all(
        all,
        [&] {
            in.drain(all);
            for (auto* c : all) {
                if (in.of(c, "message").size() < 120)
                    return false;
            }
            return true;
        },
        20s);
    REQUIRE(done);
    const auto ref = in.of(c1.get(), "message");
    for (std::size_t i = 0; i < ref.size(); ++i) {
        REQUIRE(ref[i]["seq"] == i + 1);
    }
    for (auto* c : {c2.get(), c3.get()}) {
        const auto mine = in.of(c, "message");
        REQUIRE(mine.size() == 120);
        for (std::size_t i = 0; i < mine.size(); ++i) {
            REQUIRE(mine[i] == ref[i]);
        }
    }
}

TEST_CASE("three nodes: presence agrees, and a killed node's members vanish", "[cluster]") {
    ControlledRedis redis;
    const std::string p = prefix();
    auto n1 = node(redis, p), n2 = node(redis, p), n3 = node(redis, p);
    auto c1 = client(*n1), c2 = client(*n2), c3 = client(*n3);
    std::vector<WsClient*> all{c1.get(), c2.get(), c3.get()};
    const std::vector<std::string> nicks{"あさ", "ひる", "よる"};
    for (std::size_t i = 0; i < all.size(); ++i) {
        all[i]->hello();
        all[i]->join(rooms::open, nicks[i], Json{{"listening", i == 2}});
    }
    // Two of them write, each on its own node; the third only listens (issue 13: it stays a
    // number to the others, on every node).
    for (std::size_t i = 0; i < 2; ++i) {
        all[i]->send(Json{{"type", "say"},
                          {"room", rooms::open},
                          {"text", "こんにちは"},
                          {"id", "w" + std::to_string(i)}});
    }
    auto latest = [&](WsClient* c, std::map<WsClient*, Json>& last) {
        for (auto& o : c->take_objects()) {
            if (o["type"] == "presence")
                last[c] = o;
        }
    };
    std::map<WsClient*, Json> last;
    REQUIRE(pump_all(
        all,
        [&] {
            for (auto* c : all)
                latest(c, last);
            for (auto* c : all) {
                if (!last.count(c) || last[c]["count"] != 3 || last[c]["quiet"] != 1)
                    return false;
            }
            return true;
        },
        10s));
    for (auto* c : all) {
        CHECK(last[c]["listening"] == 1);
        std::set<std::string> names;
        for (auto& m : last[c]["members"])
            names.insert(m["nick"]);
        CHECK(names == std::set<std::string>(nicks.begin(), nicks.begin() + 2));
    }

    const auto killed_at = std::chrono::steady_clock::now();
    n3->send_signal(SIGKILL);
    n3->wait_exit(5s);
    std::vector<WsClient*> alive{c1.get(), c2.get()};
    const bool gone = pump_all(
        alive,
        [&] {
            for (auto* c : alive)
                latest(c, last);
            return last[c1.get()]["count"] == 2 && last[c2.get()]["count"] == 2;
        },
        10s);
    REQUIRE(gone);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - killed_at).count();
    INFO("vanished after " << seconds << " s with --presence-expiry 3");
    CHECK(seconds <= 3.5);
}

TEST_CASE("a client resumes on another node with nothing lost or doubled", "[cluster]") {
    ControlledRedis redis;
    const std::string p = prefix();
    auto n1 = node(redis, p), n2 = node(redis, p);
    auto writer = client(*n2);
    writer->hello();
    writer->join(rooms::open, "w");
    std::string token;
    std::string member;
    std::uint64_t last_seen = 0;
    {
        auto phone = client(*n1);
        token = phone->hello()["session"];
        member = phone->join(rooms::open, "でんしゃ")["member"];
        writer->say(rooms::open, "one", "w1");
        last_seen = phone->read_until("message")["seq"];
        // The phone enters a tunnel: its socket is simply gone.
    }
    for (int i = 2; i <= 6; ++i) {
        writer->say(rooms::open, "msg " + std::to_string(i), "w" + std::to_string(i));
    }
    auto back = client(*n2);  // the load balancer sends it to the other node
    back->send(Json{{"type", "hello"}, {"v", 1}, {"resume", token}});
    auto welcome = back->read_until("welcome");
    CHECK(welcome["resumed"] == true);
    back->send(Json{{"type", "join"}, {"room", rooms::open}, {"nick", "x"}, {"since", last_seen}});
    auto joined = back->read_until("joined");
    CHECK(joined["member"] == member);
    CHECK(joined["nick"] == "でんしゃ");
    std::vector<std::uint64_t> seqs;
    pump_all(
        {back.get()},
        [&] {
            for (auto& o : back->take_objects()) {
                if (o["type"] == "message")
                    seqs.push_back(o["seq"]);
            }
            return seqs.size() >= 5;
        },
        5s);
    back->pump(300ms);
    for (auto& o : back->take_objects()) {
        if (o["type"] == "message")
            seqs.push_back(o["seq"]);
    }
    CHECK(seqs == std::vector<std::uint64_t>{2, 3, 4, 5, 6});
}

TEST_CASE("Redis killed and restarted mid-chat: degraded, then whole again", "[cluster]") {
    ControlledRedis redis;
    const std::string p = prefix();
    auto n1 = node(redis, p), n2 = node(redis, p);
    auto a = client(*n1), b = client(*n2);
    a->hello();
    b->hello();
    a->join(rooms::open, "A");
    b->join(rooms::open, "B");
    for (int i = 1; i <= 3; ++i)
        a->say(rooms::open, "before", "b" + std::to_string(i));
    Inbox in;
    REQUIRE(pump_all(
        {a.get(), b.get()},
        [&] {
            in.drain({a.get(), b.get()});
            // The writer's own echoes too: one arriving late would look like a message
            // accepted during the outage (on a loaded machine it did).
            return in.of(b.get(), "message").size() == 3 && in.of(a.get(), "message").size() == 3;
        },
        5s));

    auto c = client(*n1);  // said hello before the outage, joins during it
    c->hello();
    redis.kill();
    // Connections stay open; writing is refused clearly, nothing is accepted and then lost.
    bool degraded = false;
    for (int i = 0; i < 30 && !degraded; ++i) {
        a->say(rooms::open, "during", "d" + std::to_string(i));
        a->pump(100ms);
        for (auto& o : a->take_objects()) {
            if (o["type"] == "error" && o["code"] == "service_degraded")
                degraded = true;
            CHECK(o["type"] != "message");
        }
    }
    CHECK(degraded);
    // Joining needs Redis too: refused as clearly, and the connection stays.
    c->send(Json{{"type", "join"}, {"room", rooms::open}, {"nick", "C"}});
    CHECK(c->read_until("error")["code"] == "service_degraded");
    CHECK_FALSE(a->closed());
    CHECK_FALSE(b->closed());
    CHECK_FALSE(c->closed());
    CHECK(n1->metric("ibasho_redis_up") == 0);

    redis.start();
    bool back = false;
    for (int i = 0; i < 80 && !back; ++i) {
        std::this_thread::sleep_for(100ms);
        back = n1->metric("ibasho_redis_up") == 1 && n2->metric("ibasho_redis_up") == 1;
    }
    REQUIRE(back);
    a->say(rooms::open, "after", "after-1");
    REQUIRE(pump_all(
        {a.get(), b.get()},
        [&] {
            in.drain({a.get(), b.get()});
            return in.of(b.get(), "message").size() >= 4;
        },
        5s));
    b->pump(300ms);
    in.drain({b.get()});
    const auto got = in.of(b.get(), "message");
    REQUIRE(got.size() == 4);
    for (std::size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i]["seq"] == i + 1);  // acknowledged seqs survived, nothing twice
    }
    CHECK(got[3]["text"] == "after");
}

TEST_CASE("Redis paused: command timeouts notice, the node recovers on resume", "[cluster]") {
    ControlledRedis redis;
    const std::string p = prefix();
    auto n1 = node(redis, p);
    auto a = client(*n1);
    a->hello();
    a->join(rooms::open, "A");
    redis.pause();
    bool degraded = false;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 60 && !degraded; ++i) {
        if (i % 10 == 0)
            a->say(rooms::open, "stuck?", "p" + std::to_string(i));
        a->pump(100ms);
        for (auto& o : a->take_objects()) {
            if (o["type"] == "error" && o["code"] == "service_degraded")
                degraded = true;
        }
    }
    CHECK(degraded);
    CHECK(std::chrono::steady_clock::now() - start < 5s);
    CHECK(n1->metric("ibasho_send_queue_bytes") < 1e6);
    redis.resume();
    bool ok = false;
    for (int i = 0; i < 80 && !ok; ++i) {
        a->say(rooms::open, "again", "r" + std::to_string(i));
        a->pump(100ms);
        for (auto& o : a->take_objects()) {
            if (o["type"] == "message" && o["text"] == "again")
                ok = true;
        }
    }
    CHECK(ok);
}

TEST_CASE("Redis holds no address, user agent, token, or expired text", "[cluster][privacy]") {
    ControlledRedis redis;
    TempDir dir;
    const std::string rooms = dir.write("rooms.json", R"({"rooms": [
        {"id": "brief", "name": {"ja": "短い", "en": "Brief"}, "audience": ["open"],
         "rate_limit": "off", "history_age_s": 4}]})");
    const std::string p = prefix();
    ServerOptions o;
    o.rooms_file = rooms;
    o.extra = {"--redis", redis.url(), "--redis-prefix", p};
    ServerProcess server(o);
    for (int i = 0; i < 200 && server.metric("ibasho_redis_up") != 1; ++i) {
        std::this_thread::sleep_for(20ms);
    }
    auto a = client(server);
    const std::string token = a->hello()["session"];
    a->join("brief", "ないしょ");
    const std::string secret = "とても個人的な話 7731";
    a->say("brief", secret, "s1");
    a->read_until("message");

    auto scan_keys = [&] {
        std::vector<std::string> found;
        std::istringstream lines(redis.cli("--scan --pattern '" + p + "*'"));
        std::string k;
        while (std::getline(lines, k)) {
            if (k.size() > 2 && k.front() == '"')
                k = k.substr(1, k.size() - 2);
            if (!k.empty())
                found.push_back(k);
        }
        return found;
    };
    std::vector<std::string> keys = scan_keys();
    REQUIRE_FALSE(keys.empty());
    // Every key's name and values in one script call: one process instead of six per key, so
    // the scan ends well inside the history's age even on a loaded machine.
    auto dump_all = [&] {
        return redis.cli(
            "--raw EVAL '"
            "local out = {} "
            "local function add(v) if type(v) == \"table\" then for _, x in ipairs(v) do add(x) "
            "end "
            "elseif v then out[#out + 1] = tostring(v) end end "
            "local cursor = \"0\" "
            "repeat local r = redis.call(\"SCAN\", cursor, \"MATCH\", ARGV[1], \"COUNT\", 1000) "
            "cursor = r[1] "
            "for _, k in ipairs(r[2]) do add(k) local t = redis.call(\"TYPE\", k).ok "
            "if t == \"string\" then add(redis.call(\"GET\", k)) "
            "elseif t == \"list\" then add(redis.call(\"LRANGE\", k, 0, -1)) "
            "elseif t == \"hash\" then add(redis.call(\"HGETALL\", k)) "
            "elseif t == \"zset\" then add(redis.call(\"ZRANGE\", k, 0, -1)) "
            "elseif t == \"set\" then add(redis.call(\"SMEMBERS\", k)) "
            "elseif t == \"stream\" then add(redis.call(\"XRANGE\", k, \"-\", \"+\")) end end "
            "until cursor == \"0\" "
            "return out' 0 '" +
            p + "*'");
    };
    const std::string everything = dump_all();
    CHECK(everything.find("127.0.0.1") == std::string::npos);
    // The test client sends "User-Agent: ibasho-itest" (support/ws_client.cpp); neither it nor
    // the address may reach Redis or the server's log.
    CHECK(everything.find("ibasho-itest") == std::string::npos);
    CHECK(server.log_text().find("ibasho-itest") == std::string::npos);
    CHECK(everything.find(token) == std::string::npos);
    for (const auto& k : keys) {
        INFO(k);
        const std::string ttl = redis.cli("--raw PTTL '" + k + "'");
        // Every key expires, except the durable Store's families on the one allow-list. -1 is
        // "no expiry" (the failure); -2 is "gone": a key that ran out of time between the scan
        // and this read (on a loaded machine) plainly had one.
        if (!ibasho::durable_keys::may_live_without_ttl(p, k)) {
            CHECK(std::stoll(ttl) != -1);
        }
    }
    CHECK(everything.find("7731") != std::string::npos);  // the history really was scanned

    // Expired text is gone once its age has passed (polled: a loaded machine may be late).
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    bool gone = false;
    while (!gone && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(250ms);
        gone = dump_all().find("7731") == std::string::npos;
    }
    CHECK(gone);
}

// A node stopped with SIGTERM takes its members out of Redis before it exits: the other nodes
// see them gone at once, not after --presence-expiry (60 s here, far beyond the test).
TEST_CASE("SIGTERM: the other node sees the stopped node's members gone within 1 s",
          "[cluster][shutdown]") {
    ControlledRedis redis;
    const std::string p = prefix();
    auto a = node(redis, p, {"--presence-expiry", "60"});
    auto b = node(redis, p, {"--presence-expiry", "60"});
    auto c1 = client(*a), c2 = client(*a);
    std::vector<WsClient*> on_a{c1.get(), c2.get()};
    c1->hello();
    c1->join(rooms::open, "あさ");
    c2->hello();
    c2->join(rooms::open, "ひる");
    REQUIRE(pump_all(
        on_a, [&] { return open_room_members(*b) == 2; }, 5s));

    const auto stopped_at = std::chrono::steady_clock::now();
    a->send_signal(SIGTERM);
    // The clients answer the close, as a browser does.
    const bool gone = pump_all(
        on_a, [&] { return open_room_members(*b) == 0; }, 5s);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - stopped_at).count();
    INFO("members gone from node B after " << seconds << " s");
    REQUIRE(gone);
    CHECK(seconds <= 1.0);
    CHECK(a->wait_exit(5s) == 0);
}

TEST_CASE("SIGTERM: members whose clients never answer the close are taken out too",
          "[cluster][shutdown]") {
    ControlledRedis redis;
    const std::string p = prefix();
    // The close handshake waits 2 s for an answer, longer than this grace: without the
    // withdrawal the threads would stop with the seat still in Redis.
    auto a = node(redis, p, {"--presence-expiry", "60", "--shutdown-grace", "1"});
    auto b = node(redis, p, {"--presence-expiry", "60"});
    auto stuck = client(*a);
    stuck->hello();
    stuck->join(rooms::open, "よる");
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (open_room_members(*b) != 1 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(20ms);
    }
    REQUIRE(open_room_members(*b) == 1);

    const auto stopped_at = std::chrono::steady_clock::now();
    a->send_signal(SIGTERM);  // `stuck` is never pumped again: it reads nothing
    REQUIRE(a->wait_exit(5s) == 0);
    const double exit_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - stopped_at).count();
    INFO("node A exited after " << exit_s << " s with --shutdown-grace 1");
    // Gone by the time A has exited (the flush finished first), within the grace and 1 s.
    CHECK(open_room_members(*b) == 0);
    CHECK(exit_s <= 2.5);
}
