// The real ibasho-server binary run as a child process on ephemeral ports, for tests that
// talk to it over real sockets. Ports are read from its "event=started" log line.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/integration/support/subprocess.hpp"
#include "tests/integration/support/temp_dir.hpp"

namespace ibasho::itest {

struct ServerOptions {
    bool tls = false;                // adds --tls-listen 127.0.0.1:0 with the test certificate
    std::string static_dir;          // empty: a tiny site written to the server's temp dir
    std::string rooms_file;          // empty: write_rooms_file() in the server's temp dir
    bool rooms = true;               // false: no --rooms at all
    std::string store = "memory";    // passed as --store unless `extra` sets --redis
    std::vector<std::string> extra;  // more flags, e.g. {"--idle-timeout", "2"}
};

class ServerProcess {
  public:
    // Starts the server and waits up to 10 s for its ports; throws std::runtime_error with
    // the server's log if it exits or stays silent.
    explicit ServerProcess(ServerOptions options = {});
    ~ServerProcess();  // SIGKILL and reap if still running

    pid_t pid() const { return process_->pid(); }
    std::uint16_t http_port() const { return http_port_; }
    std::uint16_t https_port() const { return https_port_; }
    const std::string& static_dir() const { return static_dir_; }

    void send_signal(int sig) const { process_->send_signal(sig); }
    // Exit status (128 + signal when killed by one), or nullopt after `timeout`.
    std::optional<int> wait_exit(std::chrono::milliseconds timeout) {
        return process_->wait_exit(timeout);
    }
    bool running() { return process_->running(); }

    // Resident memory from /proc/PID/status (VmRSS), in KiB; 0 once the process is gone.
    long rss_kib() const;
    std::string log_text() const { return process_->log_text(); }

    // GET /metrics over the plain listener.
    std::string metrics_text() const;
    // One sample from /metrics (name may carry labels, e.g. ibasho_closes_total{code="4001"});
    // 0 when the series is absent, as Prometheus treats a counter not yet written.
    double metric(std::string_view name) const;
    // Polls metric(name) until `good(value)` holds or the timeout passes; returns the last
    // value read. Counters are updated on the server's threads a moment after the socket
    // event a test observes.
    template <class Pred>
    double wait_metric(std::string_view name, Pred good,
                       std::chrono::milliseconds timeout = std::chrono::seconds(2)) const {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        double v = metric(name);
        while (!good(v) && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            v = metric(name);
        }
        return v;
    }

  private:
    std::unique_ptr<TempDir> dir_;
    std::string static_dir_;
    std::unique_ptr<Subprocess> process_;
    std::uint16_t http_port_ = 0;
    std::uint16_t https_port_ = 0;
};

// The value of one sample in Prometheus text; nullopt when there is no such line.
std::optional<double> metric_value(std::string_view text, std::string_view name);

// A TCP port on 127.0.0.1 that no socket holds, taken below the kernel's ephemeral range:
// a port from inside that range (what binding port 0 gives) can be claimed a moment later
// by any outgoing connection of a test running in parallel, and a server told to listen
// there then fails to start.
std::uint16_t unused_port();

}  // namespace ibasho::itest
