// Every Redis key without a TTL must be on the durable-key allow-list: a realistic mix of chat
// traffic (sessions, presence, broker publish and history) and Store writes, then a SCAN of
// everything under the prefix.
#include <catch2/catch.hpp>

#include <hiredis/hiredis.h>

#include <map>

#include "chat_harness.hpp"
#include "server/store/durable_keys.hpp"

using namespace ibasho;
using namespace ibasho::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// SCANs every key under the node's prefix and asks each one's TTL (-1: none).
std::map<std::string, long long> keys_and_ttls(ChatNode& node) {
    auto& n = *node.seams.node;
    std::vector<std::string> keys;
    std::string cursor = "0";
    bool failed = false;
    do {
        bool answered = false;
        const std::string pattern = n.prefix() + "*";
        n.post([&] {
            n.commands().command(
                {"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"}, [&](const redisReply* r) {
                    answered = true;
                    if (redis::array_size(r) != 2) {
                        failed = true;
                        return;
                    }
                    cursor = std::string(redis::as_string(redis::array_at(r, 0)));
                    const auto* batch = redis::array_at(r, 1);
                    for (std::size_t i = 0; i < redis::array_size(batch); ++i)
                        keys.emplace_back(redis::as_string(redis::array_at(batch, i)));
                });
        });
        node.settle();
        REQUIRE(answered);
        REQUIRE_FALSE(failed);
    } while (cursor != "0");

    std::map<std::string, long long> out;
    n.post([&] {
        for (const auto& k : keys) {
            n.commands().command({"PTTL", k}, [&out, k](const redisReply* r) {
                out[k] = redis::as_integer(r, -100);
            });
        }
    });
    node.settle();
    REQUIRE(out.size() == keys.size());
    return out;
}

StoreResult put(ChatNode& node, StoreRecord r, std::uint64_t expected) {
    std::optional<StoreResult> out;
    node.seams.store->put(std::move(r), expected,
                          [&](StoreResult res, std::uint64_t) { out = res; });
    node.settle();
    REQUIRE(out.has_value());
    return *out;
}

}  // namespace

TEST_CASE("durable keys: the allow-list names the Store's families only", "[durable_keys]") {
    CHECK(durable_keys::may_live_without_ttl("ib:", "ib:{s}:r:room:open"));
    CHECK(durable_keys::may_live_without_ttl("ib:", "ib:{s}:k:room"));
    CHECK(durable_keys::may_live_without_ttl("ib:", "ib:{s}:o:room:org1"));
    CHECK_FALSE(durable_keys::may_live_without_ttl("ib:", "ib:{s}:r:"));  // a family, not a key
    CHECK_FALSE(durable_keys::may_live_without_ttl("ib:", "ib:{open}:seq"));
    CHECK_FALSE(durable_keys::may_live_without_ttl("ib:", "ib:{open}:h"));
    CHECK_FALSE(durable_keys::may_live_without_ttl("ib:", "other:{s}:r:room:open"));
    CHECK_FALSE(durable_keys::may_live_without_ttl("ib:", "{s}:r:room:open"));
}

TEST_CASE("durable keys: after chat traffic and Store writes, every key without a TTL is allowed",
          "[contract][redis][durable_keys]") {
    ChatNode node(test_rooms_json(), Backend::redis);
    // One member is still in a room when the keys are scanned, so presence keys are seen too.
    Client stays(node);
    stays.hello();
    REQUIRE(stays.join("pair", "S")["type"] == "joined");
    {
        Client a(node), b(node), c(node);
        const std::string token = a.hello();
        b.hello();
        c.hello();
        a.join("open", "A");
        b.join("open", "B", {{"listening", true}});
        c.join("short", "C");
        for (int i = 0; i < 5; ++i) {
            a.send(json{{"type", "say"},
                        {"room", "open"},
                        {"text", "hi " + std::to_string(i)},
                        {"id", "a" + std::to_string(i)}});
            c.send(json{{"type", "say"},
                        {"room", "short"},
                        {"text", "x"},
                        {"id", "c" + std::to_string(i)}});
        }
        b.send(json{{"type", "leave"}, {"room", "open"}});
        // A client that drops and resumes with `since` reads history.
        a.disconnect();
        Client again(node);
        again.hello(token);
        const auto joined = again.join("open", "A", {{"since", 1}});
        CHECK(joined["type"] == "joined");
        CHECK(joined["seq"] == 5);
    }

    REQUIRE(put(node, StoreRecord{"help", "directory", "", 0, R"({"entries":[]})", 0ms}, 0) ==
            StoreResult::ok);
    REQUIRE(put(node, StoreRecord{"room", "r1", "org1", 0, "{}", 0ms}, 0) == StoreResult::ok);
    REQUIRE(put(node, StoreRecord{"room", "r1", "org2", 0, "{}", 0ms}, 1) == StoreResult::ok);
    REQUIRE(put(node, StoreRecord{"staff", "s1", "org1", 0, "{}", 0ms}, 0) == StoreResult::ok);
    REQUIRE(put(node, StoreRecord{"audit", "a1", "org1", 0, "{}", std::chrono::hours(24 * 90)},
                0) == StoreResult::ok);
    REQUIRE(put(node, StoreRecord{"report", "p1", "org1", 0, "{}", std::chrono::hours(24 * 7)},
                0) == StoreResult::ok);

    const auto keys = keys_and_ttls(node);
    const std::string& prefix = node.seams.node->prefix();
    std::size_t store_keys = 0;
    std::size_t other_keys = 0;
    for (const auto& [key, ttl] : keys) {
        INFO("key " << key << " pttl " << ttl);
        CHECK(ttl != -2);  // gone between SCAN and PTTL: nothing here should expire so fast
        if (ttl == -1) {
            CHECK(durable_keys::may_live_without_ttl(prefix, key));
        }
        if (durable_keys::may_live_without_ttl(prefix, key))
            ++store_keys;
        else
            ++other_keys;
    }
    // The scan really saw both worlds: chat keys (history, seq, presence, sessions) and the
    // Store's records and indexes.
    CHECK(other_keys >= 5);
    CHECK(keys.contains(prefix + "{open}:h"));
    CHECK(store_keys >= 10);
    // The expiring records carry their TTL on the key.
    auto audit = keys.find(prefix + "{s}:r:audit:a1");
    REQUIRE(audit != keys.end());
    CHECK(audit->second > 0);
    auto durable = keys.find(prefix + "{s}:r:help:directory");
    REQUIRE(durable != keys.end());
    CHECK(durable->second == -1);
}
