#include <catch2/catch.hpp>

#include "chat_harness.hpp"
#include "server/staff/audit_log.hpp"
#include "server/staff/digest.hpp"
#include "staff_fixture.hpp"

// Staff sign-in on the WebSocket: a hello with a staff token raises the session's role; a bad,
// expired or deactivated token is said plainly and the session stays a participant. The same
// cases against the memory Store and Redis.

using namespace ibasho;
using namespace ibasho::test;
using nlohmann::json;

namespace {

json staff_hello(Client& c, const std::string& token) {
    c.send(json{{"type", "hello"}, {"v", 1}, {"staff", token}});
    return c.take_first("welcome");
}

}  // namespace

TEMPLATE_TEST_CASE("a staff token raises the session's role", "[chat][staff]", MemoryBackend,
                   RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    const StaffSpec hikari;
    put_staff(*node.seams.store, hikari);
    const std::string token = put_staff_token(*node.seams.store, hikari.id, node.clock.unix_ms());
    node.settle();

    Client c(node);
    const json welcome = staff_hello(c, token);
    REQUIRE_FALSE(welcome.is_null());
    CHECK(welcome["role"] == "supporter");
    CHECK(welcome["staff"]["name"] == "ひかり");
    CHECK(welcome["staff"]["rooms"] == json::array({"open"}));
    CHECK(c.take_first("error").is_null());

    Client p(node);
    p.send(json{{"type", "hello"}, {"v", 1}});
    const json plain = p.take_first("welcome");
    CHECK(plain["role"] == "participant");
    CHECK_FALSE(plain.contains("staff"));
}

TEMPLATE_TEST_CASE("a bad staff token leaves a participant, with a clear error", "[chat][staff]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    const StaffSpec hikari;
    StaffSpec gone;
    gone.id = "st_gone000000000001";
    gone.active = false;
    put_staff(*node.seams.store, gone);
    StaffSpec fresh;
    fresh.id = "st_fresh00000000001";
    fresh.must_change = true;
    put_staff(*node.seams.store, fresh);
    put_staff(*node.seams.store, hikari);
    const std::string inactive = put_staff_token(*node.seams.store, gone.id, node.clock.unix_ms());
    const std::string unchanged =
        put_staff_token(*node.seams.store, fresh.id, node.clock.unix_ms());
    // Issued eight days ago: past the 7-day absolute lifetime even though the record lives.
    const std::string old = put_staff_token(*node.seams.store, hikari.id,
                                            node.clock.unix_ms() - 8LL * 24 * 3600 * 1000);
    node.settle();

    for (const std::string& token : {std::string(43, 'A'), inactive, unchanged, old}) {
        Client c(node);
        c.send(json{{"type", "hello"}, {"v", 1}, {"staff", token}});
        const auto all = c.take();
        REQUIRE(all.size() == 2);
        CHECK(all[0]["type"] == "error");
        CHECK(all[0]["code"] == "staff_token_invalid");
        CHECK(all[1]["type"] == "welcome");
        CHECK(all[1]["role"] == "participant");
        CHECK_FALSE(all[1].contains("staff"));
    }

    Client malformed(node);
    malformed.send(json{{"type", "hello"}, {"v", 1}, {"staff", "short"}});
    CHECK(malformed.take_first("error")["code"] == "bad_staff_token");
    CHECK(malformed.take_first("welcome").is_null());
}

TEMPLATE_TEST_CASE("staff tokens: idle expiry moves with use, never past the absolute end",
                   "[chat][staff]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    const StaffSpec hikari;
    put_staff(*node.seams.store, hikari);
    const std::string token = put_staff_token(*node.seams.store, hikari.id, node.clock.unix_ms());
    node.settle();

    std::optional<staff::AuthResult> got;
    auto check = [&] {
        got.reset();
        node.staff_auth.authenticate(token, [&](staff::AuthResult r, auto) { got = r; });
        node.settle();
        REQUIRE(got);
        return *got;
    };
    node.clock.advance(std::chrono::hours(1));
    CHECK(check() == staff::AuthResult::ok);
    StoreRecord rec;
    node.seams.store->get("staff_token", staff::sha256_hex(token),
                          [&](StoreResult, StoreRecord r) { rec = std::move(r); });
    node.settle();
    // Refreshed: 12 h from the use, not from the issue (the Redis TTL is wall-clock, so only
    // "more than 11 h left" is asserted).
    CHECK(rec.ttl > std::chrono::hours(11));
    CHECK(json::parse(rec.body)["seen_ms"] == node.clock.unix_ms());

    // Used every 11 hours it stays alive up to the 7-day end, and not a moment past it
    // (memory: the refreshed expiry is clamped to the end; Redis: the absolute check).
    for (int i = 0; i < 15; ++i) {
        node.clock.advance(std::chrono::hours(11));
        CHECK(check() == staff::AuthResult::ok);
    }
    node.clock.advance(std::chrono::hours(3));
    const auto past_end = check();
    CHECK((past_end == staff::AuthResult::expired || past_end == staff::AuthResult::invalid));
    CHECK(check() == staff::AuthResult::invalid);  // and it is gone from the Store
}

TEMPLATE_TEST_CASE("LocalSessions finds members and seated staff, and forgets them on leave",
                   "[chat][staff]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    const StaffSpec hikari;
    put_staff(*node.seams.store, hikari);
    const std::string token = put_staff_token(*node.seams.store, hikari.id, node.clock.unix_ms());
    node.settle();

    Client s(node), p(node);
    s.send(json{{"type", "hello"}, {"v", 1}, {"staff", token}});
    REQUIRE(s.take_first("welcome")["role"] == "supporter");
    p.hello();
    const json joined = p.join("open", "ねこ");
    const std::string member = joined["member"].get<std::string>();
    CHECK_FALSE(node.local.staff_seated("open"));
    s.join("open", "ignored");
    // Memberships takes the seat as a participant until the staff join handler says
    // otherwise; what is checked here is the member lookup and the forgetting.
    int visits = 0;
    CHECK(node.local.for_member("open", member, [&](chat::ClientSession&) { ++visits; }) == 1);
    node.settle();
    CHECK(visits == 1);
    CHECK(node.local.for_staff_id(hikari.id, [&](chat::ClientSession& cs) {
        CHECK(cs.is_staff_of("open"));
        CHECK_FALSE(cs.is_staff_of("women"));
        ++visits;
    }) == 1);
    node.settle();
    CHECK(visits == 2);
    p.send(json{{"type", "leave"}, {"room", "open"}});
    node.settle();
    CHECK(node.local.for_member("open", member, [](chat::ClientSession&) {}) == 0);
    p.disconnect();
    s.disconnect();
    CHECK(node.local.size() == 0);
}

TEST_CASE("audit entries hold the minute, the names of things, and expire after 90 days",
          "[staff][audit]") {
    ManualClock clock(1'790'000'123'456);
    MemoryStore store(clock);
    staff::record_audit(store, clock, {"ひかり", "mute", "open", "Qm9vLWJhaA", "flood"});
    std::vector<StoreRecord> got;
    store.list("audit", std::string("main"),
               [&](StoreResult, std::vector<StoreRecord> r) { got = std::move(r); });
    REQUIRE(got.size() == 1);
    const json body = json::parse(got[0].body);
    CHECK(body == json{{"at", staff::audit_minute(1'790'000'123'456)},
                       {"staff", "ひかり"},
                       {"action", "mute"},
                       {"room", "open"},
                       {"member", "Qm9vLWJhaA"},
                       {"reason", "flood"}});
    CHECK(staff::audit_minute(1'790'000'123'456) == "2026-09-21T14:15Z");
    clock.advance(std::chrono::hours(24 * 90));
    got.clear();
    store.list("audit", std::nullopt,
               [&](StoreResult, std::vector<StoreRecord> r) { got = std::move(r); });
    CHECK(got.empty());
}

TEMPLATE_TEST_CASE("staff actions take reasons from the organisation's list", "[chat][staff]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client c(node);
    c.hello();
    c.join("open", "ねこ");
    c.send(
        json{{"type", "hide"}, {"room", "open"}, {"seq", 1}, {"reason", "made_up"}, {"id", "h1"}});
    auto err = c.take_first("error");
    CHECK(err["code"] == "bad_reason");
    CHECK(err["ref"] == "h1");
    // An organiser's own list replaces the shipped one on every node (a Store watch).
    StoreRecord rec;
    rec.kind = "reasons";
    rec.id = "default";
    rec.owner = "main";
    rec.body = R"({"reasons":[{"id":"made_up","ja":"作った","en":"Made up"}]})";
    node.seams.store->put(rec, Store::any_version, nullptr);
    node.settle();
    CHECK(node.reasons.listed("main", "made_up"));
    CHECK_FALSE(node.reasons.listed("main", "hurtful"));
    // Each organisation's list is its own: another's neither adds to main's nor replaces the
    // shipped one for an organisation that has none.
    rec.id = "org:kita";
    rec.owner = "kita";
    rec.body = R"({"reasons":[{"id":"kita_only","ja":"北","en":"North"}]})";
    node.seams.store->put(rec, Store::any_version, nullptr);
    node.settle();
    CHECK(node.reasons.listed("kita", "kita_only"));
    CHECK_FALSE(node.reasons.listed("kita", "made_up"));
    CHECK_FALSE(node.reasons.listed("main", "kita_only"));
    CHECK(node.reasons.listed("nishi", "hurtful"));
}
