#include <catch2/catch.hpp>

#include "server/clock.hpp"
#include "server/store/memory_store.hpp"
#include "server/store/split_store.hpp"
#include "server/store/store_roles.hpp"

using namespace ibasho;

namespace {

struct Split {
    ManualClock clock;
    std::shared_ptr<MemoryStoreBackend> durable_data = std::make_shared<MemoryStoreBackend>(clock);
    std::shared_ptr<MemoryStoreBackend> ephemeral_data =
        std::make_shared<MemoryStoreBackend>(clock);
    MemoryStore durable{durable_data};  // views of what each side holds
    MemoryStore ephemeral{ephemeral_data};
    SplitStore split{std::make_unique<MemoryStore>(durable_data),
                     std::make_unique<MemoryStore>(ephemeral_data)};
};

StoreResult put(Store& s, const std::string& kind, const std::string& id) {
    StoreResult out = StoreResult::unavailable;
    s.put(StoreRecord{kind, id, "", 0, "{}", {}}, 0,
          [&](StoreResult r, std::uint64_t) { out = r; });
    return out;
}

StoreResult get(Store& s, const std::string& kind, const std::string& id) {
    StoreResult out = StoreResult::unavailable;
    s.get(kind, id, [&](StoreResult r, StoreRecord) { out = r; });
    return out;
}

}  // namespace

TEST_CASE("message text and the address key are kinds of the ephemeral Redis", "[store]") {
    for (const char* k : {"hidden", "report", "ask", "held", "address_key", "login_fail"})
        CHECK(store_roles::is_ephemeral(k));
    for (const char* k : {"room", "org", "staff", "staff_token", "event", "audit", "help_entry",
                          "ban", "standing", "room_live", "reasons"})
        CHECK_FALSE(store_roles::is_ephemeral(k));
}

TEST_CASE("a split store sends each kind to its side and nowhere else", "[store]") {
    Split s;
    REQUIRE(put(s.split, "report", "r1") == StoreResult::ok);
    REQUIRE(put(s.split, "room", "lobby") == StoreResult::ok);
    CHECK(get(s.ephemeral, "report", "r1") == StoreResult::ok);
    CHECK(get(s.durable, "report", "r1") == StoreResult::not_found);
    CHECK(get(s.durable, "room", "lobby") == StoreResult::ok);
    CHECK(get(s.ephemeral, "room", "lobby") == StoreResult::not_found);
    CHECK(get(s.split, "report", "r1") == StoreResult::ok);
    CHECK(get(s.split, "room", "lobby") == StoreResult::ok);

    std::size_t listed = 0;
    s.split.list("report", std::nullopt,
                 [&](StoreResult, std::vector<StoreRecord> v) { listed = v.size(); });
    CHECK(listed == 1);

    StoreResult removed = StoreResult::unavailable;
    s.split.remove("report", "r1", Store::any_version, [&](StoreResult r) { removed = r; });
    CHECK(removed == StoreResult::ok);
    CHECK(get(s.ephemeral, "report", "r1") == StoreResult::not_found);
    CHECK(get(s.durable, "room", "lobby") == StoreResult::ok);
}

TEST_CASE("a split store's watchers hear both sides, each change once", "[store]") {
    Split s;
    std::vector<std::string> heard;
    s.split.watch([&](const StoreChange& c) { heard.push_back(c.kind + ":" + c.id); });
    put(s.split, "ask", "a1");
    put(s.split, "event", "e1");
    put(s.durable, "org", "o1");  // another node's write
    CHECK(heard == std::vector<std::string>{"ask:a1", "event:e1", "org:o1"});
}
