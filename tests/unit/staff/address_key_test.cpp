// The address hash: 128 bits of HMAC-SHA256 in hex, the same on every node sharing the Store,
// and a different key (so different hashes) once the day-old key is replaced.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "server/abuse/address_limits.hpp"
#include "server/chat/standing_store.hpp"
#include "server/clock.hpp"
#include "server/staff/address_key.hpp"
#include "server/store/memory_store.hpp"

using namespace ibasho;
using namespace ibasho::staff;
using namespace std::chrono_literals;

TEST_CASE("address keys: nodes agree, addresses differ, the address is not kept",
          "[staff][address]") {
    ManualClock clock;
    auto backend = std::make_shared<MemoryStoreBackend>(clock);
    MemoryStore store_a(backend), store_b(backend);
    AddressKeys a(store_a, clock), b(store_b, clock);
    CHECK(a.hash("192.0.2.7") != b.hash("192.0.2.7"));  // each on its own placeholder key
    a.start();
    b.start();
    CHECK(a.since_ms() == clock.unix_ms());
    const std::string h = a.hash("192.0.2.7");
    CHECK(h.size() == 32);
    CHECK(h.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(b.hash("192.0.2.7") == h);
    CHECK(a.hash("192.0.2.8") != h);

    StoreRecord rec;
    store_a.get("address_key", "current", [&](StoreResult r, StoreRecord x) {
        REQUIRE(r == StoreResult::ok);
        rec = x;
    });
    CHECK(rec.ttl == address_key_ttl);
    CHECK(rec.owner.empty());
    CHECK(rec.body.find("192.0.2") == std::string::npos);
    const auto body = nlohmann::json::parse(rec.body);
    CHECK(body["key"].get<std::string>().size() == 64);
    CHECK(body["since_ms"] == clock.unix_ms());
}

TEST_CASE("address keys: rotated daily, and every node follows", "[staff][address]") {
    ManualClock clock;
    auto backend = std::make_shared<MemoryStoreBackend>(clock);
    MemoryStore store_a(backend), store_b(backend);
    AddressKeys a(store_a, clock), b(store_b, clock);
    a.start();
    b.start();
    const std::string before = a.hash("192.0.2.7");
    clock.advance(address_key_refresh);
    a.refresh();
    CHECK(a.hash("192.0.2.7") == before);  // within the day: the same key

    clock.advance(address_key_ttl);
    a.refresh();  // the day-old key has expired: a new one is made
    const std::string after = a.hash("192.0.2.7");
    CHECK(after != before);
    // The other node hears of the change and rereads without waiting for its timer.
    CHECK(b.hash("192.0.2.7") == after);
}

TEST_CASE("address keys: after rotation nothing links back", "[staff][address][abuse]") {
    ManualClock clock;
    auto backend = std::make_shared<MemoryStoreBackend>(clock);
    MemoryStore store(backend);
    AddressKeys keys(store, clock);
    keys.start();
    auto stored_keys = [&] {
        std::vector<std::string> out;
        store.list("address_key", std::nullopt, [&](StoreResult r, std::vector<StoreRecord> recs) {
            REQUIRE(r == StoreResult::ok);
            for (const auto& rec : recs)
                out.push_back(nlohmann::json::parse(rec.body)["key"].get<std::string>());
        });
        return out;
    };
    const auto first = stored_keys();
    REQUIRE(first.size() == 1);
    const std::string before = keys.hash("192.0.2.7");
    CHECK(keys.expires_ms() == clock.unix_ms() + address_key_ttl.count());

    // A ban by address hash made late in the key's day ends with the key, not with the ban.
    clock.advance(std::chrono::hours(23));
    chat::put_ban(store, clock, "", before, clock.unix_ms() + 7 * 24 * 3600 * 1000LL, "banned",
                  keys.expires_ms());
    auto ban_left = [&] {
        StoreResult res = StoreResult::invalid;
        store.get("ban", "h_" + before, [&](StoreResult r, StoreRecord) { res = r; });
        return res;
    };
    CHECK(ban_left() == StoreResult::ok);
    // Counts keyed by the hash live two windows (seconds), far less than the key.
    abuse::MemoryAddressCounter counts(clock);
    abuse::AddressLimits limits(counts, clock, {5, 5});
    limits.admit_connection(before, [](bool) {});
    CHECK(counts.size() == 1);

    clock.advance(std::chrono::hours(1));  // the key's day is over
    keys.refresh();
    CHECK(ban_left() == StoreResult::not_found);
    CHECK(counts.size() == 0);
    const std::string after = keys.hash("192.0.2.7");
    CHECK(after != before);
    // One key in the Store, the new one: the old is not kept beside it.
    const auto now_stored = stored_keys();
    REQUIRE(now_stored.size() == 1);
    CHECK(now_stored[0] != first[0]);
    CHECK(keys.expires_ms() == clock.unix_ms() + address_key_ttl.count());
    // And the new day's hash is not the old one for any of a few addresses.
    for (const char* a : {"192.0.2.8", "2001:db8::1", "198.51.100.5"}) {
        CHECK(keys.hash(a) != before);
    }
}
