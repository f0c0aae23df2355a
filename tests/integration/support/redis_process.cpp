#include "tests/integration/support/redis_process.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "tests/integration/support/server_process.hpp"

namespace ibasho::itest {

bool RedisProcess::available() {
    return !resolve_program("redis-server").empty();
}

RedisProcess::RedisProcess() : dir_(std::make_unique<TempDir>("ibasho-itest-redis")) {
    const std::string bin = resolve_program("redis-server");
    if (bin.empty()) {
        throw std::runtime_error("redis-server is not installed");
    }
    port_ = unused_port();
    process_ = std::make_unique<Subprocess>(
        std::vector<std::string>{bin, "--port", std::to_string(port_), "--bind", "127.0.0.1",
                                 "--save", "", "--appendonly", "no", "--dir", dir_->path()},
        dir_->path() + "/redis.log");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
        if (redis_ping(port_)) {
            return;
        }
        if (!process_->running()) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("redis-server did not start:\n" + process_->log_text());
}

std::string RedisProcess::url() const {
    return "redis://127.0.0.1:" + std::to_string(port_);
}

bool redis_ping(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    timeval tv{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = false;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::send(fd, "PING\r\n", 6, MSG_NOSIGNAL) == 6) {
        char buf[16] = {};
        ok = ::recv(fd, buf, sizeof buf - 1, 0) >= 5 && std::string(buf).rfind("+PONG", 0) == 0;
    }
    ::close(fd);
    return ok;
}

std::optional<std::string> test_redis_url() {
    const char* v = std::getenv("IBASHO_TEST_REDIS_URL");
    if (v == nullptr || *v == '\0') {
        return std::nullopt;
    }
    return std::string(v);
}

}  // namespace ibasho::itest
