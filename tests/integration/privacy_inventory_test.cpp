// docs/privacy.md checked against reality: a scripted session through two nodes from a
// distinctive address and user agent, with the two Redis roles (ephemeral and the durable
// Store's), then every log, Redis key, hash field and value, the Redis data files and /metrics
// are scanned; anything the inventory does not list, a key in the other Redis than the one it
// names, or any address, user agent, token or expired text found, fails the test.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "tests/integration/support/cluster_nodes.hpp"
#include "tests/integration/support/http_client.hpp"
#include "tests/integration/support/staff_seed.hpp"
#include "tests/integration/support/subprocess.hpp"
#include "tests/integration/support/temp_dir.hpp"

using namespace ibasho::itest;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr const char* agent = "PrivacyProbe/9.1 (inventory-ua-5150)";
constexpr const char* source = "127.31.41.59";  // any 127/8 address reaches the loopback

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

using Row = std::vector<std::string>;

// The rows of the first table under the heading `heading` (cells trimmed, header dropped).
std::vector<Row> table_under(const std::string& doc, const std::string& heading) {
    std::vector<Row> rows;
    const auto at = doc.find("\n" + heading + "\n");
    REQUIRE(at != std::string::npos);
    std::istringstream lines(doc.substr(at + heading.size() + 2));
    std::string line;
    bool in_table = false;
    int seen = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("## ", 0) == 0)
            break;
        if (line.rfind("|", 0) != 0) {
            if (in_table)
                break;
            continue;
        }
        in_table = true;
        if (++seen <= 2)
            continue;  // the header and the |---| line
        Row row;
        std::string cell;
        std::istringstream cells(line.substr(1));
        while (std::getline(cells, cell, '|'))
            row.push_back(cell);
        rows.push_back(row);
    }
    REQUIRE_FALSE(rows.empty());
    return rows;
}

// The `code spans` of one cell.
std::vector<std::string> spans(const std::string& cell) {
    std::vector<std::string> out;
    static const std::regex span("`([^`]+)`");
    for (std::sregex_iterator i(cell.begin(), cell.end(), span), end; i != end; ++i)
        out.push_back((*i)[1]);
    return out;
}

// A key pattern of the inventory (`{ROOM}:h`) as a regex; KIND is captured.
std::regex pattern_regex(const std::string& pattern) {
    static const std::map<std::string, std::string> holes{
        {"ROOM", "[^}]+"}, {"HASH", "[0-9a-f]+"}, {"KIND", "([a-z_]+)"},
        {"ID", ".+"},      {"OWNER", ".*"},       {"MEMBER", "[A-Za-z0-9_-]+"}};
    std::string re;
    for (std::size_t i = 0; i < pattern.size();) {
        bool hole = false;
        for (const auto& [word, sub] : holes) {
            if (pattern.compare(i, word.size(), word) == 0) {
                re += sub;
                i += word.size();
                hole = true;
                break;
            }
        }
        if (hole)
            continue;
        const char c = pattern[i++];
        if (std::string("{}[]().*+?^$|\\").find(c) != std::string::npos)
            re += '\\';
        re += c;
    }
    return std::regex(re);
}

struct Family {
    std::string pattern;
    std::regex key;
    std::vector<std::regex> fields;
    std::string redis;  // "ephemeral", "durable", or "by kind" (the Store's families)
};

std::string trimmed(const std::string& cell) {
    const auto a = cell.find_first_not_of(' ');
    const auto b = cell.find_last_not_of(' ');
    return a == std::string::npos ? "" : cell.substr(a, b - a + 1);
}

struct Inventory {
    std::set<std::string> store_kinds;
    std::map<std::string, std::string> kind_redis;  // kind -> "ephemeral" or "durable"
    std::vector<Family> families;
    std::map<std::string, std::set<std::string>> metrics;  // name -> labels

    explicit Inventory(const std::string& doc) {
        for (const auto& row : table_under(doc, "## Store records")) {
            for (const auto& k : spans(row.at(0))) {
                store_kinds.insert(k);
                kind_redis[k] = trimmed(row.at(4));
            }
        }
        for (const auto& row : table_under(doc, "## Redis key families")) {
            Family f;
            f.pattern = spans(row.at(0)).at(0);
            f.key = pattern_regex(f.pattern);
            for (const auto& field : spans(row.at(2)))
                f.fields.push_back(pattern_regex(field));
            f.redis = trimmed(row.at(6));
            families.push_back(std::move(f));
        }
        for (const auto& row : table_under(doc, "## Metrics")) {
            const auto labels = spans(row.at(1));
            metrics[spans(row.at(0)).at(0)] = {labels.begin(), labels.end()};
        }
    }

    // The family `key` (prefix removed) belongs to, or null; `kind` gets a Store kind if any.
    const Family* family_of(const std::string& key, std::string& kind) const {
        for (const auto& f : families) {
            std::smatch m;
            if (std::regex_match(key, m, f.key)) {
                kind = m.size() > 1 ? m[1].str() : "";
                return &f;
            }
        }
        return nullptr;
    }
};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l)) {
        if (!l.empty())
            out.push_back(l);
    }
    return out;
}

std::vector<std::string> all_keys(const ControlledRedis& redis) {
    std::vector<std::string> keys;
    for (auto k : lines_of(redis.cli("--scan"))) {
        if (k.size() > 2 && k.front() == '"')
            k = k.substr(1, k.size() - 2);
        keys.push_back(k);
    }
    return keys;
}

// Every value Redis serves for `key`, whatever its type.
std::string value_of(const ControlledRedis& redis, const std::string& key, std::string& type) {
    type = redis.cli("--raw TYPE '" + key + "'");
    type = type.substr(0, type.find('\n'));
    if (type == "string")
        return redis.cli("--raw GET '" + key + "'");
    if (type == "hash")
        return redis.cli("--raw HGETALL '" + key + "'");
    if (type == "zset")
        return redis.cli("--raw ZRANGE '" + key + "' 0 -1 WITHSCORES");
    if (type == "list")
        return redis.cli("--raw LRANGE '" + key + "' 0 -1");
    if (type == "set")
        return redis.cli("--raw SMEMBERS '" + key + "'");
    return {};
}

// What every value under `prefix` holds, after checking each key and hash field against the
// inventory, and that the inventory places the key in this Redis (`role`).
std::string checked_dump(const ControlledRedis& redis, const std::string& role,
                         const std::string& prefix, const Inventory& inv) {
    std::string all;
    for (const auto& key : all_keys(redis)) {
        INFO("Redis key " << key);
        REQUIRE(key.rfind(prefix, 0) == 0);  // nothing outside the node's prefix
        std::string kind;
        const Family* f = inv.family_of(key.substr(prefix.size()), kind);
        CHECK(f != nullptr);  // a key family docs/privacy.md does not list
        if (f && !kind.empty()) {
            INFO("Store kind " << kind);
            CHECK(inv.store_kinds.count(kind) == 1);
        }
        if (f) {
            INFO("the inventory's Redis for it, found in the " << role << " one");
            const bool by_kind = f->redis == "by kind";
            CHECK((by_kind && inv.kind_redis.count(kind) ? inv.kind_redis.at(kind) : f->redis) ==
                  role);
        }
        std::string type;
        const std::string value = value_of(redis, key, type);
        if (f && type == "hash") {
            const auto items = lines_of(redis.cli("--raw HKEYS '" + key + "'"));
            for (const auto& field : items) {
                INFO("hash field " << field << " of " << f->pattern);
                bool listed = false;
                for (const auto& re : f->fields)
                    listed = listed || std::regex_match(field, re);
                CHECK(listed);
            }
        }
        all += key + "\n" + value;
    }
    return all;
}

void check_clean(const std::string& where, const std::string& text,
                 const std::vector<std::string>& secrets) {
    for (const auto& s : secrets) {
        INFO(where << " holds " << s);
        CHECK(text.find(s) == std::string::npos);
    }
}

std::string dir_files(const std::string& dir) {
    std::string all;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        if (e.is_regular_file())
            all += read_file(e.path().string());
    }
    return all;
}

}  // namespace

TEST_CASE("docs/privacy.md lists everything two nodes keep, and nothing identifying is kept",
          "[cluster][privacy]") {
    const Inventory inv(read_file(std::string(IBASHO_SOURCE_DIR) + "/docs/privacy.md"));
    REQUIRE(inv.store_kinds.count("event") == 1);
    // Production's two roles: history, presence, sessions and the Store's kinds with text in
    // a Redis without persistence; the rest of the Store in one with AOF.
    ControlledRedis redis(Persistence::none);
    ControlledRedis store_redis;  // AOF, an fsync per write: what it got is in its files at once
    TempDir dir;
    const std::string rooms = dir.write("rooms.json", R"({"rooms": [
        {"id": "lobby", "name": {"ja": "ひろば", "en": "Lobby"}, "audience": ["open"],
         "rate_limit": "off"},
        {"id": "brief", "name": {"ja": "短い", "en": "Brief"}, "audience": ["open"],
         "rate_limit": "off", "history_age_s": 2}]})");
    const std::string p = fresh_prefix("pi");
    ServerOptions o1;
    o1.rooms_file = rooms;
    o1.tls = true;
    ServerOptions o2;
    o2.rooms_file = rooms;
    auto n1 = redis_node(redis, store_redis, p, o1), n2 = redis_node(redis, store_redis, p, o2);
    ibasho::test::StaffSpec spec;
    spec.rooms = {"lobby", "brief"};
    const std::string staff_token = seed_staff(store_redis, p, spec);

    const WsOptions probe{.port = n2->http_port(), .user_agent = agent, .local_address = source};
    auto a = std::make_unique<WsClient>(probe);
    WsOptions probe1 = probe;
    probe1.port = n1->http_port();
    auto b = std::make_unique<WsClient>(probe1);
    const std::string token_a = a->hello()["session"];
    const std::string token_b = b->hello()["session"];
    a->join("lobby", "ないしょ");
    b->join("lobby", "きく");
    a->join("brief", "ないしょ");
    auto supporter = staff_client(*n1, staff_token);
    supporter->join("lobby", "ひかり");

    a->say("lobby", "いまの気持ち 4417", "m1");
    const auto seq = b->read_until("message")["seq"].get<std::uint64_t>();
    b->send(
        Json{{"type", "stamp"}, {"room", "lobby"}, {"stamp", "wakaru"}, {"id", "s1"}, {"on", seq}});
    CHECK(answer(*b, "stamp")["type"] == "stamp");
    b->send(Json{
        {"type", "report"}, {"room", "lobby"}, {"seq", seq}, {"reason", "hurtful"}, {"id", "r1"}});
    CHECK(answer(*b, "done")["type"] == "done");
    a->send(Json{{"type", "ask"}, {"room", "lobby"}, {"id", "q1"}});
    CHECK(answer(*a, "ask_waiting")["type"] == "ask_waiting");
    const std::string expiring = "すぐ消える話 8842";
    a->say("brief", expiring, "m2");
    Json echo = answer(*a, "message");
    for (int i = 0; i < 5 && echo.is_object() && echo.value("id", "") != "m2"; ++i)
        echo = answer(*a, "message");
    REQUIRE(echo.is_object());
    CHECK(echo["id"] == "m2");

    // A staff login over TLS with the same user agent, and a failed one (the throttle's record).
    Subprocess admin({IBASHO_SERVER_BIN, "--redis", redis.url(), "--store-redis", store_redis.url(),
                      "--redis-prefix", p, "admin", "create-organiser", "Inventory Org"},
                     dir.path() + "/admin.log");
    REQUIRE(admin.wait_exit(20s) == 0);
    std::smatch m;
    const std::string admin_out = admin.log_text();
    REQUIRE(std::regex_search(admin_out, m, std::regex("one-time password: (\\S+)")));
    const Headers h{{"Content-Type", "application/json"}, {"User-Agent", agent}};
    const HttpResponse wrong =
        http_call(n1->https_port(), true, "POST", "/api/login", h,
                  Json{{"name", "Inventory Org"}, {"password", "not the password"}}.dump());
    CHECK(wrong.status == 401);
    const HttpResponse login =
        http_call(n1->https_port(), true, "POST", "/api/login", h,
                  Json{{"name", "Inventory Org"}, {"password", m[1].str()}}.dump());
    REQUIRE(login.status == 200);
    const std::string login_token = Json::parse(login.body)["token"];

    const std::vector<std::string> secrets{source,  agent,       "inventory-ua-5150", token_a,
                                           token_b, staff_token, login_token};
    std::string redis_now = checked_dump(redis, "ephemeral", p, inv);
    CHECK(redis_now.find("8842") != std::string::npos);  // the history really was scanned
    check_clean("Redis", redis_now, secrets);
    const std::string store_now = checked_dump(store_redis, "durable", p, inv);
    CHECK(store_now.find("{s}:r:room:brief") != std::string::npos);  // it really was scanned
    check_clean("the Store's Redis", store_now, secrets);
    // No message text at all, expired or not, in the durable Redis.
    CHECK(store_now.find("4417") == std::string::npos);
    CHECK(store_now.find("8842") == std::string::npos);

    for (const ServerProcess* n : {n1.get(), n2.get()}) {
        check_clean("a node's log", n->log_text(), secrets);
        const std::string metrics = n->metrics_text();
        check_clean("/metrics", metrics, secrets);
        static const std::regex sample(R"(^([a-z_]+)(\{([^}]*)\})? )");
        static const std::regex label(R"(([a-z_]+)=\")");
        for (const auto& line : lines_of(metrics)) {
            if (line.front() == '#' || !std::regex_search(line, m, sample))
                continue;
            std::string name = m[1];
            for (const char* tail : {"_bucket", "_sum", "_count"}) {
                const std::string t(tail);
                if (!inv.metrics.count(name) && name.size() > t.size() &&
                    name.compare(name.size() - t.size(), t.size(), t) == 0)
                    name.resize(name.size() - t.size());
            }
            INFO("metric line " << line);
            REQUIRE(inv.metrics.count(name) == 1);
            const std::string labels = m[3];
            for (std::sregex_iterator i(labels.begin(), labels.end(), label), end; i != end; ++i)
                CHECK(inv.metrics.at(name).count((*i)[1]) == 1);
        }
    }

    // Expired text gone from every value Redis serves.
    const auto deadline = SteadyClock::now() + 6s;
    while (redis_now.find("8842") != std::string::npos && SteadyClock::now() < deadline) {
        std::this_thread::sleep_for(200ms);
        redis_now = checked_dump(redis, "ephemeral", p, inv);
    }
    CHECK(redis_now.find("8842") == std::string::npos);
    CHECK(redis_now.find("4417") != std::string::npos);  // unexpired text is still there

    // The data files: no message text on any file of either Redis, the expired text included
    // (the Store's AOF has never seen text; the ephemeral Redis writes none); then no secret
    // in them, nor in an RDB from a BGSAVE of each.
    const std::vector<std::string> texts{"4417", "8842"};
    const std::string store_files = dir_files(store_redis.data_dir());
    CHECK(store_files.find("{s}:r:room:brief") != std::string::npos);  // the AOF is there
    check_clean("the Store's Redis data directory (AOF)", store_files, texts);
    check_clean("the ephemeral Redis data directory", dir_files(redis.data_dir()), texts);
    for (const ControlledRedis* r : {&redis, &store_redis}) {
        check_clean("the Redis data directory (AOF)", dir_files(r->data_dir()), secrets);
        r->cli("BGSAVE");
        const auto saved_by = SteadyClock::now() + 5s;
        while (!std::filesystem::exists(r->data_dir() + "/dump.rdb") &&
               SteadyClock::now() < saved_by)
            std::this_thread::sleep_for(50ms);
        REQUIRE(std::filesystem::exists(r->data_dir() + "/dump.rdb"));
        check_clean("the Redis data directory (RDB)", dir_files(r->data_dir()), secrets);
    }
}
