// The README's run command, run as a newcomer runs it: deploy/run.sh from another working
// directory, with a state folder that does not exist yet, then a second time over it. Each run
// must print its URL, serve the client over HTTPS (the dev certificate) and plain HTTP, answer
// a WebSocket hello, and on SIGINT or SIGTERM stop the server and its two Redis servers (the
// ephemeral one without persistence, the Store's with AOF) and exit 0.
#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <regex>

#include "tests/integration/support/http_client.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/subprocess.hpp"
#include "tests/integration/support/temp_dir.hpp"
#include "tests/integration/support/ws_client.hpp"

#ifndef IBASHO_SOURCE_DIR
#error "IBASHO_SOURCE_DIR must name the source tree"
#endif
#ifndef IBASHO_BUILD_DIR
#error "IBASHO_BUILD_DIR must name the build tree"
#endif

using namespace ibasho::itest;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const std::string source_dir = IBASHO_SOURCE_DIR;

// A state folder under var/ given as a relative path, the way the default "var" is, so a
// script that hands relative paths to a program that changes directory fails here too.
struct RelativeVarDir {
    std::string relative;
    fs::path absolute;
    RelativeVarDir() {
        std::random_device rd;
        relative = "var/itest-run-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
        absolute = fs::path(source_dir) / relative;
    }
    ~RelativeVarDir() {
        // A failed run may have left its Redis servers behind; they must not outlive the test.
        for (const char* folder : {"redis", "redis-ephemeral"}) {
            const std::string pid_text = read_text_file((absolute / folder / "redis.pid").string());
            if (!pid_text.empty()) {
                ::kill(static_cast<pid_t>(std::stol(pid_text)), SIGKILL);
            }
        }
        std::error_code ignored;
        fs::remove_all(absolute, ignored);
    }
};

// What redis-cli printed for `args` against the Redis on `port`.
std::string redis_cli_text(std::uint16_t port, const std::string& args) {
    std::string out;
    const std::string cmd = "redis-cli -p " + std::to_string(port) + " " + args + " 2>&1";
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        char buf[1024];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
            out.append(buf, n);
        ::pclose(p);
    }
    return out;
}

struct Ports {
    std::uint16_t https = unused_port();
    std::uint16_t http = unused_port();
    std::uint16_t redis = unused_port();        // the ephemeral Redis
    std::uint16_t store_redis = unused_port();  // the durable Store's
};

bool wait_for(Subprocess& p, const std::string& text, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (p.log_text().find(text) != std::string::npos) {
            return true;
        }
        if (!p.running()) {
            return false;
        }
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

// One run of deploy/run.sh through to its stop by `stop_signal`.
void run_once(const RelativeVarDir& var, const Ports& ports, int stop_signal, bool twice = false) {
    TempDir elsewhere("ibasho-itest-run-cwd");
    Subprocess run({"bash", source_dir + "/deploy/run.sh"}, elsewhere.path() + "/run.log",
                   {"IBASHO_HTTPS_PORT=" + std::to_string(ports.https),
                    "IBASHO_HTTP_PORT=" + std::to_string(ports.http),
                    "IBASHO_REDIS_PORT=" + std::to_string(ports.redis),
                    "IBASHO_STORE_REDIS_PORT=" + std::to_string(ports.store_redis),
                    "IBASHO_VAR_DIR=" + var.relative, std::string("BUILD_DIR=") + IBASHO_BUILD_DIR},
                   elsewhere.path());
    // Installing and building are no-ops in a built tree; a first build would take minutes.
    const bool ready = wait_for(run, "Stop with Ctrl-C.", 240s);
    INFO("run.sh printed:\n" << run.log_text());
    REQUIRE(ready);

    // The printed URL names the ports that were asked for.
    std::smatch m;
    const std::string log = run.log_text();
    REQUIRE(std::regex_search(log, m, std::regex(R"(https://localhost:(\d+)/)")));
    CHECK(m[1].str() == std::to_string(ports.https));
    REQUIRE(std::regex_search(log, m, std::regex(R"(http://localhost:(\d+)/)")));
    CHECK(m[1].str() == std::to_string(ports.http));

    // HTTPS with certificate checks against the dev certificate, as a browser that accepted
    // it would: curl verifies the chain and the name "localhost".
    TempDir out("ibasho-itest-run-curl");
    const std::string page = out.path() + "/page.html";
    Subprocess curl(
        {"curl", "-fsS", "--max-time", "5", "--cacert", (var.absolute / "tls/cert.pem").string(),
         "-o", page, "https://localhost:" + std::to_string(ports.https) + "/"},
        out.path() + "/curl.log");
    const auto curl_status = curl.wait_exit(10s);
    INFO("curl: " << curl.log_text());
    REQUIRE(curl_status == 0);
    CHECK(read_text_file(page).find("<html") != std::string::npos);

    const HttpResponse plain = http_get(ports.http, "/");
    CHECK(plain.status == 200);
    CHECK(plain.body.find("<html") != std::string::npos);

    {
        WsClient ws({.port = ports.https, .tls = true});
        const Json welcome = ws.hello();
        CHECK(welcome["type"] == "welcome");
        CHECK(welcome["session"].get<std::string>().size() >= 22);
    }

    const std::string redis_pid_text =
        read_text_file((var.absolute / "redis-ephemeral/redis.pid").string());
    REQUIRE_FALSE(redis_pid_text.empty());
    const std::string store_pid_text = read_text_file((var.absolute / "redis/redis.pid").string());
    REQUIRE_FALSE(store_pid_text.empty());
    // The ephemeral Redis keeps nothing on disk; the Store's has its AOF.
    CHECK(redis_cli_text(ports.redis, "CONFIG GET appendonly").find("no") != std::string::npos);
    CHECK(redis_cli_text(ports.redis, "CONFIG GET save").find("3600") == std::string::npos);
    CHECK(redis_cli_text(ports.store_redis, "CONFIG GET appendonly").find("yes") !=
          std::string::npos);
    const std::string server_arg = "127.0.0.1:" + std::to_string(ports.https);
    REQUIRE(live_processes_with_arg(server_arg).size() == 1);

    run.send_signal(stop_signal);
    if (twice) {
        // Ctrl-C pressed again, or a supervisor forwarding the signal: the clean-up must
        // still finish.
        run.send_signal(stop_signal);
    }
    const auto status = run.wait_exit(30s);
    INFO("run.sh printed:\n" << run.log_text());
    REQUIRE(status.has_value());
    CHECK(*status == 0);
    CHECK(live_processes_with_arg(server_arg).empty());
    // Redis daemonizes, so it is nobody's child here: look for it by its pid and its port.
    const pid_t redis_pid = static_cast<pid_t>(std::stol(redis_pid_text));
    const auto redis_left = live_processes_with_arg("127.0.0.1:" + std::to_string(ports.redis));
    CHECK(std::find(redis_left.begin(), redis_left.end(), redis_pid) == redis_left.end());
    CHECK(redis_left.empty());
    const pid_t store_pid = static_cast<pid_t>(std::stol(store_pid_text));
    const auto store_left =
        live_processes_with_arg("127.0.0.1:" + std::to_string(ports.store_redis));
    CHECK(std::find(store_left.begin(), store_left.end(), store_pid) == store_left.end());
    CHECK(store_left.empty());
}

}  // namespace

TEST_CASE("deploy/run.sh serves the client and stops cleanly, twice over one state folder",
          "[run][deploy]") {
    RelativeVarDir var;
    const Ports ports;
    SECTION("from a fresh state folder, stopped with SIGINT; again, stopped by SIGTERM twice") {
        run_once(var, ports, SIGINT);
        REQUIRE(fs::exists(var.absolute / "redis"));
        run_once(var, ports, SIGTERM, true);
    }
}

TEST_CASE("deploy/run.sh names the port and the variable when a port is taken", "[run][deploy]") {
    RelativeVarDir var;
    const Ports ports;
    // Something else already listens on the HTTP port.
    ServerProcess squatter;
    TempDir elsewhere("ibasho-itest-run-cwd");
    const std::string taken = std::to_string(squatter.http_port());
    Subprocess run({"bash", source_dir + "/deploy/run.sh"}, elsewhere.path() + "/run.log",
                   {"IBASHO_HTTPS_PORT=" + std::to_string(ports.https), "IBASHO_HTTP_PORT=" + taken,
                    "IBASHO_REDIS_PORT=" + std::to_string(ports.redis),
                    "IBASHO_STORE_REDIS_PORT=" + std::to_string(ports.store_redis),
                    "IBASHO_VAR_DIR=" + var.relative, std::string("BUILD_DIR=") + IBASHO_BUILD_DIR},
                   elsewhere.path());
    const auto status = run.wait_exit(240s);
    const std::string log = run.log_text();
    INFO(log);
    REQUIRE(status.has_value());
    CHECK(*status != 0);
    CHECK(log.find("port " + taken + " is already in use; choose another with IBASHO_HTTP_PORT") !=
          std::string::npos);
    // Nothing was started: no Redis on the chosen port, no second server.
    CHECK(live_processes_with_arg("127.0.0.1:" + std::to_string(ports.redis)).empty());
    CHECK(live_processes_with_arg("127.0.0.1:" + std::to_string(ports.store_redis)).empty());
    CHECK(live_processes_with_arg("127.0.0.1:" + std::to_string(ports.https)).empty());
}
