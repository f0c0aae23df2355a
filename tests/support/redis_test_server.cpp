#include "redis_test_server.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "server/log.hpp"
#include "server/random_token.hpp"

namespace ibasho::test {
namespace {

int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    const int port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

bool answers(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

struct OwnRedis {
    pid_t pid = -1;
    int port = 0;
    ~OwnRedis() {
        if (pid > 0) {
            ::kill(pid, SIGTERM);
            ::waitpid(pid, nullptr, 0);
        }
    }
};

}  // namespace

RedisAddress test_redis() {
    // Connection chatter from dozens of short-lived test nodes would bury real failures.
    static const bool quiet = [] {
        if (log::level() == log::Level::info)
            log::set_level(log::Level::warn);
        return true;
    }();
    (void)quiet;
    if (const char* url = std::getenv("IBASHO_TEST_REDIS_URL"); url && *url) {
        std::string rest = url;
        const std::string scheme = "redis://";
        if (rest.rfind(scheme, 0) == 0)
            rest = rest.substr(scheme.size());
        if (auto slash = rest.find('/'); slash != std::string::npos)
            rest = rest.substr(0, slash);
        RedisAddress a;
        const auto colon = rest.rfind(':');
        a.host = rest.substr(0, colon);
        a.port = static_cast<std::uint16_t>(std::stoi(rest.substr(colon + 1)));
        return a;
    }
    static std::mutex mutex;
    static OwnRedis own;
    std::lock_guard lock(mutex);
    if (own.pid < 0) {
        own.port = free_port();
        const std::string port = std::to_string(own.port);
        own.pid = ::fork();
        if (own.pid == 0) {
            if (std::freopen("/dev/null", "w", stdout) == nullptr)
                std::_Exit(126);
            ::execlp("redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", static_cast<char*>(nullptr));
            std::_Exit(127);
        }
        for (int i = 0; i < 100 && !answers(own.port); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (!answers(own.port)) {
            throw std::runtime_error("no Redis: set IBASHO_TEST_REDIS_URL or install redis-server");
        }
    }
    RedisAddress a;
    a.port = static_cast<std::uint16_t>(own.port);
    return a;
}

std::string unique_prefix() {
    return "t" + random_base64url(6) + ":";
}

}  // namespace ibasho::test
