// The address hash: 128 bits of HMAC-SHA256 in hex, the same on every node sharing the Store,
// and a different key (so different hashes) once the day-old key is replaced.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

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
