// Failed logins: 5 per account or 20 per address in 15 minutes, then a wait until the count
// expires; a success clears the account's count (not the address's).
#include <catch2/catch.hpp>

#include "server/clock.hpp"
#include "server/staff/login_throttle.hpp"
#include "server/store/memory_store.hpp"

using namespace ibasho;
using namespace ibasho::staff;
using namespace std::chrono_literals;

namespace {

struct Fixture {
    ManualClock clock;
    MemoryStore store{clock};
    LoginThrottle throttle{store};

    std::optional<std::chrono::seconds> check(const std::string& name, const std::string& addr) {
        std::optional<std::chrono::seconds> wait;
        StoreResult r = StoreResult::invalid;
        throttle.check(name, addr, [&](StoreResult x, std::optional<std::chrono::seconds> w) {
            r = x;
            wait = w;
        });
        REQUIRE(r == StoreResult::ok);
        return wait;
    }
    void fail(const std::string& name, const std::string& addr, int times = 1) {
        for (int i = 0; i < times; ++i)
            throttle.failed(name, addr, nullptr);
    }
};

}  // namespace

TEST_CASE("login throttle: the 6th attempt at one account waits", "[staff][throttle]") {
    Fixture f;
    f.fail("aiko", "addr1", 4);
    CHECK_FALSE(f.check("aiko", "addr1"));
    f.fail("aiko", "addr1");
    const auto wait = f.check("aiko", "addr2");  // from anywhere
    REQUIRE(wait);
    CHECK(*wait <= 15min);
    CHECK(*wait >= 14min);
    CHECK_FALSE(f.check("ben", "addr3"));  // other accounts are not held up
    StoreRecord rec;
    f.store.get("login_fail", "a_aiko", [&](StoreResult, StoreRecord x) { rec = x; });
    CHECK(rec.body == R"({"n":5})");

    // The window runs from the first failure, not the last.
    f.clock.advance(10min);
    f.fail("aiko", "addr1");
    CHECK(*f.check("aiko", "addr1") <= 5min);
    f.clock.advance(5min + 1s);
    CHECK_FALSE(f.check("aiko", "addr1"));
}

TEST_CASE("login throttle: a success clears the account, not the address", "[staff][throttle]") {
    Fixture f;
    f.fail("aiko", "addr1", 5);
    REQUIRE(f.check("aiko", "addr9"));
    f.throttle.succeeded("aiko", nullptr);
    CHECK_FALSE(f.check("aiko", "addr9"));
    f.fail("ben", "addr1", 14);  // 19 from addr1 now
    CHECK_FALSE(f.check("carl", "addr1"));
    f.fail("carl", "addr1");  // the 20th
    const auto wait = f.check("dan", "addr1");
    REQUIRE(wait);
    CHECK(*wait <= 15min);
    CHECK_FALSE(f.check("dan", "addr2"));
    CHECK_FALSE(f.check("dan", ""));  // no address known: only the account counts
}
