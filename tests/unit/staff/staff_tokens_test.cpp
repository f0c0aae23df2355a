// Staff tokens on the memory Store with a manual clock: only the SHA-256 is stored, a token
// lives 12 h past its last use and 7 days at most, and revocation removes one or all.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "server/clock.hpp"
#include "server/staff/staff_tokens.hpp"
#include "server/store/memory_store.hpp"

using namespace ibasho;
using namespace ibasho::staff;
using namespace std::chrono_literals;

namespace {

struct Fixture {
    ManualClock clock;
    MemoryStore store{clock};
    StaffTokens tokens{store, clock};

    std::string issue(const std::string& staff) {
        std::string out;
        tokens.issue(staff, [&](StoreResult r, std::string t, std::int64_t expires) {
            REQUIRE(r == StoreResult::ok);
            CHECK(expires == clock.unix_ms() + token_idle.count());
            out = std::move(t);
        });
        REQUIRE(looks_like_staff_token(out));
        return out;
    }
    StoreResult check(const std::string& token, TokenInfo* info = nullptr) {
        StoreResult out = StoreResult::invalid;
        tokens.check(token, [&](StoreResult r, TokenInfo i) {
            out = r;
            if (info)
                *info = i;
        });
        return out;
    }
    std::vector<StoreRecord> records() {
        std::vector<StoreRecord> out;
        store.list("staff_token", std::nullopt,
                   [&](StoreResult, std::vector<StoreRecord> rs) { out = std::move(rs); });
        return out;
    }
};

}  // namespace

TEST_CASE("staff tokens: 43 characters, stored only as their SHA-256", "[staff][tokens]") {
    Fixture f;
    const std::string t = f.issue("st_a");
    CHECK(t.size() == 43);
    const auto rs = f.records();
    REQUIRE(rs.size() == 1);
    CHECK(rs[0].id == token_id(t));
    CHECK(rs[0].id.size() == 64);
    CHECK(rs[0].owner == "st_a");
    CHECK(rs[0].body.find(t) == std::string::npos);
    const auto body = nlohmann::json::parse(rs[0].body);
    CHECK(body["staff"] == "st_a");
    CHECK(body["created_ms"] == f.clock.unix_ms());
    CHECK(body["seen_ms"] == f.clock.unix_ms());
    CHECK(rs[0].ttl == token_idle);

    TokenInfo info;
    CHECK(f.check(t, &info) == StoreResult::ok);
    CHECK(info.staff == "st_a");
    CHECK(f.check("x") == StoreResult::not_found);
    CHECK(f.check(std::string(43, 'A')) == StoreResult::not_found);
    CHECK(f.issue("st_a") != t);
}

TEST_CASE("staff tokens: 12 hours unused and it is gone", "[staff][tokens]") {
    Fixture f;
    const std::string t = f.issue("st_a");
    f.clock.advance(12h - 1s);
    CHECK(f.check(t) == StoreResult::ok);  // used: another 12 h from now
    f.clock.advance(12h - 1s);
    CHECK(f.check(t) == StoreResult::ok);
    f.clock.advance(12h + 1s);
    CHECK(f.check(t) == StoreResult::not_found);
}

TEST_CASE("staff tokens: 7 days after issue it is gone, however often used", "[staff][tokens]") {
    Fixture f;
    const std::string t = f.issue("st_a");
    for (int i = 0; i < 15; ++i) {  // 15 x 11 h = 6 d 21 h
        f.clock.advance(11h);
        INFO("after " << (i + 1) * 11 << " h");
        REQUIRE(f.check(t) == StoreResult::ok);
    }
    // The idle expiry is cut to what is left of the 7 days (3 h here), not 12 h.
    const auto rs = f.records();
    REQUIRE(rs.size() == 1);
    CHECK(rs[0].ttl <= 3h);
    f.clock.advance(3h + 1s);
    CHECK(f.check(t) == StoreResult::not_found);
    CHECK(token_ttl(0, token_absolute.count()) <= 0ms);
    CHECK(token_ttl(0, 0) == token_idle);
}

TEST_CASE("staff tokens: revoke one, or all of one staff member", "[staff][tokens]") {
    Fixture f;
    const std::string a1 = f.issue("st_a");
    const std::string a2 = f.issue("st_a");
    const std::string a3 = f.issue("st_a");
    const std::string b1 = f.issue("st_b");
    StoreResult r = StoreResult::invalid;
    f.tokens.revoke(a1, [&](StoreResult x) { r = x; });
    CHECK(r == StoreResult::ok);
    CHECK(f.check(a1) == StoreResult::not_found);
    CHECK(f.check(a2) == StoreResult::ok);

    f.tokens.revoke_all(
        "st_a", [&](StoreResult x) { r = x; }, token_id(a3));
    CHECK(r == StoreResult::ok);
    CHECK(f.check(a2) == StoreResult::not_found);
    CHECK(f.check(a3) == StoreResult::ok);  // the one kept
    f.tokens.revoke_all("st_a", [&](StoreResult x) { r = x; });
    CHECK(f.check(a3) == StoreResult::not_found);
    CHECK(f.check(b1) == StoreResult::ok);  // another member's token is untouched
}
