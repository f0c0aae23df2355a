// The account routes through the router on the memory Store: HTTPS only for passwords, one
// answer for unknown names and wrong passwords, the throttle, must_change, tokens that end,
// invitations, organiser-only routes and TOTP.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "server/api/errors.hpp"
#include "server/api/staff_routes.hpp"
#include "server/clock.hpp"
#include "server/control/memory_control.hpp"
#include "server/staff/hash_worker.hpp"
#include "server/staff/invitations.hpp"
#include "server/staff/login_throttle.hpp"
#include "server/staff/password_hash.hpp"
#include "server/staff/staff_accounts.hpp"
#include "server/staff/staff_auth.hpp"
#include "server/staff/staff_tokens.hpp"
#include "server/staff/token_checker.hpp"
#include "server/staff/totp.hpp"
#include "server/store/memory_store.hpp"
#include "sync.hpp"

using namespace ibasho;
using namespace ibasho::api;
using nlohmann::json;

namespace {

struct Fixture {
    explicit Fixture(bool behind_proxy = false) {
        add_staff_routes(router, {accounts, tokens, invitations, throttle, hasher, clock,
                                  staff::make_token_checker(auth), behind_proxy});
        accounts.create(
            staff::NewAccount{"Org", "organiser", {}, *staff::hash_password(org_pw), true},
            [this](staff::AccountResult r, staff::Account a) {
                REQUIRE(r == staff::AccountResult::ok);
                org_id = a.id;
            });
    }

    Response call(Method m, std::string path, json body = nullptr, std::string token = {},
                  bool secure = true, std::string address = "addr1") {
        Request req;
        req.method = m;
        req.path = std::move(path);
        req.secure = secure;
        req.address_hash = std::move(address);
        if (!body.is_null()) {
            req.body = body.dump();
            req.content_type = "application/json";
        }
        if (!token.empty()) {
            req.authorization = "Bearer " + token;
        }
        test::Waiter<Response> w;
        router.dispatch(std::move(req), w.setter());
        return w.get();
    }
    std::string login(const std::string& name, const std::string& pw) {
        const Response r = call(Method::post, "/api/login", {{"name", name}, {"password", pw}});
        REQUIRE(r.status == 200);
        return json::parse(r.body)["token"];
    }

    ManualClock clock;
    MemoryStore store{clock};
    MemoryControl control{std::make_shared<MemoryControlBus>(), clock, "n"};
    staff::StaffTokens tokens{store, clock};
    staff::StaffAuth auth{store, clock};
    staff::StaffAccounts accounts{store, clock, tokens, &control};
    staff::Invitations invitations{store, clock};
    staff::LoginThrottle throttle{store};
    staff::HashWorker hasher;
    Router router;
    const std::string org_pw = "first one-time pw";
    std::string org_id;
};

std::string code_of(const Response& r) {
    return json::parse(r.body)["error"]["code"];
}

}  // namespace

TEST_CASE("staff routes: passwords only over HTTPS unless behind a TLS proxy", "[staff][api]") {
    Fixture plain;
    const json creds{{"name", "Org"}, {"password", plain.org_pw}};
    auto r = plain.call(Method::post, "/api/login", creds, {}, false);
    CHECK(r.status == 403);
    CHECK(code_of(r) == "https_required");
    r = plain.call(Method::post, "/api/invitations/accept",
                   {{"code", std::string(22, 'a')}, {"name", "x"}, {"password", "p"}}, {}, false);
    CHECK(code_of(r) == "https_required");
    CHECK(plain.call(Method::post, "/api/login", creds).status == 200);

    Fixture proxied(true);
    CHECK(proxied.call(Method::post, "/api/login", creds, {}, false).status == 200);
}

TEST_CASE("staff routes: unknown name and wrong password get one answer, then 429",
          "[staff][api]") {
    Fixture f;
    const Response unknown =
        f.call(Method::post, "/api/login", {{"name", "Nobody"}, {"password", "whatever pw"}});
    const Response wrong =
        f.call(Method::post, "/api/login", {{"name", "Org"}, {"password", "wrong password"}});
    CHECK(unknown.status == 401);
    CHECK(wrong.status == 401);
    CHECK(unknown.body == wrong.body);
    CHECK(code_of(wrong) == "bad_credentials");
    for (int i = 0; i < 4; ++i) {
        CHECK(f.call(Method::post, "/api/login", {{"name", "org"}, {"password", "wrong pw"}})
                  .status == 401);
    }
    // Five failures: even the right password now waits.
    const Response held =
        f.call(Method::post, "/api/login", {{"name", "Org"}, {"password", f.org_pw}});
    CHECK(held.status == 429);
    CHECK(code_of(held) == "too_many_attempts");
    CHECK(std::stoi(std::string(held.header_value("Retry-After"))) > 800);
    f.clock.advance(std::chrono::minutes(16));
    CHECK(f.call(Method::post, "/api/login", {{"name", "Org"}, {"password", f.org_pw}}).status ==
          200);
}

TEST_CASE("staff routes: must_change allows only password, me and logout", "[staff][api]") {
    Fixture f;
    const Response r =
        f.call(Method::post, "/api/login", {{"name", "Org"}, {"password", f.org_pw}});
    REQUIRE(r.status == 200);
    const json body = json::parse(r.body);
    CHECK(body["must_change"] == true);
    CHECK(body["staff"]["role"] == "organiser");
    CHECK(body["staff"]["name"] == "Org");
    CHECK(body["expires_ms"] == f.clock.unix_ms() + 12 * 3600 * 1000);
    const std::string token = body["token"];
    CHECK(f.call(Method::get, "/api/me", nullptr, token).status == 200);
    const Response blocked = f.call(Method::get, "/api/staff", nullptr, token);
    CHECK(blocked.status == 403);
    CHECK(code_of(blocked) == "password_change_required");

    auto pw = f.call(Method::post, "/api/password", {{"old", f.org_pw}, {"new", "short"}}, token);
    CHECK(pw.status == 400);
    pw = f.call(Method::post, "/api/password",
                {{"old", "not it at all"}, {"new", "a new long pw!"}}, token);
    CHECK(code_of(pw) == "bad_credentials");
    pw = f.call(Method::post, "/api/password", {{"old", f.org_pw}, {"new", "a new long pw!"}},
                token);
    REQUIRE(pw.status == 200);
    CHECK(json::parse(pw.body)["must_change"] == false);
    CHECK(f.call(Method::get, "/api/staff", nullptr, token).status == 200);
    CHECK(f.call(Method::post, "/api/login", {{"name", "Org"}, {"password", f.org_pw}}).status ==
          401);
    CHECK(f.login("Org", "a new long pw!").size() == 43);

    CHECK(f.call(Method::post, "/api/logout", nullptr, token).status == 204);
    const Response gone = f.call(Method::get, "/api/me", nullptr, token);
    CHECK(gone.status == 401);
    CHECK(code_of(gone) == "unauthorized");
    CHECK(f.call(Method::get, "/api/me").status == 401);
}

TEST_CASE("staff routes: invite, accept, list, rooms, deactivate", "[staff][api]") {
    Fixture f;
    const std::string org = f.login("Org", f.org_pw);
    f.call(Method::post, "/api/password", {{"old", f.org_pw}, {"new", "organiser password"}}, org);

    const Response inv = f.call(Method::post, "/api/invitations", {{"rooms", {"room-a"}}}, org);
    REQUIRE(inv.status == 201);
    const json invite = json::parse(inv.body);
    const std::string code = invite["code"];
    CHECK(invite["link"] == "/#/invite/" + code);
    CHECK(f.call(Method::post, "/api/invitations", {{"rooms", {"Bad Room"}}}, org).status == 400);

    const json accept{{"code", code}, {"name", "Sakura"}, {"password", "supporter password"}};
    // A name that folds to the organiser's is taken; the code survives for another try.
    json clash = accept;
    clash["name"] = "ORG";
    CHECK(code_of(f.call(Method::post, "/api/invitations/accept", clash)) == "name_taken");
    const Response acc = f.call(Method::post, "/api/invitations/accept", accept);
    REQUIRE(acc.status == 200);
    const json joined = json::parse(acc.body);
    CHECK(joined["staff"]["role"] == "supporter");
    CHECK(joined["staff"]["rooms"] == json::array({"room-a"}));
    CHECK(joined["must_change"] == false);
    const std::string sup = joined["token"];
    const std::string sup_id = joined["staff"]["id"];
    CHECK(f.call(Method::post, "/api/invitations/accept", accept).status == 404);  // used up

    // Supporters may not use the organisers' routes.
    CHECK(code_of(f.call(Method::get, "/api/staff", nullptr, sup)) == "forbidden");
    CHECK(f.call(Method::post, "/api/invitations", {{"rooms", json::array()}}, sup).status == 403);

    const Response list = f.call(Method::get, "/api/staff", nullptr, org);
    REQUIRE(list.status == 200);
    CHECK(json::parse(list.body)["staff"].size() == 2);
    CHECK(list.body.find("$argon2id") == std::string::npos);

    const Response rooms =
        f.call(Method::put, "/api/staff/" + sup_id + "/rooms", {{"rooms", {"b", "c"}}}, org);
    REQUIRE(rooms.status == 200);
    CHECK(json::parse(rooms.body)["staff"]["rooms"] == json::array({"b", "c"}));
    CHECK(f.call(Method::put, "/api/staff/st_nobody/rooms", {{"rooms", {"b"}}}, org).status == 404);

    const std::string sup2 = f.login("Sakura", "supporter password");
    CHECK(f.call(Method::post, "/api/staff/" + f.org_id + "/deactivate", nullptr, org).status ==
          409);  // not oneself
    CHECK(f.call(Method::post, "/api/staff/" + sup_id + "/deactivate", nullptr, org).status == 204);
    CHECK(f.call(Method::get, "/api/me", nullptr, sup).status == 401);
    CHECK(f.call(Method::get, "/api/me", nullptr, sup2).status == 401);
    CHECK(code_of(f.call(Method::post, "/api/login",
                         {{"name", "Sakura"}, {"password", "supporter password"}})) ==
          "bad_credentials");
}

TEST_CASE("staff routes: TOTP setup, confirm, login with a code, disable", "[staff][api]") {
    Fixture f;
    const std::string org = f.login("Org", f.org_pw);
    f.call(Method::post, "/api/password", {{"old", f.org_pw}, {"new", "organiser password"}}, org);
    CHECK(f.call(Method::post, "/api/totp/confirm", {{"code", "123456"}}, org).status == 409);
    const Response setup = f.call(Method::post, "/api/totp/setup", nullptr, org);
    REQUIRE(setup.status == 200);
    const std::string secret = json::parse(setup.body)["secret"];
    CHECK(json::parse(setup.body)["uri"].get<std::string>().find(secret) != std::string::npos);
    const auto key = *staff::base32_decode(secret);
    const auto now_s = f.clock.unix_ms() / 1000;
    CHECK(f.call(Method::post, "/api/totp/confirm", {{"code", "000000"}}, org).status == 400);
    CHECK(f.call(Method::post, "/api/totp/confirm", {{"code", staff::totp_at(key, now_s)}}, org)
              .status == 200);

    const json creds{{"name", "Org"}, {"password", "organiser password"}};
    CHECK(code_of(f.call(Method::post, "/api/login", creds)) == "totp_required");
    json with_code = creds;
    with_code["totp"] = "999999" == staff::totp_at(key, now_s) ? "111111" : "999999";
    CHECK(code_of(f.call(Method::post, "/api/login", with_code)) == "bad_credentials");
    with_code["totp"] = staff::totp_at(key, now_s);
    CHECK(f.call(Method::post, "/api/login", with_code).status == 200);

    CHECK(f.call(Method::post, "/api/totp/disable", {{"password", "wrong one"}}, org).status ==
          401);
    CHECK(f.call(Method::post, "/api/totp/disable", {{"password", "organiser password"}}, org)
              .status == 200);
    CHECK(f.call(Method::post, "/api/login", creds).status == 200);
}
