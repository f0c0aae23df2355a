// The Store contract, run once against memory and once against a real Redis: records, lists
// by kind and owner, compare-and-set, removal, notifications to a second node, expiry, and
// bad input refused without a write.
#include <catch2/catch.hpp>

#include <hiredis/hiredis.h>

#include <chrono>
#include <functional>
#include <thread>

#include "chat_harness.hpp"
#include "redis_test_server.hpp"

using namespace ibasho;
using namespace ibasho::test;
using namespace std::chrono_literals;

namespace {

using PutResult = std::pair<StoreResult, std::uint64_t>;

// One node: its seams (the store among them) and every change its store was told of.
struct StoreNode {
    StoreNode(Backend kind, std::string prefix) : seams(kind, shards, clock, std::move(prefix)) {
        seams.store->watch([this](const StoreChange& c) { changes.push_back(c); });
        settle();
    }
    // A second view of `other`'s data: the same backing (memory) or the same prefix (Redis).
    StoreNode(Backend kind, StoreNode& other, std::string prefix)
        : seams(kind, shards, clock, std::move(prefix)) {
        if (kind == Backend::memory) {
            seams.store = std::make_unique<MemoryStore>(
                static_cast<MemoryStore&>(*other.seams.store).backend());
        }
        seams.store->watch([this](const StoreChange& c) { changes.push_back(c); });
        settle();
    }
    void settle() { test::settle(shards, seams.node.get()); }
    Store& store() { return *seams.store; }

    std::pair<StoreResult, std::uint64_t> put(StoreRecord r, std::uint64_t expected) {
        std::optional<std::pair<StoreResult, std::uint64_t>> out;
        store().put(std::move(r), expected,
                    [&](StoreResult res, std::uint64_t v) { out = std::make_pair(res, v); });
        settle();
        REQUIRE(out.has_value());
        return *out;
    }
    std::pair<StoreResult, StoreRecord> get(const std::string& kind, const std::string& id) {
        std::optional<std::pair<StoreResult, StoreRecord>> out;
        store().get(kind, id, [&](StoreResult res, StoreRecord r) { out.emplace(res, r); });
        settle();
        REQUIRE(out.has_value());
        return *out;
    }
    std::vector<StoreRecord> list(const std::string& kind,
                                  std::optional<std::string> owner = std::nullopt) {
        std::optional<StoreResult> res;
        std::vector<StoreRecord> out;
        store().list(kind, owner, [&](StoreResult r, std::vector<StoreRecord> rs) {
            res = r;
            out = std::move(rs);
        });
        settle();
        REQUIRE(res == StoreResult::ok);
        return out;
    }
    StoreResult remove(const std::string& kind, const std::string& id, std::uint64_t expected) {
        std::optional<StoreResult> out;
        store().remove(kind, id, expected, [&](StoreResult r) { out = r; });
        settle();
        REQUIRE(out.has_value());
        return *out;
    }

    ManualClock clock;
    Shards shards{1};
    Seams seams;
    std::vector<StoreChange> changes;
};

StoreRecord rec(std::string kind, std::string id, std::string owner, std::string body,
                std::chrono::milliseconds ttl = 0ms) {
    return StoreRecord{std::move(kind), std::move(id), std::move(owner), 0, std::move(body), ttl};
}

std::vector<std::string> ids(const std::vector<StoreRecord>& rs) {
    std::vector<std::string> out;
    for (const auto& r : rs)
        out.push_back(r.id);
    return out;
}

// Runs both nodes' loops until `pred` holds or 5 s pass (Redis pub/sub crosses processes).
bool eventually(StoreNode& a, StoreNode& b, const std::function<bool()>& pred) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        a.settle();
        b.settle();
    }
    return true;
}

// One raw command on the node's own connection, for looking at what Redis holds.
long long redis_integer(StoreNode& n, std::vector<std::string> argv) {
    long long out = -100;
    n.seams.node->post([&] {
        std::vector<std::string_view> v(argv.begin(), argv.end());
        n.seams.node->commands().command(
            v, [&](const redisReply* r) { out = redis::as_integer(r, -100); });
    });
    n.settle();
    return out;
}

}  // namespace

TEMPLATE_TEST_CASE("store: create, get, and a second create is a conflict", "[contract][store]",
                   MemoryBackend, RedisBackend) {
    StoreNode n(TestType::kind, unique_prefix());
    auto [res, v] = n.put(rec("room", "open", "org1", R"({"name":"ひろば"})"), 0);
    CHECK(res == StoreResult::ok);
    CHECK(v == 1);

    auto [got, r] = n.get("room", "open");
    REQUIRE(got == StoreResult::ok);
    CHECK(r.kind == "room");
    CHECK(r.id == "open");
    CHECK(r.owner == "org1");
    CHECK(r.version == 1);
    CHECK(r.body == R"({"name":"ひろば"})");
    CHECK(r.ttl == 0ms);

    auto again = n.put(rec("room", "open", "org1", R"({"name":"other"})"), 0);
    CHECK(again.first == StoreResult::conflict);
    CHECK(again.second == 1);
    CHECK(n.get("room", "open").second.body == R"({"name":"ひろば"})");

    CHECK(n.get("room", "missing").first == StoreResult::not_found);
    CHECK(n.get("staff", "open").first == StoreResult::not_found);  // kinds do not meet
}

TEMPLATE_TEST_CASE("store: versions grow by one per write, CAS against a missing record",
                   "[contract][store]", MemoryBackend, RedisBackend) {
    StoreNode n(TestType::kind, unique_prefix());
    CHECK(n.put(rec("event", "e1", "", "{}"), 0).second == 1);
    CHECK(n.put(rec("event", "e1", "", R"({"a":1})"), 1) == PutResult{StoreResult::ok, 2});
    CHECK(n.put(rec("event", "e1", "", R"({"a":2})"), 2).second == 3);
    CHECK(n.put(rec("event", "e1", "", R"({"a":3})"), Store::any_version).second == 4);
    CHECK(n.get("event", "e1").second.version == 4);
    CHECK(n.get("event", "e1").second.body == R"({"a":3})");

    auto missing = n.put(rec("event", "nope", "", "{}"), 3);
    CHECK(missing.first == StoreResult::not_found);
    CHECK(n.get("event", "nope").first == StoreResult::not_found);
    CHECK(n.put(rec("event", "fresh", "", "{}"), Store::any_version).second == 1);
}

TEMPLATE_TEST_CASE("store: list by kind and by owner, sorted by id, owner changes move it",
                   "[contract][store]", MemoryBackend, RedisBackend) {
    StoreNode n(TestType::kind, unique_prefix());
    n.put(rec("room", "b", "org1", "{}"), 0);
    n.put(rec("room", "a", "org2", "{}"), 0);
    n.put(rec("room", "c", "org1", "{}"), 0);
    n.put(rec("room", "d", "", "{}"), 0);
    n.put(rec("staff", "s1", "org1", "{}"), 0);

    CHECK(ids(n.list("room")) == std::vector<std::string>{"a", "b", "c", "d"});
    CHECK(ids(n.list("room", "org1")) == std::vector<std::string>{"b", "c"});
    CHECK(ids(n.list("room", "org2")) == std::vector<std::string>{"a"});
    CHECK(ids(n.list("room", "")) == std::vector<std::string>{"d"});
    CHECK(ids(n.list("staff")) == std::vector<std::string>{"s1"});
    CHECK(n.list("org").empty());
    CHECK(n.list("room", "org9").empty());
    auto all = n.list("room");
    CHECK(all[1].owner == "org1");
    CHECK(all[1].version == 1);

    // Handing room b to org2 takes it out of org1's list.
    REQUIRE(n.put(rec("room", "b", "org2", R"({"moved":true})"), 1).first == StoreResult::ok);
    CHECK(ids(n.list("room", "org1")) == std::vector<std::string>{"c"});
    auto org2 = n.list("room", "org2");
    REQUIRE(ids(org2) == std::vector<std::string>{"a", "b"});
    CHECK(org2[1].version == 2);
    CHECK(org2[1].body == R"({"moved":true})");
}

TEMPLATE_TEST_CASE("store: two writers from one version: one wins, the other changes nothing",
                   "[contract][store]", MemoryBackend, RedisBackend) {
    const std::string prefix = unique_prefix();
    StoreNode a(TestType::kind, prefix);
    StoreNode b(TestType::kind, a, prefix);
    REQUIRE(a.put(rec("org", "o1", "", R"({"name":"first"})"), 0).second == 1);
    REQUIRE(b.get("org", "o1").second.version == 1);

    // Both send before either hears back.
    std::optional<std::pair<StoreResult, std::uint64_t>> ra, rb;
    a.store().put(rec("org", "o1", "", R"({"name":"from a"})"), 1,
                  [&](StoreResult r, std::uint64_t v) { ra = std::make_pair(r, v); });
    b.store().put(rec("org", "o1", "", R"({"name":"from b"})"), 1,
                  [&](StoreResult r, std::uint64_t v) { rb = std::make_pair(r, v); });
    REQUIRE(eventually(a, b, [&] { return ra && rb; }));
    const bool a_won = ra->first == StoreResult::ok;
    CHECK((a_won ? rb->first : ra->first) == StoreResult::conflict);
    CHECK((a_won ? ra->second : rb->second) == 2);
    CHECK((a_won ? rb->second : ra->second) == 2);  // the loser learns the version now stored
    auto now = a.get("org", "o1").second;
    CHECK(now.version == 2);
    CHECK(now.body == (a_won ? R"({"name":"from a"})" : R"({"name":"from b"})"));
    CHECK(b.get("org", "o1").second.body == now.body);
}

TEMPLATE_TEST_CASE("store: remove needs the right version", "[contract][store]", MemoryBackend,
                   RedisBackend) {
    StoreNode n(TestType::kind, unique_prefix());
    n.put(rec("sanction", "x", "org1", "{}"), 0);
    n.put(rec("sanction", "x", "org1", R"({"v":2})"), 1);
    n.put(rec("sanction", "y", "org1", "{}"), 0);

    CHECK(n.remove("sanction", "x", 1) == StoreResult::conflict);
    CHECK(n.remove("sanction", "x", 0) == StoreResult::conflict);
    CHECK(n.get("sanction", "x").second.version == 2);
    CHECK(n.remove("sanction", "x", 2) == StoreResult::ok);
    CHECK(n.get("sanction", "x").first == StoreResult::not_found);
    CHECK(ids(n.list("sanction")) == std::vector<std::string>{"y"});
    CHECK(ids(n.list("sanction", "org1")) == std::vector<std::string>{"y"});
    CHECK(n.remove("sanction", "x", 2) == StoreResult::not_found);
    CHECK(n.remove("sanction", "never", Store::any_version) == StoreResult::not_found);
    CHECK(n.remove("sanction", "y", Store::any_version) == StoreResult::ok);
    CHECK(n.list("sanction").empty());

    // A removed record can be created again; it starts over at version 1.
    CHECK(n.put(rec("sanction", "x", "org1", "{}"), 0) == PutResult{StoreResult::ok, 1});
}

TEMPLATE_TEST_CASE("store: changes reach every node, the writer's too", "[contract][store]",
                   MemoryBackend, RedisBackend) {
    const std::string prefix = unique_prefix();
    StoreNode a(TestType::kind, prefix);
    StoreNode b(TestType::kind, a, prefix);
    a.put(rec("help", "directory", "", "{}"), 0);
    REQUIRE(eventually(a, b, [&] { return a.changes.size() == 1 && b.changes.size() == 1; }));
    for (auto* n : {&a, &b}) {
        CHECK(n->changes[0].kind == "help");
        CHECK(n->changes[0].id == "directory");
        CHECK(n->changes[0].version == 1);
        CHECK_FALSE(n->changes[0].resync);
    }
    b.put(rec("help", "directory", "", R"({"x":1})"), 1);
    b.remove("help", "directory", 2);
    REQUIRE(eventually(a, b, [&] { return a.changes.size() == 3 && b.changes.size() == 3; }));
    CHECK(a.changes[1].version == 2);
    CHECK(a.changes[2].version == 0);  // removed
    CHECK(a.changes[2].id == "directory");

    // A refused write announces nothing.
    a.put(rec("help", "other", "", "{}"), 7);
    a.remove("help", "directory", 1);
    a.settle();
    b.settle();
    CHECK(a.changes.size() == 3);
    CHECK(b.changes.size() == 3);
}

TEMPLATE_TEST_CASE("store: bad input is refused without a write", "[contract][store]",
                   MemoryBackend, RedisBackend) {
    StoreNode n(TestType::kind, unique_prefix());
    const std::vector<StoreRecord> bad = {
        rec("", "id", "", "{}"),
        rec("room", "", "", "{}"),
        rec("Room", "a", "", "{}"),         // kinds are lower case
        rec("ro:om", "a", "", "{}"),        // a ':' would reach into another key family
        rec("room", "a b", "", "{}"),       // white space
        rec("room", "a\nb", "", "{}"),      // newline (the change channel's separator)
        rec("room", "{a}", "", "{}"),       // a hash tag of its own
        rec("room", "a", "org 1", "{}"),    // owner as an id
        rec("room", "a", "", ""),           // no body
        rec("room", "a", "", "{not json"),  // not JSON
        rec("room", "a", "", "{}", -5ms),   // negative TTL
        rec("room", std::string(StoreLimits::id_max + 1, 'x'), "", "{}"),
        rec("room", "a", "", "\"" + std::string(StoreLimits::body_max, 'x') + "\""),
    };
    for (const auto& r : bad) {
        INFO("kind=" << r.kind << " id=" << r.id << " owner=" << r.owner);
        CHECK(n.put(r, 0).first == StoreResult::invalid);
        CHECK(n.put(r, Store::any_version).first == StoreResult::invalid);
    }
    CHECK(n.get("", "a").first == StoreResult::invalid);
    CHECK(n.get("room", "").first == StoreResult::invalid);
    CHECK(n.remove("room", "", Store::any_version) == StoreResult::invalid);
    std::optional<StoreResult> listed;
    n.store().list("", std::nullopt, [&](StoreResult r, std::vector<StoreRecord>) { listed = r; });
    n.settle();
    CHECK(listed == StoreResult::invalid);

    CHECK(n.list("room").empty());
    CHECK(n.changes.empty());
    if (TestType::kind == Backend::redis) {
        CHECK(redis_integer(n, {"EXISTS", n.seams.node->prefix() + "{s}:k:room"}) == 0);
    }
}

TEMPLATE_TEST_CASE("store: a record with a TTL is gone from get and list once it expires",
                   "[contract][store]", MemoryBackend, RedisBackend) {
    StoreNode n(TestType::kind, unique_prefix());
    // Memory runs on the manual clock; Redis expires keys on its own clock, so a short TTL.
    const auto ttl = TestType::kind == Backend::memory ? std::chrono::milliseconds(7 * 86400'000)
                                                       : std::chrono::milliseconds(1500);
    REQUIRE(n.put(rec("report", "r1", "org1", R"({"why":"x"})", ttl), 0).first == StoreResult::ok);
    REQUIRE(n.put(rec("report", "r2", "org1", "{}"), 0).first == StoreResult::ok);  // durable
    auto live = n.get("report", "r1").second;
    CHECK(live.ttl > 0ms);
    CHECK(live.ttl <= ttl);
    CHECK(n.get("report", "r2").second.ttl == 0ms);
    CHECK(ids(n.list("report", "org1")) == std::vector<std::string>{"r1", "r2"});

    if (TestType::kind == Backend::memory) {
        n.clock.advance(ttl - 1ms);
        CHECK(n.get("report", "r1").first == StoreResult::ok);
        CHECK(n.get("report", "r1").second.ttl == 1ms);
        n.clock.advance(1ms);
        CHECK(n.get("report", "r1").first == StoreResult::not_found);
    } else {
        const auto deadline = std::chrono::steady_clock::now() + 5s;
        while (n.get("report", "r1").first == StoreResult::ok &&
               std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(20ms);
        }
        CHECK(n.get("report", "r1").first == StoreResult::not_found);
    }
    // A write prunes the indexes it touches (nobody has listed since r1 expired).
    REQUIRE(n.put(rec("report", "r3", "org1", "{}"), 0).first == StoreResult::ok);
    if (TestType::kind == Backend::redis) {
        const std::string p = n.seams.node->prefix();
        CHECK(redis_integer(n, {"ZCARD", p + "{s}:k:report"}) == 2);
        CHECK(redis_integer(n, {"ZCARD", p + "{s}:o:report:org1"}) == 2);
    }
    CHECK(ids(n.list("report")) == std::vector<std::string>{"r2", "r3"});
    CHECK(ids(n.list("report", "org1")) == std::vector<std::string>{"r2", "r3"});
    // Once gone, the id is free again.
    CHECK(n.put(rec("report", "r1", "org1", "{}"), 0).first == StoreResult::ok);
}

TEMPLATE_TEST_CASE("store: rewriting a record can give it, or take away, an expiry",
                   "[contract][store]", MemoryBackend, RedisBackend) {
    StoreNode n(TestType::kind, unique_prefix());
    n.put(rec("audit", "a1", "", "{}", 3600s), 0);
    CHECK(n.get("audit", "a1").second.ttl > 0ms);
    n.put(rec("audit", "a1", "", "{}"), 1);
    CHECK(n.get("audit", "a1").second.ttl == 0ms);
    n.put(rec("audit", "a1", "", "{}", 60s), 2);
    auto r = n.get("audit", "a1").second;
    CHECK(r.ttl > 0ms);
    CHECK(r.ttl <= 60s);
    // Passing the record back as read keeps its remaining time.
    n.put(r, 3);
    auto kept = n.get("audit", "a1").second;
    CHECK(kept.ttl > 0ms);
    CHECK(kept.ttl <= r.ttl);
}
