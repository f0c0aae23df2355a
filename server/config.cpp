#include "server/config.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

#include "server/http/cidr.hpp"

namespace ibasho {
namespace {

using Setter = std::function<void(Config&, const std::string&)>;

struct Option {
    std::string_view name;  // flag name without "--"; JSON key uses '_' for '-'
    std::string_view arg;
    std::string_view help;
    std::string_view default_text;
    Setter set;
    bool boolean = false;  // a flag that needs no value: "--name" means "--name=true"
};

[[noreturn]] void fail(std::string_view field, std::string problem) {
    throw ConfigError(std::string(field), std::move(problem));
}

std::uint64_t parse_uint(std::string_view field, const std::string& v, std::uint64_t lo,
                         std::uint64_t hi) {
    std::uint64_t out = 0;
    const auto* end = v.data() + v.size();
    auto [ptr, ec] = std::from_chars(v.data(), end, out);
    if (v.empty() || ec != std::errc{} || ptr != end) {
        fail(field, "'" + v + "' is not a whole number");
    }
    if (out < lo || out > hi) {
        fail(field, std::to_string(out) + " is out of range (" + std::to_string(lo) + " to " +
                        std::to_string(hi) + ")");
    }
    return out;
}

std::optional<Endpoint> parse_endpoint(std::string_view field, const std::string& v) {
    if (v == "off" || v == "none" || v == "false") {
        return std::nullopt;
    }
    std::string host;
    std::string port;
    if (!v.empty() && v.front() == '[') {
        auto close = v.find(']');
        if (close == std::string::npos || close + 1 >= v.size() || v[close + 1] != ':') {
            fail(field, "'" + v + "' is not [IPv6]:PORT");
        }
        host = v.substr(1, close - 1);
        port = v.substr(close + 2);
    } else {
        auto colon = v.rfind(':');
        if (colon == std::string::npos || v.find(':') != colon) {
            fail(field, "'" + v + "' is not HOST:PORT (use [::1]:PORT for IPv6, or 'off')");
        }
        host = v.substr(0, colon);
        port = v.substr(colon + 1);
    }
    if (host.empty()) {
        fail(field, "'" + v + "' has no host (write 0.0.0.0:PORT to listen on all addresses)");
    }
    Endpoint ep;
    ep.host = host;
    ep.port = static_cast<std::uint16_t>(parse_uint(field, port, 0, 65535));
    return ep;
}

RedisAddress parse_redis_url(std::string_view field, const std::string& v) {
    constexpr std::string_view scheme = "redis://";
    if (v.rfind(scheme, 0) != 0) {
        fail(field, "'" + v + "' is not a redis:// URL (redis://HOST:PORT/DB)");
    }
    std::string rest = v.substr(scheme.size());
    RedisAddress addr;
    if (auto slash = rest.find('/'); slash != std::string::npos) {
        const std::string db = rest.substr(slash + 1);
        if (!db.empty()) {
            addr.db = static_cast<int>(parse_uint(field, db, 0, 15));
        }
        rest = rest.substr(0, slash);
    }
    if (rest.find('@') != std::string::npos) {
        fail(field, "credentials in the URL are not supported; keep Redis on a private network");
    }
    if (auto colon = rest.rfind(':'); colon != std::string::npos) {
        addr.host = rest.substr(0, colon);
        addr.port = static_cast<std::uint16_t>(parse_uint(field, rest.substr(colon + 1), 1, 65535));
    } else {
        addr.host = rest;
    }
    if (addr.host.empty()) {
        fail(field, "'" + v + "' has no host");
    }
    return addr;
}

std::vector<std::string> parse_origins(std::string_view field, const std::string& v) {
    std::vector<std::string> out;
    std::stringstream ss(v);
    std::string item;
    while (std::getline(ss, item, ',')) {
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (item.empty()) {
            continue;
        }
        const bool http = item.rfind("http://", 0) == 0 || item.rfind("https://", 0) == 0;
        const auto host_start = item.find("://") + 3;
        if (!http || host_start >= item.size() || item.find('/', host_start) != std::string::npos) {
            fail(field, "'" + item + "' is not an origin like https://example.org[:port]");
        }
        out.push_back(item);
    }
    return out;
}

bool parse_bool(std::string_view field, const std::string& v) {
    if (v == "true" || v == "1" || v == "yes" || v == "on") {
        return true;
    }
    if (v == "false" || v == "0" || v == "no" || v == "off") {
        return false;
    }
    fail(field, "'" + v + "' is not true or false");
}

std::chrono::seconds seconds_in(std::string_view field, const std::string& v, std::uint64_t lo,
                                std::uint64_t hi) {
    return std::chrono::seconds(static_cast<long long>(parse_uint(field, v, lo, hi)));
}

const std::vector<Option>& options() {
    static const std::vector<Option> table = {
        {"listen", "HOST:PORT", "plain HTTP/WebSocket listener, or 'off'", "127.0.0.1:8080",
         [](Config& c, const std::string& v) { c.listen = parse_endpoint("listen", v); }},
        {"tls-listen", "HOST:PORT", "HTTPS/WSS listener, or 'off'", "off",
         [](Config& c, const std::string& v) { c.tls_listen = parse_endpoint("tls-listen", v); }},
        {"cert", "FILE", "TLS certificate chain (PEM)", "",
         [](Config& c, const std::string& v) { c.cert_file = v; }},
        {"key", "FILE", "TLS private key (PEM)", "",
         [](Config& c, const std::string& v) { c.key_file = v; }},
        {"redis", "URL", "Redis for the store: redis://HOST:PORT/DB (sets --store redis)", "",
         [](Config& c, const std::string& v) {
             RedisAddress addr = parse_redis_url("redis", v);
             // The sentinels may come from the file or the environment before this flag.
             if (c.redis) {
                 addr.sentinels = std::move(c.redis->sentinels);
                 addr.master = std::move(c.redis->master);
             }
             c.redis = std::move(addr);
             c.store = StoreKind::redis;
         }},
        {"store-redis", "URL",
         "Redis for the durable Store (AOF on); --redis then holds only what expires and runs "
         "without persistence",
         "same as --redis",
         [](Config& c, const std::string& v) {
             c.store_redis = parse_redis_url("store-redis", v);
         }},
        {"store-redis-master", "NAME",
         "the Sentinel master name of the durable Store's primary, watched by the same "
         "sentinels as --redis-master (--store-redis then gives only the /DB)",
         "",
         [](Config& c, const std::string& v) {
             c.store_redis_master = parse_sentinel_master("store-redis-master", v);
         }},
        {"redis-sentinel", "LIST",
         "Sentinels to ask for the primary, HOST:PORT,HOST:PORT,... (needs --redis-master; "
         "--redis then gives only the /DB; sets --store redis)",
         "",
         [](Config& c, const std::string& v) {
             if (!c.redis) {
                 c.redis = RedisAddress{};
             }
             c.redis->sentinels = parse_sentinel_list("redis-sentinel", v);
             c.store = StoreKind::redis;
         }},
        {"redis-master", "NAME", "the Sentinel master name of the primary (with --redis-sentinel)",
         "",
         [](Config& c, const std::string& v) {
             if (!c.redis) {
                 c.redis = RedisAddress{};
             }
             c.redis->master = parse_sentinel_master("redis-master", v);
         }},
        {"redis-prefix", "PREFIX", "start of every Redis key and channel ([A-Za-z0-9:_-], 1-32)",
         "ib:",
         [](Config& c, const std::string& v) {
             const bool good =
                 !v.empty() && v.size() <= 32 && std::all_of(v.begin(), v.end(), [](char ch) {
                     return std::isalnum(static_cast<unsigned char>(ch)) || ch == ':' ||
                            ch == '-' || ch == '_';
                 });
             if (!good) {
                 fail("redis-prefix", "'" + v + "' must be 1-32 of A-Z a-z 0-9 : - _");
             }
             c.redis_prefix = v;
         }},
        {"store", "KIND", "'memory' (one process) or 'redis'", "memory",
         [](Config& c, const std::string& v) {
             if (v == "memory") {
                 c.store = StoreKind::memory;
             } else if (v == "redis") {
                 c.store = StoreKind::redis;
             } else {
                 fail("store", "'" + v + "' is not 'memory' or 'redis'");
             }
         }},
        {"rooms", "FILE", "rooms file (JSON); re-read on SIGHUP", "",
         [](Config& c, const std::string& v) { c.rooms_file = v; }},
        {"static", "DIR", "folder served as the web client", "client-web/dist",
         [](Config& c, const std::string& v) { c.static_dir = v; }},
        {"exit-url", "URL",
         "where quick exit goes: https://... or a local /path (replaces the history entry)",
         "/neutral.html",
         [](Config& c, const std::string& v) {
             const bool web = v.rfind("https://", 0) == 0 || v.rfind("http://", 0) == 0;
             const bool local = v.size() >= 1 && v[0] == '/' && (v.size() == 1 || v[1] != '/');
             const bool clean = std::none_of(v.begin(), v.end(), [](char ch) {
                 return static_cast<unsigned char>(ch) <= 0x20 || ch == '"' || ch == '\'' ||
                        ch == '<' || ch == '>' || ch == '\\' || ch == 0x7f;
             });
             if (!(web && v.size() > 8) && !local) {
                 fail("exit-url", "must start with https:// (or http://) or be a local /path");
             }
             if (!clean || v.size() > 2000) {
                 fail("exit-url", "must be a plain URL (no spaces, quotes or angle brackets)");
             }
             c.exit_url = v;
         }},
        {"threads", "N", "I/O threads (one io_context each); 0 = one per core", "0",
         [](Config& c, const std::string& v) {
             c.threads = static_cast<unsigned>(parse_uint("threads", v, 0, 256));
         }},
        {"node-id", "ID", "this node's name in logs and metrics ([A-Za-z0-9_-], 1-32)", "random",
         [](Config& c, const std::string& v) {
             const bool good =
                 !v.empty() && v.size() <= 32 && std::all_of(v.begin(), v.end(), [](char ch) {
                     return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
                 });
             if (!good) {
                 fail("node-id", "'" + v + "' must be 1-32 of A-Z a-z 0-9 - _");
             }
             c.node_id = v;
         }},
        {"log-level", "LEVEL", "debug, info, warn, error or off", "info",
         [](Config& c, const std::string& v) {
             if (!log::parse_level(v, c.log_level)) {
                 fail("log-level", "'" + v + "' is not debug, info, warn, error or off");
             }
         }},
        {"allowed-origins", "LIST",
         "comma-separated origins allowed to open /ws, besides the server's own", "",
         [](Config& c, const std::string& v) {
             c.allowed_origins = parse_origins("allowed-origins", v);
         }},
        {"max-message-bytes", "N", "largest WebSocket message accepted (bigger: close 1009)",
         "16384",
         [](Config& c, const std::string& v) {
             c.max_message_bytes = parse_uint("max-message-bytes", v, 1024, 1 << 20);
         }},
        {"handshake-timeout", "SECONDS", "time allowed for the TLS and WebSocket handshakes", "10",
         [](Config& c, const std::string& v) {
             c.handshake_timeout = seconds_in("handshake-timeout", v, 1, 120);
         }},
        {"idle-timeout", "SECONDS",
         "a silent connection is pinged at half of this and closed at the end of it", "40",
         [](Config& c, const std::string& v) {
             c.idle_timeout = seconds_in("idle-timeout", v, 2, 3600);
         }},
        {"send-queue-bytes", "N", "bytes queued for one client before it is dropped (4001)",
         "1048576",
         [](Config& c, const std::string& v) {
             c.send_queue_bytes = parse_uint("send-queue-bytes", v, 16 * 1024, 64 << 20);
         }},
        {"send-queue-frames", "N", "objects queued for one client before it is dropped (4001)",
         "4096",
         [](Config& c, const std::string& v) {
             c.send_queue_frames = parse_uint("send-queue-frames", v, 16, 1 << 20);
         }},
        {"max-rooms-per-session", "N",
         "rooms one session may be in at once (a further join: too_many_rooms)", "8",
         [](Config& c, const std::string& v) {
             c.max_rooms_per_session = parse_uint("max-rooms-per-session", v, 1, 1000);
         }},
        {"shutdown-grace", "SECONDS", "how long a shutdown waits for clients to close", "5",
         [](Config& c, const std::string& v) {
             c.shutdown_grace = seconds_in("shutdown-grace", v, 1, 120);
         }},
        {"drain-time", "SECONDS",
         "on SIGTERM: answer /readyz 503 this long before closing listeners and clients", "0",
         [](Config& c, const std::string& v) {
             c.drain_time = seconds_in("drain-time", v, 0, 300);
         }},
        {"session-ttl", "SECONDS", "how long an idle anonymous session can be resumed", "1800",
         [](Config& c, const std::string& v) {
             c.session_ttl = seconds_in("session-ttl", v, 10, 86400);
         }},
        {"presence-expiry", "SECONDS",
         "with Redis: members of a node that stops answering vanish after this", "30",
         [](Config& c, const std::string& v) {
             c.presence_expiry = seconds_in("presence-expiry", v, 3, 600);
         }},
        {"max-connections", "N", "connections per node; 0 = the open-file limit", "0",
         [](Config& c, const std::string& v) {
             c.max_connections = parse_uint("max-connections", v, 0, 10'000'000);
         }},
        {"behind-tls-proxy", "",
         "the plain listener is behind a TLS-terminating proxy: accept staff passwords on it",
         "false",
         [](Config& c, const std::string& v) {
             c.behind_tls_proxy = parse_bool("behind-tls-proxy", v);
         },
         true},
        {"proxy-from", "CIDRS",
         "comma-separated proxy addresses whose PROXY v2 header names the client (HAProxy "
         "send-proxy-v2); a connection from them must send one",
         "",
         [](Config& c, const std::string& v) {
             std::string bad;
             if (!http::parse_cidr_list(v, &bad)) {
                 fail("proxy-from",
                      "'" + bad + "' is not an address range (127.0.0.1/32, ::1/128)");
             }
             c.proxy_from = v;
         }},
        {"address-connections", "N",
         "new connections per address hash per 10 s, counted across nodes; 0 = no limit", "0",
         [](Config& c, const std::string& v) {
             c.address_connections =
                 static_cast<std::uint32_t>(parse_uint("address-connections", v, 0, 1'000'000));
         }},
        {"address-frames", "N",
         "WebSocket frames per address hash per 10 s, counted across nodes; 0 = no limit", "0",
         [](Config& c, const std::string& v) {
             c.address_frames =
                 static_cast<std::uint32_t>(parse_uint("address-frames", v, 0, 100'000'000));
         }},
        {"schedule-warning-s", "SECONDS",
         "test only: how long before an event's end its members are told", "300",
         [](Config& c, const std::string& v) {
             c.schedule_warning = seconds_in("schedule-warning-s", v, 1, 3600);
         }},
        {"schedule-windows", "FILE",
         "test only: a JSON file of room windows used instead of the stored events", "",
         [](Config& c, const std::string& v) { c.schedule_windows_file = v; }},
    };
    return table;
}

const Option* find_option(std::string_view name) {
    for (const auto& o : options()) {
        if (o.name == name) {
            return &o;
        }
    }
    return nullptr;
}

std::string env_name(std::string_view option) {
    std::string out = "IBASHO_";
    for (char c : option) {
        out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        fail("config", "cannot read '" + path + "'");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

std::vector<Endpoint> parse_sentinel_list(std::string_view field, const std::string& v) {
    std::vector<Endpoint> out;
    std::stringstream ss(v);
    std::string item;
    while (std::getline(ss, item, ',')) {
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (item.empty()) {
            continue;
        }
        if (item == "off" || item == "none" || item == "false") {
            fail(field, "'" + item + "' is not HOST:PORT");
        }
        auto ep = parse_endpoint(field, item);
        if (ep->port == 0) {
            fail(field, "'" + item + "' needs a port (Sentinel's usual one is 26379)");
        }
        out.push_back(std::move(*ep));
    }
    if (out.empty()) {
        fail(field, "needs at least one HOST:PORT");
    }
    return out;
}

std::string parse_sentinel_master(std::string_view field, const std::string& v) {
    const bool good = !v.empty() && v.size() <= 64 && std::all_of(v.begin(), v.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == '_';
    });
    if (!good) {
        fail(field, "'" + v + "' must be 1-64 of A-Z a-z 0-9 . - _");
    }
    return v;
}

std::string Endpoint::to_string() const {
    if (host.find(':') != std::string::npos) {
        return "[" + host + "]:" + std::to_string(port);
    }
    return host + ":" + std::to_string(port);
}

ConfigError::ConfigError(std::string field, std::string problem)
    : std::runtime_error(field + ": " + problem),
      field_(std::move(field)),
      problem_(std::move(problem)) {}

std::optional<std::string> real_env(const char* name) {
    if (const char* v = std::getenv(name)) {
        return std::string(v);
    }
    return std::nullopt;
}

Config apply_config_json(Config base, std::string_view json_text, std::string_view origin) {
    auto doc = nlohmann::json::parse(json_text, nullptr, false);
    if (doc.is_discarded()) {
        fail("config", std::string(origin) + " is not valid JSON");
    }
    if (!doc.is_object()) {
        fail("config", std::string(origin) + " must hold one JSON object");
    }
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        std::string name = it.key();
        std::replace(name.begin(), name.end(), '_', '-');
        const Option* opt = find_option(name);
        if (opt == nullptr) {
            fail(it.key(), "unknown setting in " + std::string(origin));
        }
        const auto& v = it.value();
        std::string text;
        if (v.is_string()) {
            text = v.get<std::string>();
        } else if (v.is_number_unsigned()) {
            text = std::to_string(v.get<std::uint64_t>());
        } else if (v.is_boolean()) {
            text = v.get<bool>() ? "true" : "false";
        } else if (v.is_array() &&
                   std::all_of(v.begin(), v.end(), [](const auto& e) { return e.is_string(); })) {
            for (const auto& e : v) {
                text += (text.empty() ? "" : ",") + e.get<std::string>();
            }
        } else if (v.is_null() && (name == "listen" || name == "tls-listen")) {
            text = "off";
        } else {
            fail(it.key(), "has the wrong type (" + std::string(v.type_name()) + ")");
        }
        opt->set(base, text);
    }
    return base;
}

void validate(const Config& c) {
    if (!c.listen && !c.tls_listen) {
        fail("listen", "no listener: set --listen or --tls-listen");
    }
    if (c.listen && c.tls_listen && c.listen->port != 0 && c.listen->port == c.tls_listen->port &&
        c.listen->host == c.tls_listen->host) {
        fail("tls-listen", "uses the same address as --listen");
    }
    if (c.tls_listen) {
        if (c.cert_file.empty()) {
            fail("cert", "a TLS listener needs --cert");
        }
        if (c.key_file.empty()) {
            fail("key", "a TLS listener needs --key");
        }
    }
    if (c.store == StoreKind::redis && !c.redis) {
        fail("store", "'redis' needs --redis redis://HOST:PORT");
    }
    if (c.store_redis && !c.redis) {
        fail("store-redis", "needs --redis as well (the Redis for what expires)");
    }
    if (!c.store_redis_master.empty() && (!c.redis || !c.redis->uses_sentinel())) {
        fail("store-redis-master", "needs --redis-sentinel HOST:PORT,... and --redis-master");
    }
    if (c.redis && c.redis->uses_sentinel() && c.redis->master.empty()) {
        fail("redis-master", "--redis-sentinel needs --redis-master NAME");
    }
    if (c.redis && !c.redis->master.empty() && !c.redis->uses_sentinel()) {
        fail("redis-sentinel", "--redis-master needs --redis-sentinel HOST:PORT,...");
    }
    if (c.send_queue_bytes < c.max_message_bytes) {
        fail("send-queue-bytes", "must be at least max-message-bytes");
    }
}

ConfigResult load_config(const std::vector<std::string>& args, EnvLookup env) {
    ConfigResult result;
    // Collect flags first so that the file named by --config is applied before them.
    std::vector<std::pair<const Option*, std::string>> flags;
    std::optional<std::string> config_path = env("IBASHO_CONFIG");
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        if (arg == "--help" || arg == "-h") {
            result.action = ConfigAction::help;
            return result;
        }
        if (arg == "--version") {
            result.action = ConfigAction::version;
            return result;
        }
        if (arg.rfind("--", 0) != 0) {
            fail(arg, "unexpected argument (flags start with --; see --help)");
        }
        std::string name = arg.substr(2);
        std::optional<std::string> value;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const Option* opt = find_option(name);
        if (!value && opt != nullptr && opt->boolean) {
            value = "true";
        }
        if (!value) {
            if (i + 1 >= args.size()) {
                fail(name, "needs a value");
            }
            value = args[++i];
        }
        if (name == "config") {
            config_path = *value;
            continue;
        }
        if (opt == nullptr) {
            fail(name, "unknown flag (see --help)");
        }
        flags.emplace_back(opt, *value);
    }

    Config c;
    if (config_path) {
        c = apply_config_json(std::move(c), read_file(*config_path), "'" + *config_path + "'");
    }
    for (const auto& opt : options()) {
        if (auto v = env(env_name(opt.name).c_str())) {
            opt.set(c, *v);
        }
    }
    for (const auto& [opt, value] : flags) {
        opt->set(c, value);
    }
    if (!c.store_redis_master.empty() && c.redis && c.redis->uses_sentinel()) {
        RedisAddress store = c.store_redis.value_or(RedisAddress{});
        store.sentinels = c.redis->sentinels;
        store.master = c.store_redis_master;
        c.store_redis = std::move(store);
    }
    validate(c);
    result.config = std::move(c);
    return result;
}

std::string help_text() {
    std::string out =
        "Usage: ibasho-server [--config FILE] [flags]\n\n"
        "Every flag can also be set as IBASHO_<NAME> in the environment or as \"<name>\"\n"
        "(with '_' for '-') in the JSON config file. Flags override the environment, which\n"
        "overrides the file.\n\n"
        "  --config FILE                 JSON config file (env IBASHO_CONFIG)\n";
    for (const auto& o : options()) {
        std::string left =
            "  --" + std::string(o.name) + (o.arg.empty() ? "" : " ") + std::string(o.arg);
        if (left.size() < 32) {
            left.resize(32, ' ');
        } else {
            left += ' ';
        }
        out += left + std::string(o.help);
        if (!o.default_text.empty()) {
            out += " [default: " + std::string(o.default_text) + "]";
        }
        out += '\n';
    }
    out += "  --help                        this text\n";
    out += "  --version                     print the version and exit\n";
    return out;
}

}  // namespace ibasho
