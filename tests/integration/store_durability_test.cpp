// Store records survive Redis dying: written through RedisStore to a redis-server with AOF and
// an fsync per write, SIGKILLed, restarted on the same folder and port, read back unchanged.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <optional>

#include "chat_harness.hpp"
#include "tests/integration/support/controlled_redis.hpp"

using namespace ibasho;
using namespace std::chrono_literals;

namespace {

// One node: a shard loop run by hand, its Redis link and its store.
struct StoreNode {
    StoreNode(std::uint16_t port, const std::string& prefix)
        : node(shards.at(0).io(), RedisAddress{"127.0.0.1", port, 0}, prefix), store(node) {
        store.watch([this](const StoreChange& c) { changes.push_back(c); });
        node.start();
        REQUIRE(until([&] { return node.up(); }));
    }
    ~StoreNode() {
        node.commands().stop();
        node.subscriber().stop();
    }
    void settle() { test::settle(shards, &node); }
    // Runs the loop until `pred` holds; false after 15 s (reconnects back off up to 3 s).
    bool until(const std::function<bool()>& pred) {
        const auto deadline = std::chrono::steady_clock::now() + 15s;
        while (!pred()) {
            if (std::chrono::steady_clock::now() > deadline)
                return false;
            settle();
        }
        return true;
    }
    std::pair<StoreResult, std::uint64_t> put(StoreRecord r, std::uint64_t expected) {
        std::optional<std::pair<StoreResult, std::uint64_t>> out;
        store.put(std::move(r), expected,
                  [&](StoreResult res, std::uint64_t v) { out = std::make_pair(res, v); });
        REQUIRE(until([&] { return out.has_value(); }));
        return *out;
    }
    // Asks until Redis answers (it may still be coming back): ok or not_found.
    std::pair<StoreResult, StoreRecord> get(const std::string& kind, const std::string& id) {
        std::optional<std::pair<StoreResult, StoreRecord>> out;
        REQUIRE(until([&] {
            std::optional<std::pair<StoreResult, StoreRecord>> once;
            store.get(kind, id, [&](StoreResult r, StoreRecord rec) { once.emplace(r, rec); });
            settle();
            if (once && once->first != StoreResult::unavailable)
                out = once;
            return out.has_value();
        }));
        return *out;
    }
    std::vector<StoreRecord> list(const std::string& kind) {
        std::optional<std::vector<StoreRecord>> out;
        REQUIRE(until([&] {
            store.list(kind, std::nullopt, [&](StoreResult r, std::vector<StoreRecord> rs) {
                if (r == StoreResult::ok)
                    out = std::move(rs);
            });
            settle();
            return out.has_value();
        }));
        return *out;
    }

    Shards shards{1};
    redis::Node node;
    RedisStore store;
    std::vector<StoreChange> changes;
};

StoreRecord rec(std::string kind, std::string id, std::string owner, std::string body,
                std::chrono::milliseconds ttl = 0ms) {
    return StoreRecord{std::move(kind), std::move(id), std::move(owner), 0, std::move(body), ttl};
}

}  // namespace

TEST_CASE("store: records and versions survive a SIGKILL of Redis with AOF",
          "[integration][store][redis]") {
    itest::ControlledRedis redis;
    const std::string prefix = "dur:";
    StoreNode n(redis.port(), prefix);

    REQUIRE(n.put(rec("org", "o1", "", R"({"name":"ひきこもり家族会"})"), 0).second == 1);
    REQUIRE(n.put(rec("room", "r1", "o1", R"({"v":1})"), 0).second == 1);
    REQUIRE(n.put(rec("room", "r1", "o1", R"({"v":2})"), 1).second == 2);
    REQUIRE(n.put(rec("room", "r1", "o1", R"({"v":3})"), 2).second == 3);
    REQUIRE(n.put(rec("room", "r2", "o1", "{}"), 0).second == 1);
    REQUIRE(n.put(rec("audit", "a1", "o1", "{}", std::chrono::hours(24 * 90)), 0).second == 1);
    std::optional<StoreResult> removed;
    n.store.remove("room", "r2", 1, [&](StoreResult r) { removed = r; });
    REQUIRE(n.until([&] { return removed.has_value(); }));
    REQUIRE(*removed == StoreResult::ok);

    // Every write above was acknowledged, so with appendfsync always it is on disk.
    redis.kill();
    redis.start();

    auto org = n.get("org", "o1");
    REQUIRE(org.first == StoreResult::ok);
    CHECK(org.second.version == 1);
    CHECK(org.second.body == R"({"name":"ひきこもり家族会"})");
    auto room = n.get("room", "r1");
    REQUIRE(room.first == StoreResult::ok);
    CHECK(room.second.version == 3);
    CHECK(room.second.body == R"({"v":3})");
    CHECK(room.second.owner == "o1");
    CHECK(n.get("room", "r2").first == StoreResult::not_found);
    auto audit = n.get("audit", "a1");
    REQUIRE(audit.first == StoreResult::ok);
    CHECK(audit.second.ttl > std::chrono::hours(24 * 89));

    // The node's subscriber came back too, and said it may have missed changes.
    CHECK(n.until([&] {
        for (const auto& c : n.changes)
            if (c.resync)
                return true;
        return false;
    }));

    // A node started after the restart sees the same records and indexes, and CAS continues
    // from the stored versions.
    StoreNode fresh(redis.port(), prefix);
    auto rooms = fresh.list("room");
    REQUIRE(rooms.size() == 1);
    CHECK(rooms[0].id == "r1");
    CHECK(rooms[0].version == 3);
    CHECK(fresh.put(rec("room", "r1", "o1", R"({"v":4})"), 2).first == StoreResult::conflict);
    CHECK(fresh.put(rec("room", "r1", "o1", R"({"v":4})"), 3).second == 4);
}
