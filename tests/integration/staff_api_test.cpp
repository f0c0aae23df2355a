// Staff accounts on the real server with a real Redis: the admin command makes the first
// organiser, passwords travel only over TLS, must_change, the login throttle, invitations,
// logout and deactivation ending tokens, and a scan of every Redis key and value that finds no
// password, no raw token and no address.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "tests/integration/support/controlled_redis.hpp"
#include "tests/integration/support/http_client.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/subprocess.hpp"
#include "tests/integration/support/temp_dir.hpp"

using namespace ibasho::itest;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

std::string fresh_prefix() {
    static int n = 0;
    return "st" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ":";
}

struct AdminRun {
    int exit = -1;
    std::string output;
};

// A deployment: its own Redis prefix, the admin command, and one node with TLS.
struct Deployment {
    explicit Deployment(ControlledRedis& r) : redis(r) {}

    AdminRun admin(std::vector<std::string> args, bool with_redis = true) {
        std::vector<std::string> argv{IBASHO_SERVER_BIN};
        if (with_redis) {
            argv.insert(argv.end(), {"--redis", redis.url(), "--redis-prefix", prefix});
        }
        argv.insert(argv.end(), args.begin(), args.end());
        Subprocess p(argv, dir.path() + "/admin-" + std::to_string(++runs) + ".log");
        AdminRun out;
        const auto status = p.wait_exit(20s);
        REQUIRE(status);
        out.exit = *status;
        out.output = p.log_text();
        return out;
    }

    // Creates an organiser and returns the one-time password it printed.
    std::string create_organiser(const std::string& name) {
        const AdminRun run = admin({"admin", "create-organiser", name});
        INFO(run.output);
        REQUIRE(run.exit == 0);
        std::smatch m;
        static const std::regex line("one-time password: (\\S+)");
        REQUIRE(std::regex_search(run.output, m, line));
        return m[1];
    }

    void start(std::vector<std::string> more = {}) {
        ServerOptions o;
        o.tls = true;
        o.extra = {"--redis", redis.url(), "--redis-prefix", prefix};
        o.extra.insert(o.extra.end(), more.begin(), more.end());
        server = std::make_unique<ServerProcess>(o);
        for (int i = 0; i < 250 && server->metric("ibasho_redis_up") != 1; ++i) {
            std::this_thread::sleep_for(20ms);
        }
        REQUIRE(server->metric("ibasho_redis_up") == 1);
    }

    HttpResponse call(const std::string& method, const std::string& target, json body = nullptr,
                      const std::string& token = {}, bool tls = true) {
        Headers h;
        if (!body.is_null()) {
            h.emplace_back("Content-Type", "application/json");
        }
        if (!token.empty()) {
            h.emplace_back("Authorization", "Bearer " + token);
        }
        const auto port = tls ? server->https_port() : server->http_port();
        return http_call(port, tls, method, target, h, body.is_null() ? "" : body.dump());
    }

    // Logs in over TLS and returns the token (the test fails unless it is 200).
    std::string login(const std::string& name, const std::string& password) {
        const HttpResponse r = call("POST", "/api/login", {{"name", name}, {"password", password}});
        INFO(r.body);
        REQUIRE(r.status == 200);
        return json::parse(r.body)["token"];
    }

    ControlledRedis& redis;
    TempDir dir;
    std::string prefix = fresh_prefix();
    int runs = 0;
    std::unique_ptr<ServerProcess> server;
};

std::string error_code(const HttpResponse& r) {
    const json j = json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"]["code"].get<std::string>() : "";
}

// Every key under the prefix with every value it holds, whatever its type.
std::string dump_redis(const ControlledRedis& redis, const std::string& prefix) {
    std::string all;
    std::istringstream lines(redis.cli("--scan --pattern '" + prefix + "*'"));
    std::string k;
    int keys = 0;
    while (std::getline(lines, k)) {
        if (k.size() > 2 && k.front() == '"')
            k = k.substr(1, k.size() - 2);
        if (k.empty())
            continue;
        ++keys;
        all += k + "\n";
        const std::string type = redis.cli("--raw TYPE '" + k + "'");
        if (type.rfind("string", 0) == 0)
            all += redis.cli("--raw GET '" + k + "'");
        else if (type.rfind("hash", 0) == 0)
            all += redis.cli("--raw HGETALL '" + k + "'");
        else if (type.rfind("zset", 0) == 0)
            all += redis.cli("--raw ZRANGE '" + k + "' 0 -1 WITHSCORES");
        else if (type.rfind("list", 0) == 0)
            all += redis.cli("--raw LRANGE '" + k + "' 0 -1");
        else if (type.rfind("set", 0) == 0)
            all += redis.cli("--raw SMEMBERS '" + k + "'");
    }
    REQUIRE(keys > 5);
    return all;
}

}  // namespace

TEST_CASE("staff: the admin command makes the first organiser, once", "[staff][integration]") {
    ControlledRedis redis;
    Deployment d(redis);
    const std::string password = d.create_organiser("Aiko Sato");
    CHECK(password.size() >= 12);

    const AdminRun again = d.admin({"admin", "create-organiser", "ＡＩＫＯ sato"});
    CHECK(again.exit == 1);
    CHECK(again.output.find("is taken") != std::string::npos);
    CHECK(again.output.find('\n') == again.output.size() - 1);  // one line

    const AdminRun memory = d.admin({"--store", "memory", "admin", "create-organiser", "X"}, false);
    CHECK(memory.exit == 2);
    CHECK(memory.output.find("Redis") != std::string::npos);
    CHECK(d.admin({"admin", "create-nothing", "X"}).exit == 2);

    d.start();
    // Plain HTTP never takes a password.
    const json creds{{"name", "aiko sato"}, {"password", password}};
    const HttpResponse plain = d.call("POST", "/api/login", creds, {}, false);
    CHECK(plain.status == 403);
    CHECK(error_code(plain) == "https_required");

    const HttpResponse r = d.call("POST", "/api/login", creds);
    REQUIRE(r.status == 200);
    const json body = json::parse(r.body);
    CHECK(body["must_change"] == true);
    CHECK(body["staff"]["name"] == "Aiko Sato");
    CHECK(body["staff"]["role"] == "organiser");
    const std::string token = body["token"];
    CHECK(token.size() == 43);

    // Until the password is changed, the token reaches only password, me and logout.
    CHECK(d.call("GET", "/api/me", nullptr, token).status == 200);
    const HttpResponse blocked = d.call("GET", "/api/staff", nullptr, token);
    CHECK(blocked.status == 403);
    CHECK(error_code(blocked) == "password_change_required");
    CHECK(d.call("POST", "/api/invitations", {{"rooms", json::array()}}, token).status == 403);
    const HttpResponse changed = d.call(
        "POST", "/api/password", {{"old", password}, {"new", "a much better password"}}, token);
    REQUIRE(changed.status == 200);
    CHECK(json::parse(changed.body)["must_change"] == false);
    CHECK(d.call("GET", "/api/staff", nullptr, token).status == 200);
    CHECK(d.call("POST", "/api/login", creds).status == 401);  // the one-time password is spent
    d.login("Aiko Sato", "a much better password");
}

TEST_CASE("staff: behind a TLS proxy the plain listener takes logins", "[staff][integration]") {
    ControlledRedis redis;
    Deployment d(redis);
    const std::string password = d.create_organiser("Ken");
    d.start({"--behind-tls-proxy"});
    CHECK(
        d.call("POST", "/api/login", {{"name", "Ken"}, {"password", password}}, {}, false).status ==
        200);
}

TEST_CASE("staff: wrong passwords get 401, the 6th attempt 429", "[staff][integration]") {
    ControlledRedis redis;
    Deployment d(redis);
    const std::string password = d.create_organiser("Aiko");
    d.start();
    const HttpResponse unknown =
        d.call("POST", "/api/login", {{"name", "Nobody"}, {"password", "some password"}});
    CHECK(unknown.status == 401);
    for (int i = 1; i <= 5; ++i) {
        INFO("attempt " << i);
        const HttpResponse r =
            d.call("POST", "/api/login", {{"name", "Aiko"}, {"password", "wrong password"}});
        CHECK(r.status == 401);
        CHECK(error_code(r) == "bad_credentials");
        CHECK(r.body == unknown.body);  // an unknown name and a wrong password look the same
    }
    const HttpResponse sixth =
        d.call("POST", "/api/login", {{"name", "Aiko"}, {"password", password}});
    CHECK(sixth.status == 429);
    CHECK(error_code(sixth) == "too_many_attempts");
    REQUIRE(sixth.has("retry-after"));
    CHECK(std::stoi(sixth.header("retry-after")) > 60);
}

TEST_CASE("staff: invite, accept, logout, deactivate, Redis holds no secret or address",
          "[staff][integration][privacy]") {
    ControlledRedis redis;
    Deployment d(redis);
    const std::string first = d.create_organiser("Aiko");
    d.start();
    std::vector<std::string> secrets{first};
    std::string org = d.login("Aiko", first);
    secrets.push_back(org);
    const std::string org_pw = "organiser's own password";
    secrets.push_back(org_pw);
    REQUIRE(d.call("POST", "/api/password", {{"old", first}, {"new", org_pw}}, org).status == 200);

    const HttpResponse inv = d.call("POST", "/api/invitations", {{"rooms", {"hiroba"}}}, org);
    REQUIRE(inv.status == 201);
    const std::string code = json::parse(inv.body)["code"];
    secrets.push_back(code);

    const std::string sup_pw = "supporter's password";
    secrets.push_back(sup_pw);
    const json accept{{"code", code}, {"name", "Sakura"}, {"password", sup_pw}};
    CHECK(d.call("POST", "/api/invitations/accept", accept, {}, false).status == 403);
    const HttpResponse acc = d.call("POST", "/api/invitations/accept", accept);
    REQUIRE(acc.status == 200);
    const json joined = json::parse(acc.body);
    CHECK(joined["staff"]["role"] == "supporter");
    const std::string sup_id = joined["staff"]["id"];
    const std::string sup1 = joined["token"];
    secrets.push_back(sup1);
    CHECK(d.call("POST", "/api/invitations/accept", accept).status == 404);  // once only

    const std::string sup2 = d.login("Sakura", sup_pw);
    const std::string sup3 = d.login("sakura", sup_pw);
    secrets.insert(secrets.end(), {sup2, sup3});
    const HttpResponse me = d.call("GET", "/api/me", nullptr, sup2);
    REQUIRE(me.status == 200);
    CHECK(json::parse(me.body)["staff"]["rooms"] == json::array({"hiroba"}));

    // Logout ends that token only.
    CHECK(d.call("POST", "/api/logout", nullptr, sup1).status == 204);
    CHECK(d.call("GET", "/api/me", nullptr, sup1).status == 401);
    CHECK(d.call("GET", "/api/me", nullptr, sup2).status == 200);

    // Deactivation ends every token of the supporter, and the login.
    CHECK(d.call("POST", "/api/staff/" + sup_id + "/deactivate", nullptr, org).status == 204);
    CHECK(d.call("GET", "/api/me", nullptr, sup2).status == 401);
    CHECK(d.call("GET", "/api/me", nullptr, sup3).status == 401);
    CHECK(d.call("POST", "/api/login", {{"name", "Sakura"}, {"password", sup_pw}}).status == 401);
    const HttpResponse list = d.call("GET", "/api/staff", nullptr, org);
    REQUIRE(list.status == 200);
    CHECK(json::parse(list.body)["staff"].size() == 2);

    // A failed login leaves a counter keyed by the address hash: the address itself is nowhere.
    CHECK(
        d.call("POST", "/api/login", {{"name", "Nobody"}, {"password", "a guess at it"}}).status ==
        401);

    const std::string everything = dump_redis(redis, d.prefix);
    CHECK(everything.find("$argon2id$v=19$m=19456,t=2,p=1$") != std::string::npos);  // scanned
    CHECK(everything.find("login_fail:h_") != std::string::npos);
    CHECK(everything.find("address_key") != std::string::npos);
    for (const auto& s : secrets) {
        INFO("secret " << s);
        CHECK(everything.find(s) == std::string::npos);
        CHECK(d.server->log_text().find(s) == std::string::npos);
    }
    CHECK(everything.find("127.0.0.1") == std::string::npos);
    CHECK(everything.find("::1") == std::string::npos);
}

TEST_CASE(
    "staff: organisers keep the blocked words (seeded once) across a "
    "restart",
    "[staff][integration][blocked]") {
    ControlledRedis redis;
    Deployment d(redis);
    const std::string first = d.create_organiser("Aiko");
    d.start();
    const std::string org = d.login("Aiko", first);
    REQUIRE(
        d.call("POST", "/api/password", {{"old", first}, {"new", "a much better password"}}, org)
            .status == 200);

    // The node seeds the shipped list once Redis answers: version 1 in the Store.
    HttpResponse seeded;
    for (int i = 0; i < 250; ++i) {
        seeded = d.call("GET", "/api/blocked-words", nullptr, org);
        if (seeded.status == 200 && seeded.header("etag") == "\"v1\"") {
            break;
        }
        std::this_thread::sleep_for(20ms);
    }
    REQUIRE(seeded.status == 200);
    CHECK(seeded.header("etag") == "\"v1\"");
    CHECK(json::parse(seeded.body)["_organisers"].is_string());
    CHECK(json::parse(seeded.body)["entries"].size() > 20);

    const json bad{
        {"entries",
         {{{"word", "タヒねよ"}, {"action", "hide"}}, {{"word", "家どこ"}, {"action", "block"}}}}};
    const HttpResponse refused = d.call("PUT", "/api/blocked-words", bad, org);
    CHECK(refused.status == 400);
    CHECK(json::parse(refused.body)["error"]["field"] == "entries[1].action");

    const json mine{{"entries",
                     {{{"word", "タヒねよ"}, {"action", "hide"}},
                      {{"word", "家どこ"}, {"action", "alert"}, {"audiences", {"age_u20"}}}}}};
    Headers match{{"Content-Type", "application/json"},
                  {"Authorization", "Bearer " + org},
                  {"If-Match", "\"v1\""}};
    const HttpResponse saved =
        http_call(d.server->https_port(), true, "PUT", "/api/blocked-words", match, mine.dump());
    REQUIRE(saved.status == 200);
    CHECK(saved.header("etag") == "\"v2\"");
    CHECK(json::parse(saved.body) == mine);
    const HttpResponse stale =
        http_call(d.server->https_port(), true, "PUT", "/api/blocked-words", match, mine.dump());
    CHECK(stale.status == 412);

    const HttpResponse audit = d.call("GET", "/api/audit", nullptr, org);
    REQUIRE(audit.status == 200);
    CHECK(audit.body.find("blocked_words_put") != std::string::npos);
    CHECK(audit.body.find("家どこ") == std::string::npos);

    // A restarted node finds the organisation's list and seeds nothing over it.
    d.server.reset();
    d.start();
    const std::string again = d.login("Aiko", "a much better password");
    const HttpResponse kept = d.call("GET", "/api/blocked-words", nullptr, again);
    REQUIRE(kept.status == 200);
    CHECK(kept.header("etag") == "\"v2\"");
    CHECK(json::parse(kept.body) == mine);
    CHECK(d.server->log_text().find("家どこ") == std::string::npos);
    CHECK(d.server->log_text().find("blocked_words_record_invalid") == std::string::npos);
}
