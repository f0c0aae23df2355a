// Staff accounts on the memory Store: display names, names that fold to the same one are one
// name, read-modify-write, and deactivation removing every token and telling every node.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <mutex>

#include "server/clock.hpp"
#include "server/control/memory_control.hpp"
#include "server/staff/display_name.hpp"
#include "server/staff/staff_accounts.hpp"
#include "server/store/memory_store.hpp"

using namespace ibasho;
using namespace ibasho::staff;

namespace {

struct Fixture {
    ManualClock clock;
    MemoryStore store{clock};
    MemoryControl control{std::make_shared<MemoryControlBus>(), clock, "node-a"};
    StaffTokens tokens{store, clock};
    StaffAccounts accounts{store, clock, tokens, &control};
    std::mutex mutex;
    std::vector<std::string> revoked;  // args of staff_revoked commands seen

    Fixture() {
        control.on(std::string(staff_revoked_action), [this](const ControlCommand& c) {
            std::lock_guard lock(mutex);
            revoked.push_back(c.args);
        });
    }

    std::pair<AccountResult, Account> create(std::string name, std::string role = "supporter") {
        std::pair<AccountResult, Account> out{AccountResult::unavailable, {}};
        accounts.create(NewAccount{std::move(name), std::move(role), {"room-a"}, "$hash", true},
                        [&](AccountResult r, Account a) {
                            out = {r, std::move(a)};
                        });
        return out;
    }
    std::pair<AccountResult, Account> find(std::string_view name) {
        std::pair<AccountResult, Account> out{AccountResult::unavailable, {}};
        accounts.find_by_name(name, [&](AccountResult r, Account a) { out = {r, std::move(a)}; });
        return out;
    }
};

}  // namespace

TEST_CASE("display names: NFKC, trimmed, 1-32 characters, no controls", "[staff][accounts]") {
    CHECK(normalize_display_name("  Aiko   Sato ") == std::string("Aiko Sato"));
    CHECK(normalize_display_name("ＡＩＫＯ") == std::string("AIKO"));
    CHECK(normalize_display_name("さくら") == std::string("さくら"));
    CHECK(normalize_display_name(std::string(32, 'a')));
    CHECK_FALSE(normalize_display_name(std::string(33, 'a')));
    CHECK_FALSE(normalize_display_name(""));
    CHECK_FALSE(normalize_display_name("   "));
    CHECK_FALSE(normalize_display_name("Ai\x01ko"));
    CHECK_FALSE(normalize_display_name("Ai\u202Eko"));  // a bidi override
    CHECK_FALSE(normalize_display_name("Ai\u200Bko"));  // a zero-width space
    CHECK_FALSE(normalize_display_name("\xff"));
    CHECK(display_name_hash("Aiko") == display_name_hash("ａｉｋｏ"));
    CHECK(display_name_hash("Aiko") == display_name_hash("AIKO"));
    CHECK(display_name_hash("Aiko") != display_name_hash("Aika"));
    CHECK(display_name_hash("Aiko").size() == 32);
}

TEST_CASE("accounts: create writes the account and claims its name", "[staff][accounts]") {
    Fixture f;
    const auto [r, a] = f.create("  Aiko ");
    REQUIRE(r == AccountResult::ok);
    CHECK(a.id.rfind("st_", 0) == 0);
    CHECK(a.id.size() == 19);
    CHECK(a.name == "Aiko");
    CHECK(a.must_change);
    CHECK(a.active);
    StoreRecord rec;
    f.store.get("staff", a.id, [&](StoreResult, StoreRecord x) { rec = x; });
    CHECK(rec.owner == "main");
    const auto body = nlohmann::json::parse(rec.body);
    CHECK(body["name"] == "Aiko");
    CHECK(body["role"] == "supporter");
    CHECK(body["rooms"] == nlohmann::json::array({"room-a"}));
    CHECK(body["password"] == "$hash");
    CHECK(body["must_change"] == true);
    CHECK(body["active"] == true);
    CHECK(body["created_ms"] == f.clock.unix_ms());
    StoreRecord name;
    f.store.get("staff_name", "n_" + display_name_hash("Aiko"),
                [&](StoreResult, StoreRecord x) { name = x; });
    CHECK(nlohmann::json::parse(name.body)["staff"] == a.id);
}

TEST_CASE("accounts: two names that fold to the same one cannot both exist", "[staff][accounts]") {
    Fixture f;
    REQUIRE(f.create("Aiko").first == AccountResult::ok);
    CHECK(f.create("ＡＩＫＯ").first == AccountResult::name_taken);
    CHECK(f.create(" aiko ").first == AccountResult::name_taken);
    CHECK(f.create("Aiko", "organiser").first == AccountResult::name_taken);
    CHECK(f.create("").first == AccountResult::bad_name);
    CHECK(f.create("Aiko2").first == AccountResult::ok);
    std::vector<Account> all;
    f.accounts.list("main", [&](AccountResult, std::vector<Account> a) { all = std::move(a); });
    CHECK(all.size() == 2);

    CHECK(f.find("aiko").first == AccountResult::ok);
    CHECK(f.find("ａｉｋｏ").second.name == "Aiko");
    CHECK(f.find("nobody").first == AccountResult::not_found);
    CHECK(f.find("").first == AccountResult::not_found);
}

TEST_CASE("accounts: password, rooms and TOTP by compare-and-set", "[staff][accounts]") {
    Fixture f;
    const Account a = f.create("Aiko").second;
    Account now;
    f.accounts.change_password(a.id, "$new", [&](AccountResult r, Account x) {
        REQUIRE(r == AccountResult::ok);
        now = x;
    });
    CHECK(now.password == "$new");
    CHECK_FALSE(now.must_change);
    CHECK(now.version == a.version + 1);
    f.accounts.set_rooms(a.id, {"x", "y"}, [&](AccountResult, Account x) { now = x; });
    CHECK(now.rooms == std::vector<std::string>{"x", "y"});
    f.accounts.set_totp(a.id, TotpState{"JBSWY3DPEHPK3PXP", true},
                        [&](AccountResult, Account x) { now = x; });
    CHECK(now.totp_enabled());
    CHECK(f.find("Aiko").second.totp->secret == "JBSWY3DPEHPK3PXP");
    AccountResult missing = AccountResult::ok;
    f.accounts.set_rooms("st_nobody", {}, [&](AccountResult r, Account) { missing = r; });
    CHECK(missing == AccountResult::not_found);
}

TEST_CASE("accounts: deactivation removes every token and sends staff_revoked",
          "[staff][accounts]") {
    Fixture f;
    const Account a = f.create("Aiko").second;
    const Account b = f.create("Ben").second;
    std::vector<std::string> ts;
    for (const auto* who : {&a, &a, &b}) {
        f.tokens.issue(who->id, [&](StoreResult, std::string t, std::int64_t) { ts.push_back(t); });
    }
    AccountResult r = AccountResult::unavailable;
    Account after;
    f.accounts.deactivate(a.id, [&](AccountResult x, Account acc) {
        r = x;
        after = acc;
    });
    REQUIRE(r == AccountResult::ok);
    CHECK_FALSE(after.active);
    CHECK_FALSE(f.find("Aiko").second.active);
    auto check = [&](const std::string& t) {
        StoreResult out = StoreResult::invalid;
        f.tokens.check(t, [&](StoreResult x, TokenInfo) { out = x; });
        return out;
    };
    CHECK(check(ts[0]) == StoreResult::not_found);
    CHECK(check(ts[1]) == StoreResult::not_found);
    CHECK(check(ts[2]) == StoreResult::ok);
    REQUIRE(f.revoked.size() == 1);
    CHECK(nlohmann::json::parse(f.revoked[0]) == nlohmann::json{{"staff", a.id}});
    // The name stays reserved: nobody else can take a deactivated member's name.
    CHECK(f.create("aiko").first == AccountResult::name_taken);
}
