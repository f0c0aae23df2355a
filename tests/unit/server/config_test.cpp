#include <catch2/catch.hpp>

#include <fstream>
#include <map>

#include "server/config.hpp"

using namespace ibasho;

namespace {

std::map<std::string, std::string> g_env;

std::optional<std::string> fake_env(const char* name) {
    auto it = g_env.find(name);
    if (it == g_env.end())
        return std::nullopt;
    return it->second;
}

Config load(std::vector<std::string> args) {
    return load_config(args, fake_env).config;
}

// Returns the field a ConfigError names, or "" when loading succeeded.
std::string bad_field(std::vector<std::string> args) {
    try {
        load_config(args, fake_env);
    } catch (const ConfigError& e) {
        return e.field();
    }
    return "";
}

}  // namespace

TEST_CASE("defaults are a plain listener on loopback with the memory store", "[config]") {
    g_env.clear();
    const Config c = load({});
    REQUIRE(c.listen.has_value());
    CHECK(c.listen->host == "127.0.0.1");
    CHECK(c.listen->port == 8080);
    CHECK_FALSE(c.tls_listen.has_value());
    CHECK(c.store == StoreKind::memory);
    CHECK(c.max_message_bytes == 16 * 1024);
    CHECK(c.session_ttl == std::chrono::minutes(30));
}

TEST_CASE("flags override environment which overrides the file", "[config]") {
    g_env.clear();
    const std::string path = "/tmp/ibasho-config-test.json";
    {
        std::ofstream f(path);
        f << R"({"threads": 3, "log_level": "warn", "node_id": "from-file",
                "allowed_origins": ["https://a.example", "https://b.example"]})";
    }
    g_env["IBASHO_THREADS"] = "5";
    const Config c = load({"--config", path, "--node-id", "from-flag"});
    CHECK(c.threads == 5);
    CHECK(c.log_level == log::Level::warn);
    CHECK(c.node_id == "from-flag");
    CHECK(c.allowed_origins == std::vector<std::string>{"https://a.example", "https://b.example"});
    g_env.clear();
}

TEST_CASE("endpoints parse IPv4, IPv6 and off", "[config]") {
    g_env.clear();
    CHECK(load({"--listen", "0.0.0.0:9000"}).listen == Endpoint{"0.0.0.0", 9000});
    CHECK(load({"--listen=[::1]:9001"}).listen == Endpoint{"::1", 9001});
    const Config c =
        load({"--listen", "off", "--tls-listen", "127.0.0.1:8443", "--cert", "c", "--key", "k"});
    CHECK_FALSE(c.listen.has_value());
    CHECK(c.tls_listen == Endpoint{"127.0.0.1", 8443});
}

TEST_CASE("redis URL selects the redis store", "[config]") {
    g_env.clear();
    const Config c = load({"--redis", "redis://10.0.0.5:6380/2"});
    CHECK(c.store == StoreKind::redis);
    REQUIRE(c.redis.has_value());
    CHECK(c.redis->host == "10.0.0.5");
    CHECK(c.redis->port == 6380);
    CHECK(c.redis->db == 2);
    CHECK_FALSE(c.store_redis.has_value());  // the Store shares it (development)
}

TEST_CASE("the durable Store may have a Redis of its own", "[config]") {
    g_env.clear();
    const Config c =
        load({"--redis", "redis://127.0.0.1:6390", "--store-redis", "redis://10.0.0.7:6391/1"});
    REQUIRE(c.store_redis.has_value());
    CHECK(c.store_redis->host == "10.0.0.7");
    CHECK(c.store_redis->port == 6391);
    CHECK(c.store_redis->db == 1);
    CHECK_FALSE(*c.store_redis == *c.redis);
    g_env["IBASHO_STORE_REDIS"] = "redis://127.0.0.1:6392";
    CHECK(load({"--redis", "redis://127.0.0.1:6390"}).store_redis->port == 6392);
    g_env.clear();
    const Config f = apply_config_json(
        Config{}, R"({"redis": "redis://a:1", "store_redis": "redis://b:2"})", "test");
    CHECK(f.store_redis->host == "b");
    CHECK(bad_field({"--store-redis", "redis://127.0.0.1:6391"}) == "store-redis");  // no --redis
    CHECK(bad_field({"--redis", "redis://x:1", "--store-redis", "x:2"}) == "store-redis");
}

TEST_CASE("redis-sentinel and redis-master: flags, environment, file, and --redis keeps them",
          "[config]") {
    g_env.clear();
    Config c = load({"--redis-sentinel", "127.0.0.1:26379, 10.0.0.2:26380,[::1]:26381",
                     "--redis-master", "ibasho"});
    CHECK(c.store == StoreKind::redis);
    REQUIRE(c.redis.has_value());
    CHECK(c.redis->uses_sentinel());
    CHECK(c.redis->sentinels ==
          std::vector<Endpoint>{{"127.0.0.1", 26379}, {"10.0.0.2", 26380}, {"::1", 26381}});
    CHECK(c.redis->master == "ibasho");

    // The environment's sentinels survive a --redis flag that gives only the DB.
    g_env["IBASHO_REDIS_SENTINEL"] = "127.0.0.1:1";
    g_env["IBASHO_REDIS_MASTER"] = "m.1_x-y";
    c = load({"--redis", "redis://127.0.0.1/3"});
    g_env.clear();
    REQUIRE(c.redis.has_value());
    CHECK(c.redis->sentinels == std::vector<Endpoint>{{"127.0.0.1", 1}});
    CHECK(c.redis->master == "m.1_x-y");
    CHECK(c.redis->db == 3);

    c = apply_config_json(Config{}, R"({"redis_sentinel": ["a:1", "b:2"], "redis_master": "n"})",
                          "test");
    REQUIRE(c.redis.has_value());
    CHECK(c.redis->sentinels == std::vector<Endpoint>{{"a", 1}, {"b", 2}});
    CHECK(c.redis->master == "n");

    // Without sentinels a plain --redis address has none.
    c = load({"--redis", "redis://127.0.0.1:6379"});
    CHECK_FALSE(c.redis->uses_sentinel());
}

TEST_CASE("store-redis-master: the Store's primary behind the same sentinels", "[config]") {
    Config c = load({"--redis-sentinel", "127.0.0.1:26379,127.0.0.1:26380", "--redis-master",
                     "ibasho", "--store-redis-master", "ibasho-store"});
    REQUIRE(c.redis);
    REQUIRE(c.store_redis);
    CHECK(c.store_redis->sentinels == c.redis->sentinels);
    CHECK(c.store_redis->master == "ibasho-store");
    CHECK(c.redis->master == "ibasho");
    CHECK_FALSE(*c.store_redis == *c.redis);  // two roles: the node makes a second connection
    // --store-redis then gives only the DB.
    c = load({"--store-redis", "redis://127.0.0.1:6379/3", "--redis-sentinel", "h:1",
              "--redis-master", "a", "--store-redis-master", "b"});
    REQUIRE(c.store_redis);
    CHECK(c.store_redis->db == 3);
    CHECK(c.store_redis->master == "b");
    CHECK(bad_field({"--store-redis-master", "b"}) == "store-redis-master");
    CHECK(bad_field({"--redis", "redis://127.0.0.1:6379", "--store-redis-master", "b"}) ==
          "store-redis-master");
}

TEST_CASE("bad sentinel settings name their field", "[config]") {
    g_env.clear();
    CHECK(bad_field({"--redis-sentinel", "127.0.0.1:26379"}) == "redis-master");
    CHECK(bad_field({"--redis-master", "ibasho"}) == "redis-sentinel");
    CHECK(bad_field({"--redis-sentinel", "", "--redis-master", "m"}) == "redis-sentinel");
    CHECK(bad_field({"--redis-sentinel", "26379", "--redis-master", "m"}) == "redis-sentinel");
    CHECK(bad_field({"--redis-sentinel", "h:0", "--redis-master", "m"}) == "redis-sentinel");
    CHECK(bad_field({"--redis-sentinel", "h:1,off", "--redis-master", "m"}) == "redis-sentinel");
    CHECK(bad_field({"--redis-sentinel", "h:1", "--redis-master", "has space"}) == "redis-master");
    CHECK(bad_field({"--redis-sentinel", "h:1", "--redis-master", std::string(65, 'a')}) ==
          "redis-master");
}

TEST_CASE("every bad value names its field", "[config]") {
    g_env.clear();
    CHECK(bad_field({"--listen", "8080"}) == "listen");
    CHECK(bad_field({"--listen", "127.0.0.1:70000"}) == "listen");
    CHECK(bad_field({"--listen", ":8080"}) == "listen");
    CHECK(bad_field({"--tls-listen", "127.0.0.1:8443"}) == "cert");
    CHECK(bad_field({"--tls-listen", "127.0.0.1:8443", "--cert", "c"}) == "key");
    CHECK(bad_field({"--listen", "off"}) == "listen");
    CHECK(bad_field({"--threads", "many"}) == "threads");
    CHECK(bad_field({"--threads", "-1"}) == "threads");
    CHECK(bad_field({"--store", "postgres"}) == "store");
    CHECK(bad_field({"--store", "redis"}) == "store");
    CHECK(bad_field({"--redis", "http://x"}) == "redis");
    CHECK(bad_field({"--redis", "redis://user:pw@x:1"}) == "redis");
    CHECK(bad_field({"--log-level", "loud"}) == "log-level");
    CHECK(bad_field({"--node-id", "has space"}) == "node-id");
    CHECK(bad_field({"--allowed-origins", "example.org"}) == "allowed-origins");
    CHECK(bad_field({"--allowed-origins", "https://x.example/path"}) == "allowed-origins");
    CHECK(bad_field({"--max-message-bytes", "10"}) == "max-message-bytes");
    CHECK(bad_field({"--idle-timeout", "0"}) == "idle-timeout");
    CHECK(bad_field({"--no-such-flag", "1"}) == "no-such-flag");
    CHECK(bad_field({"--threads"}) == "threads");
    CHECK(bad_field({"stray"}) == "stray");
    CHECK(bad_field({"--config", "/nonexistent/ibasho.json"}) == "config");
    g_env["IBASHO_THREADS"] = "x";
    CHECK(bad_field({}) == "threads");
    g_env.clear();
}

TEST_CASE("config file errors name the key", "[config]") {
    CHECK_THROWS_AS(apply_config_json(Config{}, "{nope", "test"), ConfigError);
    CHECK_THROWS_AS(apply_config_json(Config{}, "[1]", "test"), ConfigError);
    try {
        apply_config_json(Config{}, R"({"thread": 2})", "test");
        FAIL("unknown key accepted");
    } catch (const ConfigError& e) {
        CHECK(e.field() == "thread");
    }
    try {
        apply_config_json(Config{}, R"({"threads": {"n": 2}})", "test");
        FAIL("object accepted for a number");
    } catch (const ConfigError& e) {
        CHECK(e.field() == "threads");
    }
}

TEST_CASE("help and version are actions, not errors", "[config]") {
    CHECK(load_config({"--help"}, fake_env).action == ConfigAction::help);
    CHECK(load_config({"--version"}, fake_env).action == ConfigAction::version);
    const std::string help = help_text();
    for (const char* flag : {"--listen", "--tls-listen", "--cert", "--key", "--redis", "--store",
                             "--rooms", "--static", "--threads", "--node-id", "--log-level"}) {
        CHECK(help.find(flag) != std::string::npos);
    }
}

TEST_CASE("behind-tls-proxy is a flag that needs no value", "[config]") {
    g_env.clear();
    CHECK_FALSE(load({}).behind_tls_proxy);
    CHECK(load({"--behind-tls-proxy"}).behind_tls_proxy);
    // The next argument is not taken as its value.
    const Config c = load({"--behind-tls-proxy", "--threads", "3"});
    CHECK(c.behind_tls_proxy);
    CHECK(c.threads == 3);
    CHECK_FALSE(load({"--behind-tls-proxy=false"}).behind_tls_proxy);
    CHECK(bad_field({"--behind-tls-proxy=maybe"}) == "behind-tls-proxy");
    g_env["IBASHO_BEHIND_TLS_PROXY"] = "true";
    CHECK(load({}).behind_tls_proxy);
    g_env.clear();
    CHECK(apply_config_json(Config{}, R"({"behind_tls_proxy": true})", "test").behind_tls_proxy);
    CHECK(help_text().find("--behind-tls-proxy ") != std::string::npos);
}

TEST_CASE("max-rooms-per-session: default 8, from the file, the environment and a flag",
          "[config]") {
    g_env.clear();
    CHECK(load({}).max_rooms_per_session == 8);
    CHECK(apply_config_json(Config{}, R"({"max_rooms_per_session": 3})", "test")
              .max_rooms_per_session == 3);
    g_env["IBASHO_MAX_ROOMS_PER_SESSION"] = "5";
    CHECK(load({}).max_rooms_per_session == 5);
    CHECK(load({"--max-rooms-per-session", "2"}).max_rooms_per_session == 2);
    g_env.clear();
    CHECK(bad_field({"--max-rooms-per-session", "0"}) == "max-rooms-per-session");
    CHECK(bad_field({"--max-rooms-per-session", "many"}) == "max-rooms-per-session");
}

TEST_CASE("exit-url: default the local neutral page, from the file, the environment and a flag",
          "[config]") {
    g_env.clear();
    CHECK(load({}).exit_url == "/neutral.html");
    CHECK(apply_config_json(Config{}, R"({"exit_url": "https://weather.example/"})", "test")
              .exit_url == "https://weather.example/");
    g_env["IBASHO_EXIT_URL"] = "/quiet.html";
    CHECK(load({}).exit_url == "/quiet.html");
    CHECK(load({"--exit-url", "https://news.example/top?x=1"}).exit_url ==
          "https://news.example/top?x=1");
    g_env.clear();
    CHECK(bad_field({"--exit-url", "javascript:alert(1)"}) == "exit-url");
    CHECK(bad_field({"--exit-url", "//evil.example/"}) == "exit-url");
    CHECK(bad_field({"--exit-url", "https://a.example/\"><script>"}) == "exit-url");
    CHECK(bad_field({"--exit-url", "https://"}) == "exit-url");
    CHECK(help_text().find("--exit-url ") != std::string::npos);
}

TEST_CASE("drain-time: default 0 (no draining), from the file, the environment and a flag",
          "[config]") {
    g_env.clear();
    CHECK(load({}).drain_time == std::chrono::seconds(0));
    CHECK(apply_config_json(Config{}, R"({"drain_time": 4})", "test").drain_time ==
          std::chrono::seconds(4));
    g_env["IBASHO_DRAIN_TIME"] = "6";
    CHECK(load({}).drain_time == std::chrono::seconds(6));
    CHECK(load({"--drain-time", "2"}).drain_time == std::chrono::seconds(2));
    g_env.clear();
    CHECK(bad_field({"--drain-time", "301"}) == "drain-time");
    CHECK(bad_field({"--drain-time", "soon"}) == "drain-time");
}

TEST_CASE("the Debian package's default config loads", "[config][package]") {
    // CTest runs the unit tests from the source folder.
    std::ifstream in("packaging/etc/ibasho.json");
    REQUIRE(in);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const Config c = apply_config_json(Config{}, text, "packaging/etc/ibasho.json");
    validate(c);
    CHECK(c.store == StoreKind::redis);
    CHECK(c.rooms_file == "/etc/ibasho/rooms.json");
    CHECK(c.drain_time > std::chrono::seconds(2));  // HAProxy: inter 1s, fall 2
    CHECK(c.static_dir == Config{}.static_dir);     // found beside the binary
}

TEST_CASE("proxy-from and the per-address limits: off by default, from every layer",
          "[config][proxy]") {
    g_env.clear();
    const Config d = load({});
    CHECK(d.proxy_from.empty());
    CHECK(d.address_connections == 0);
    CHECK(d.address_frames == 0);
    CHECK(load({"--proxy-from", "127.0.0.1/32,10.0.0.0/8"}).proxy_from ==
          "127.0.0.1/32,10.0.0.0/8");
    g_env["IBASHO_PROXY_FROM"] = "::1/128";
    g_env["IBASHO_ADDRESS_CONNECTIONS"] = "120";
    CHECK(load({}).proxy_from == "::1/128");
    CHECK(load({}).address_connections == 120);
    g_env.clear();
    const Config f = apply_config_json(
        Config{}, R"({"proxy_from": "192.0.2.0/24", "address_frames": 3000})", "test");
    CHECK(f.proxy_from == "192.0.2.0/24");
    CHECK(f.address_frames == 3000);
    CHECK(bad_field({"--proxy-from", "127.0.0.1/33"}) == "proxy-from");
    CHECK(bad_field({"--proxy-from", "haproxy.local"}) == "proxy-from");
    CHECK(bad_field({"--address-connections", "-1"}) == "address-connections");
    CHECK(bad_field({"--address-frames", "lots"}) == "address-frames");
    CHECK(help_text().find("--proxy-from ") != std::string::npos);
}
