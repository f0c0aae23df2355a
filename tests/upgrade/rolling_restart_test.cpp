// Upgrades without dropping people: three nodes behind HAProxy (deploy/cluster.sh), one real
// Redis, 2,000 WebSocket clients in 40 rooms of 50 chatting through the proxy, and
// deploy/rolling-restart.sh restarting every node in turn. Every client must come back through
// HAProxy with `resume` + `since` and go on: none left out, no room seq missing or repeated,
// every say acknowledged to its writer in every member's log. The longest and median gap
// between losing the socket and being back with the missed messages are printed.
// Also: the script refuses, and touches nothing, when a node is not serving.
#include <catch2/catch.hpp>

#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/subprocess.hpp"
#include "tests/integration/support/temp_dir.hpp"

using namespace ibasho::itest;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

std::string file_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Starts deploy/cluster.sh and waits for its "cluster ready" line.
struct Cluster {
    Cluster(const TempDir& dir, int nodes, const std::vector<std::string>& more)
        : front(unused_port()),
          redis(unused_port()),
          state(dir.path() + "/cluster"),
          script(args(dir, nodes, more), dir.path() + "/cluster.log") {}

    std::vector<std::string> args(const TempDir& dir, int nodes,
                                  const std::vector<std::string>& more) const {
        std::vector<std::string> a = {
            "bash",         "deploy/cluster.sh",   "--nodes",     std::to_string(nodes),
            "--port",       std::to_string(front), "--base-port", "0",
            "--redis-port", std::to_string(redis), "--dir",       dir.path() + "/cluster"};
        a.insert(a.end(), more.begin(), more.end());
        return a;
    }

    bool wait_ready() {
        for (int i = 0; i < 1200 && script.running(); ++i) {
            if (script.log_text().find("cluster ready") != std::string::npos) {
                return true;
            }
            std::this_thread::sleep_for(50ms);
        }
        return script.log_text().find("cluster ready") != std::string::npos;
    }

    std::string pid_of(int node) const {
        return file_text(state + "/nodes/node-" + std::to_string(node) + ".pid");
    }

    ~Cluster() {
        script.send_signal(SIGINT);
        script.wait_exit(60s);
    }

    std::uint16_t front;
    std::uint16_t redis;
    std::string state;
    Subprocess script;
};

// Waits for a process to end; nullopt after `timeout`.
std::optional<int> finish(Subprocess& p, std::chrono::seconds timeout) {
    return p.wait_exit(timeout);
}

// The loadgen's JSON result: the last line of its output that is one JSON object.
json last_json_line(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    json found;
    while (std::getline(in, line)) {
        if (!line.empty() && line.front() == '{') {
            auto j = json::parse(line, nullptr, false);
            if (!j.is_discarded()) {
                found = std::move(j);
            }
        }
    }
    return found;
}

}  // namespace

TEST_CASE("a rolling restart of three nodes keeps 2,000 chatting clients whole",
          "[upgrade][haproxy][rolling]") {
    TempDir dir("ibasho-rolling");
    const std::string rooms = dir.path() + "/rooms.json";
    {
        Subprocess write({IBASHO_LOADGEN_BIN, "--write-rooms", rooms, "40"},
                         dir.path() + "/write-rooms.log");
        REQUIRE(write.wait_exit(20s) == 0);
    }
    Cluster cluster(dir, 3, {"--rooms", rooms});
    const bool ready = cluster.wait_ready();
    INFO("deploy/cluster.sh printed:\n" << cluster.script.log_text());
    REQUIRE(ready);
    const std::string pids_before =
        cluster.pid_of(1) + " " + cluster.pid_of(2) + " " + cluster.pid_of(3);

    // 40 rooms of 50; 5 writers a room (200 in all) at 100 messages/s in total, i.e. one
    // say every 2 s each: a steady low rate with a unique id per say. Reconnects after a
    // random 0-500 ms, as docs/protocol.md asks clients to jitter.
    const std::string ready_file = dir.path() + "/load.ready";
    const std::string stop_file = dir.path() + "/load.stop";
    Subprocess load({IBASHO_LOADGEN_BIN,
                     "--url",
                     "ws://127.0.0.1:" + std::to_string(cluster.front) + "/ws",
                     "--connections",
                     "2000",
                     "--members",
                     "50",
                     "--senders",
                     "5",
                     "--rate",
                     "100",
                     "--warmup",
                     "0",
                     "--duration",
                     "200",
                     "--drain",
                     "40",
                     "--threads",
                     "1",
                     "--connect-concurrency",
                     "128",
                     "--connect-attempts",
                     "100",
                     "--resume-on-close",
                     "500",
                     "--ready-file",
                     ready_file,
                     "--stop-file",
                     stop_file,
                     "--label",
                     "rolling-restart",
                     "--check"},
                    dir.path() + "/load.log");
    bool loaded = false;
    for (int i = 0; i < 1200 && !loaded && load.running(); ++i) {
        loaded = std::filesystem::exists(ready_file);
        if (!loaded) {
            std::this_thread::sleep_for(50ms);
        }
    }
    INFO("ibasho-loadgen printed:\n" << load.log_text());
    REQUIRE(loaded);
    // A few seconds of chat before the first node goes.
    std::this_thread::sleep_for(3s);

    // Only what HAProxy logs from here on counts below (not a check during start-up).
    const std::size_t haproxy_log_before = file_text(cluster.state + "/haproxy.log").size();
    Subprocess restart({"bash", "deploy/rolling-restart.sh", "--dir", cluster.state},
                       dir.path() + "/restart.log");
    const auto restarted = finish(restart, 150s);
    INFO("deploy/rolling-restart.sh printed:\n" << restart.log_text());
    REQUIRE(restarted == 0);
    CHECK(restart.log_text().find("done: 3 nodes restarted") != std::string::npos);
    const std::string pids_after =
        cluster.pid_of(1) + " " + cluster.pid_of(2) + " " + cluster.pid_of(3);
    CHECK(pids_after != pids_before);
    // The cluster script is still watching (a restarted node is not "ended by itself").
    CHECK(cluster.script.running());
    // HAProxy's own account: each node was put in drain once and came back UP, and never
    // were two out at once (in drain, or DOWN for failed checks).
    {
        const std::string log =
            file_text(cluster.state + "/haproxy.log").substr(haproxy_log_before);
        INFO("haproxy.log:\n" << log);
        std::istringstream in(log);
        std::string line;
        std::set<std::string> out;
        std::map<std::string, int> drains;
        std::size_t most_out = 0;
        while (std::getline(in, line)) {
            const auto at = line.find("nodes/node-");
            if (at == std::string::npos) {
                continue;
            }
            const std::string server = line.substr(at, line.find(' ', at) - at);
            if (line.find(server + " enters drain state") != std::string::npos) {
                out.insert(server);
                ++drains[server];
            } else if (line.find(server + " is DOWN") != std::string::npos) {
                out.insert(server);
            } else if (line.find(server + " is UP") != std::string::npos) {
                out.erase(server);
            }
            most_out = std::max(most_out, out.size());
        }
        CHECK(drains == std::map<std::string, int>{
                            {"nodes/node-1", 1}, {"nodes/node-2", 1}, {"nodes/node-3", 1}});
        CHECK(most_out == 1);
        CHECK(out.empty());
    }

    // Chat goes on for a while on the restarted nodes, then the load stops and drains.
    std::this_thread::sleep_for(3s);
    std::ofstream(stop_file) << "stop\n";
    const auto load_status = finish(load, 90s);
    const std::string printed = load.log_text();
    INFO("ibasho-loadgen printed:\n" << printed);
    REQUIRE(load_status.has_value());
    const json r = last_json_line(printed);
    REQUIRE(r.is_object());
    REQUIRE(r.contains("resume"));
    const json& res = r["resume"];

    std::printf("rolling restart under load: %s\n", res.dump().c_str());
    std::printf("rolling restart: longest gap %.0f ms, median %.0f ms over %llu reconnects\n",
                res["gap_ms"]["max"].get<double>(), res["gap_ms"]["median"].get<double>(),
                res["gap_ms"]["count"].get<unsigned long long>());
    std::fflush(stdout);

    CHECK(r["connect"]["joined"] == 2000);
    // Every node was restarted, and each client sat on one of them: all lost a socket.
    CHECK(res["lost"].get<std::uint64_t>() >= 2000);
    CHECK(r["close_codes"].value("1001", 0) > 0);
    CHECK(res["caught_up"] == res["lost"]);
    CHECK(res["not_resumed"] == 0);
    CHECK(res["end"]["not_ready"] == 0);
    CHECK(res["end"]["unacked"] == 0);
    CHECK(res["end"]["acked_says"].get<std::uint64_t>() > 0);
    CHECK(res["end"]["acked_missing_pairs"] == 0);
    CHECK(res["end"]["rooms_split"].empty());
    CHECK(res["sender_skipped"] == 0);
    CHECK(r["checks"]["seq_missing"] == 0);
    CHECK(r["checks"]["seq_repeated"] == 0);
    CHECK(r["checks"]["sender_repeated"] == 0);
    CHECK(r["checks"]["gap_frames"] == 0);
    CHECK(r["total"]["deliveries"] == r["total"]["expected"]);
    CHECK(r["check"]["passed"] == true);
    CHECK(*load_status == 0);
}

TEST_CASE("a rolling restart refuses while a node is not serving, and touches nothing",
          "[upgrade][rolling]") {
    {
        Subprocess no_cluster({"bash", "deploy/rolling-restart.sh", "--dir", "/nonexistent"},
                              "/dev/null");
        CHECK(no_cluster.wait_exit(20s) == 1);
    }
    TempDir dir("ibasho-rolling");
    Cluster cluster(dir, 2, {"--", "--drain-time", "1"});
    const bool ready = cluster.wait_ready();
    INFO("deploy/cluster.sh printed:\n" << cluster.script.log_text());
    REQUIRE(ready);

    // node-2 goes down under a restart marker (so the cluster script lets it be), as if a
    // restart by hand had gone wrong: node-1 must not be stopped as well.
    std::ofstream(cluster.state + "/nodes/node-2.restarting") << "";
    const pid_t node2 = static_cast<pid_t>(std::stol(cluster.pid_of(2)));
    REQUIRE(::kill(node2, SIGKILL) == 0);
    const std::string node1 = cluster.pid_of(1);

    Subprocess restart({"bash", "deploy/rolling-restart.sh", "--dir", cluster.state},
                       dir.path() + "/restart.log");
    const auto status = restart.wait_exit(60s);
    const std::string said = restart.log_text();
    INFO("deploy/rolling-restart.sh printed:\n" << said);
    REQUIRE(status.has_value());
    CHECK(*status == 1);
    CHECK(said.find("refused: node-2") != std::string::npos);
    CHECK(std::count(said.begin(), said.end(), '\n') == 1);
    CHECK(cluster.pid_of(1) == node1);
    CHECK(::kill(static_cast<pid_t>(std::stol(node1)), 0) == 0);
}
