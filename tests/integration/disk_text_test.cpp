// Message text never outlives its age on disk (DESIGN.md rule 3, issue 15): with the two Redis
// roles, text written into a room with a short history age, reported and hidden, is on no file
// under either Redis's data folder once the age has passed, with no one asking for an AOF
// rewrite; and with one Redis with AOF (development's layout) the same check finds it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/integration/support/cluster_nodes.hpp"
#include "tests/integration/support/staff_seed.hpp"
#include "tests/integration/support/temp_dir.hpp"

using namespace ibasho::itest;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr const char* marker = "ZK7Q";  // in every text this test writes, and nowhere else

std::string file_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The files under `dir` (AOF folder, RDB, rewrite and temp files, logs) that hold `needle`.
std::vector<std::string> files_holding(const std::string& dir, const std::string& needle) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        if (e.is_regular_file() && file_text(e.path()).find(needle) != std::string::npos)
            out.push_back(e.path().string());
    }
    return out;
}

std::string rooms_file(TempDir& dir) {
    return dir.write("rooms.json", R"({"rooms": [
        {"id": "brief", "name": {"ja": "短い", "en": "Brief"}, "audience": ["open"],
         "rate_limit": "off", "history_age_s": 2}]})");
}

// Whether Redis still serves `needle` in the room's history.
bool history_holds(const ControlledRedis& redis, const std::string& prefix,
                   const std::string& needle) {
    return redis.cli("--raw LRANGE '" + prefix + "{brief}:h' 0 -1").find(needle) !=
           std::string::npos;
}

// Waits until the history age has passed: the history no longer holds the marker.
void wait_out_history(const ControlledRedis& redis, const std::string& prefix) {
    const auto deadline = SteadyClock::now() + 10s;
    while (history_holds(redis, prefix, marker) && SteadyClock::now() < deadline)
        std::this_thread::sleep_for(100ms);
    REQUIRE_FALSE(history_holds(redis, prefix, marker));
}

// A little beyond: an AOF is written in order, so once a write made now is in its files,
// everything Redis did before it is there too (appendfsync everysec included).
void flush_aof(const ControlledRedis& redis, const std::string& probe) {
    redis.cli("SET " + probe + " 1 EX 60");
    const auto deadline = SteadyClock::now() + 5s;
    while (files_holding(redis.data_dir(), probe).empty() && SteadyClock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    REQUIRE_FALSE(files_holding(redis.data_dir(), probe).empty());
}

// The keys of the Store records (hashes) whose values hold `needle`, one per line ("" if none).
std::string store_records_holding(const ControlledRedis& redis, const std::string& needle) {
    std::string keys = redis.cli(
        "--raw EVAL \"local out = {} "
        "for _, k in ipairs(redis.call('KEYS', '*')) do "
        "  if redis.call('TYPE', k).ok == 'hash' then "
        "    for _, v in ipairs(redis.call('HVALS', k)) do "
        "      if string.find(v, ARGV[1], 1, true) then table.insert(out, k) end "
        "    end "
        "  end "
        "end "
        "return out\" 0 " +
        needle);
    while (!keys.empty() && (keys.back() == '\n' || keys.back() == ' '))
        keys.pop_back();
    return keys;
}

}  // namespace

TEST_CASE("with the two Redis roles, expired message text is on no file of either Redis",
          "[cluster][privacy][disk]") {
    ControlledRedis ephemeral(Persistence::none);
    ControlledRedis durable(Persistence::aof_everysec);
    TempDir dir;
    ServerOptions o;
    o.rooms_file = rooms_file(dir);
    const std::string p = fresh_prefix("disk");
    auto n1 = redis_node(ephemeral, durable, p, o), n2 = redis_node(ephemeral, durable, p, o);
    ibasho::test::StaffSpec spec;
    spec.rooms = {"brief"};
    const std::string staff_token = seed_staff(durable, p, spec);  // staff are durable

    auto a = client_of(*n1);
    auto b = client_of(*n2);
    a->hello();
    b->hello();
    a->join("brief", "かく");
    b->join("brief", "よむ");
    auto supporter = staff_client(*n2, staff_token);
    supporter->join("brief", "ひかり");

    // One message reported (the report keeps a copy of its text), one hidden (the hidden
    // record keeps the original), one left alone.
    const std::string texts[3] = {std::string("しんどい夜 ") + marker + "-1",
                                  std::string("だれにも言えない ") + marker + "-2",
                                  std::string("ありがとう ") + marker + "-3"};
    std::uint64_t seqs[3] = {};
    for (int i = 0; i < 3; ++i) {
        a->say("brief", texts[i], "m" + std::to_string(i));
        Json m = b->read_until("message");
        REQUIRE(m["text"] == texts[i]);
        seqs[i] = m["seq"].get<std::uint64_t>();
    }
    b->send(Json{{"type", "report"},
                 {"room", "brief"},
                 {"seq", seqs[0]},
                 {"reason", "hurtful"},
                 {"id", "r1"}});
    CHECK(answer(*b, "done")["type"] == "done");
    supporter->send(Json{{"type", "hide"},
                         {"room", "brief"},
                         {"seq", seqs[1]},
                         {"reason", "hurtful"},
                         {"id", "h1"}});
    CHECK(answer(*supporter, "done")["type"] == "done");

    // The durable Redis was written (the room, the staff member) and its AOF is real: the
    // check below reads files that exist.
    flush_aof(durable, "disk-probe-1");
    REQUIRE(std::filesystem::exists(durable.data_dir() + "/appendonlydir"));
    CHECK_FALSE(files_holding(durable.data_dir(), "{s}:r:room:brief").empty());
    // Where the text is meant to be: the ephemeral Redis's history, in memory only.
    CHECK(history_holds(ephemeral, p, texts[2]));

    wait_out_history(ephemeral, p);
    flush_aof(durable, "disk-probe-2");

    {
        INFO("files of the durable Redis holding message text");
        CHECK(files_holding(durable.data_dir(), marker) == std::vector<std::string>{});
    }
    {
        INFO("files of the ephemeral Redis holding message text");
        CHECK(files_holding(ephemeral.data_dir(), marker) == std::vector<std::string>{});
    }
    // No durable record got the text in the first place, not even for a moment.
    CHECK(store_records_holding(durable, marker) == "");
    for (const auto& key : std::vector<std::string>{"k:report", "k:hidden"}) {
        INFO(key);
        CHECK(durable.cli("--raw EXISTS '" + p + "{s}:" + key + "'").find('0') == 0);
        CHECK(ephemeral.cli("--raw EXISTS '" + p + "{s}:" + key + "'").find('1') == 0);
    }
    // The report and the hidden original keep their copies for their own times (docs/
    // privacy.md), in the ephemeral Redis's memory.
    CHECK(store_records_holding(ephemeral, marker) != "");
}

TEST_CASE("with one Redis with AOF, its files keep expired message text: the check sees it",
          "[cluster][privacy][disk]") {
    ControlledRedis redis(Persistence::aof_everysec);
    TempDir dir;
    ServerOptions o;
    o.rooms_file = rooms_file(dir);
    const std::string p = fresh_prefix("disk1");
    auto n = redis_node(redis, p, o);
    auto a = client_of(*n);
    a->hello();
    a->join("brief", "かく");
    const std::string text = std::string("しんどい夜 ") + marker + "-9";
    a->say("brief", text, "m9");
    REQUIRE(a->read_until("message")["text"] == text);

    wait_out_history(redis, p);
    flush_aof(redis, "disk-probe-3");
    // Gone from what Redis serves, still in the AOF until its next rewrite.
    CHECK_FALSE(files_holding(redis.data_dir(), marker).empty());
}
