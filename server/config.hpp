// Server configuration: defaults, then a JSON config file, then IBASHO_* environment variables,
// then command-line flags. Any bad value stops start-up with a ConfigError naming the field.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/log.hpp"

namespace ibasho {

struct Endpoint {
    std::string host;
    std::uint16_t port = 0;
    std::string to_string() const;
    bool operator==(const Endpoint&) const = default;
};

enum class StoreKind { memory, redis };

// Where a Redis role lives: one fixed host:port, or (when `sentinels` is not empty) whichever
// server the sentinels name as the primary of `master`, asked again on every (re)connect.
struct RedisAddress {
    RedisAddress() = default;
    // The fixed address of one server (what tests and --redis give).
    RedisAddress(std::string host_, std::uint16_t port_, int db_ = 0)
        : host(std::move(host_)), port(port_), db(db_) {}

    std::string host = "127.0.0.1";
    std::uint16_t port = 6379;
    int db = 0;
    bool operator==(const RedisAddress&) const = default;
    std::vector<Endpoint> sentinels;
    std::string master;
    bool uses_sentinel() const { return !sentinels.empty(); }
};

struct Config {
    std::optional<Endpoint> listen = Endpoint{"127.0.0.1", 8080};
    std::optional<Endpoint> tls_listen;
    std::string cert_file;
    std::string key_file;
    StoreKind store = StoreKind::memory;
    std::optional<RedisAddress> redis;
    // The durable Store's Redis (AOF on). Unset: the same as `redis` (one Redis, development).
    // `redis` then holds only what expires and should run without persistence, so message
    // text never reaches a file (docs/privacy.md, "Which Redis holds what").
    std::optional<RedisAddress> store_redis;
    // The durable Store's primary by its Sentinel master name, behind the same sentinels as
    // --redis (load() turns it into store_redis).
    std::string store_redis_master;
    std::string redis_prefix = "ib:";
    std::string rooms_file;
    std::string static_dir = "client-web/dist";
    // Where quick exit sends the participant (GET /api/client-config): in production another,
    // ordinary site; the default is the client's own neutral page.
    std::string exit_url = "/neutral.html";
    unsigned threads = 0;  // 0 = one per core
    std::string node_id;   // empty = random at start-up
    log::Level log_level = log::Level::info;
    std::vector<std::string> allowed_origins;  // added to the server's own origin

    std::size_t max_message_bytes = 16 * 1024;
    std::chrono::seconds handshake_timeout{10};
    std::chrono::seconds idle_timeout{40};  // a ping goes out at half of it
    std::size_t send_queue_bytes = 1024 * 1024;
    std::size_t send_queue_frames = 4096;
    // Rooms one session may sit in at once (staff of a room are not counted against it).
    std::size_t max_rooms_per_session = 8;
    std::chrono::seconds shutdown_grace{5};
    // On SIGTERM, /readyz answers 503 for this long while everything else keeps serving, so a
    // proxy's health check takes the node out before its listeners and clients close.
    std::chrono::seconds drain_time{0};
    std::chrono::seconds session_ttl{30 * 60};
    std::chrono::seconds presence_expiry{30};  // Redis store: a dead node's members vanish by then
    std::size_t max_connections = 0;           // 0 = limited only by the open-file limit
    // The plain listener sits behind a TLS-terminating proxy: its requests count as HTTPS for
    // the endpoints that take a password.
    bool behind_tls_proxy = false;
    // Peers whose PROXY protocol v2 header names the client (CIDR list, e.g. the HAProxy
    // hosts); a connection from one must start with that header. Empty: nobody's is believed.
    std::string proxy_from;
    // Per keyed address hash, across every node sharing Redis (docs/guide-operators.md): new
    // connections and WebSocket frames per address_limit_window. 0 = no limit.
    std::uint32_t address_connections = 0;
    std::uint32_t address_frames = 0;
    // Scheduled rooms (issue 14), test-only knobs: how long before an event's end members are
    // told (the product's 5 minutes), and a JSON file of room windows that stands in for the
    // events (integration tests and the benchmark; empty: the events in the Store).
    std::chrono::seconds schedule_warning{300};
    std::string schedule_windows_file;
};

class ConfigError : public std::runtime_error {
  public:
    ConfigError(std::string field, std::string problem);
    const std::string& field() const { return field_; }
    const std::string& problem() const { return problem_; }

  private:
    std::string field_;
    std::string problem_;
};

// What start-up should do after reading the command line.
enum class ConfigAction { run, help, version };

struct ConfigResult {
    ConfigAction action = ConfigAction::run;
    Config config;
};

// Reads a getenv-like function so tests need not touch the real environment.
using EnvLookup = std::optional<std::string> (*)(const char* name);
std::optional<std::string> real_env(const char* name);

// Throws ConfigError on the first bad field; never returns a half-valid Config.
ConfigResult load_config(const std::vector<std::string>& args, EnvLookup env = real_env);

// Parses one JSON document as a config file's contents on top of `base`.
Config apply_config_json(Config base, std::string_view json_text, std::string_view origin);

// Checks cross-field rules (a TLS listener needs a cert and key, at least one listener, ...).
void validate(const Config& config);

std::string help_text();

// Shared by every Redis role's flags (--redis-sentinel/--redis-master and any later role's own
// pair): "HOST:PORT,HOST:PORT,..." (at least one, ports 1-65535), and a Sentinel master name
// (1-64 of A-Z a-z 0-9 . - _). Throw ConfigError naming `field`.
std::vector<Endpoint> parse_sentinel_list(std::string_view field, const std::string& v);
std::string parse_sentinel_master(std::string_view field, const std::string& v);

}  // namespace ibasho
