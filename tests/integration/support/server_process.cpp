#include "tests/integration/support/server_process.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <regex>
#include <stdexcept>
#include <thread>

#include "tests/integration/support/http_client.hpp"

#ifndef IBASHO_SERVER_BIN
#error "IBASHO_SERVER_BIN must name the ibasho-server binary"
#endif

namespace ibasho::itest {

ServerProcess::ServerProcess(ServerOptions options)
    : dir_(std::make_unique<TempDir>("ibasho-itest-server")) {
    static_dir_ = options.static_dir.empty() ? write_static_site(*dir_) : options.static_dir;
    std::vector<std::string> argv = {IBASHO_SERVER_BIN, "--listen",  "127.0.0.1:0",
                                     "--log-level",     "info",      "--static",
                                     static_dir_,       "--node-id", "itest"};
    if (options.tls) {
        const TlsFiles& tls = test_certificate();
        argv.insert(argv.end(),
                    {"--tls-listen", "127.0.0.1:0", "--cert", tls.cert, "--key", tls.key});
    }
    if (options.rooms) {
        const std::string rooms =
            options.rooms_file.empty() ? write_rooms_file(*dir_) : options.rooms_file;
        argv.insert(argv.end(), {"--rooms", rooms});
    }
    bool redis_flag = false;
    for (const auto& a : options.extra) {
        redis_flag = redis_flag || a == "--redis" || a.rfind("--redis=", 0) == 0;
    }
    if (!redis_flag) {
        argv.insert(argv.end(), {"--store", options.store});
    }
    argv.insert(argv.end(), options.extra.begin(), options.extra.end());
    process_ = std::make_unique<Subprocess>(argv, dir_->path() + "/server.log");

    // The server logs one line with both ports once its listeners are bound.
    static const std::regex started(R"(event=started .*http_port=(\d+) https_port=(\d+))");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string log = process_->log_text();
        std::smatch m;
        if (std::regex_search(log, m, started)) {
            http_port_ = static_cast<std::uint16_t>(std::stoi(m[1].str()));
            https_port_ = static_cast<std::uint16_t>(std::stoi(m[2].str()));
            if (http_port_ == 0 || (options.tls && https_port_ == 0)) {
                throw std::runtime_error("server started without the expected ports:\n" + log);
            }
            return;
        }
        if (!process_->running()) {
            throw std::runtime_error("ibasho-server exited during start-up:\n" + log);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("ibasho-server did not report its ports within 10 s:\n" +
                             process_->log_text());
}

ServerProcess::~ServerProcess() = default;

long ServerProcess::rss_kib() const {
    std::ifstream in("/proc/" + std::to_string(process_->pid()) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::stol(line.substr(6));
        }
    }
    return 0;
}

std::string ServerProcess::metrics_text() const {
    HttpResponse r = http_get(http_port_, "/metrics");
    if (r.status != 200) {
        throw std::runtime_error("/metrics answered " + std::to_string(r.status));
    }
    return r.body;
}

double ServerProcess::metric(std::string_view name) const {
    return metric_value(metrics_text(), name).value_or(0.0);
}

std::optional<double> metric_value(std::string_view text, std::string_view name) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view line = text.substr(pos, end - pos);
        if (line.size() > name.size() && line.substr(0, name.size()) == name &&
            line[name.size()] == ' ') {
            return std::stod(std::string(line.substr(name.size() + 1)));
        }
        pos = end + 1;
    }
    return std::nullopt;
}

std::uint16_t unused_port() {
    int low = 32768;
    std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
    range >> low;
    const int first = 20000;
    const int last = low > first + 1000 ? low - 1 : 32767;
    static std::mt19937 pick{std::random_device{}()};
    std::uniform_int_distribution<int> any(first, last);
    for (int attempt = 0; attempt < 500; ++attempt) {
        const auto port = static_cast<std::uint16_t>(any(pick));
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            break;
        }
        // No SO_REUSEADDR: the bind then fails while any socket, even one in TIME_WAIT or
        // connected, still holds the port.
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(port);
        const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        ::close(fd);
        if (free) {
            return port;
        }
    }
    throw std::runtime_error("cannot find a free port");
}

}  // namespace ibasho::itest
