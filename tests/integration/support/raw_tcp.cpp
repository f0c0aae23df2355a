#include "tests/integration/support/raw_tcp.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>

namespace ibasho::itest {

namespace {

int wait_readable(int fd, std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
        return 0;
    }
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(left.count()));
}

}  // namespace

int connect_loopback(std::uint16_t port, std::chrono::milliseconds timeout) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

RawTcpClient::RawTcpClient(std::uint16_t port, std::chrono::milliseconds timeout)
    : fd_(connect_loopback(port, timeout)) {
    if (fd_ < 0) {
        throw std::runtime_error("connect to port " + std::to_string(port) +
                                 " failed: " + std::to_string(errno));
    }
}

RawTcpClient::~RawTcpClient() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

void RawTcpClient::write_all(std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) {
            throw std::runtime_error("raw send failed");
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

std::string RawTcpClient::read_http_head(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string head;
    while (head.find("\r\n\r\n") == std::string::npos) {
        if (wait_readable(fd_, deadline) <= 0) {
            throw std::runtime_error("no HTTP response head in time; got: " + head);
        }
        char buf[1024];
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n <= 0) {
            throw std::runtime_error("connection ended before the HTTP head; got: " + head);
        }
        head.append(buf, static_cast<std::size_t>(n));
    }
    return head;
}

std::string RawTcpClient::read_exact(std::size_t n, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string out;
    while (out.size() < n) {
        if (wait_readable(fd_, deadline) <= 0) {
            throw std::runtime_error("timed out after " + std::to_string(out.size()) + " of " +
                                     std::to_string(n) + " bytes");
        }
        char buf[4096];
        const std::size_t want = std::min(sizeof buf, n - out.size());
        const ssize_t got = ::recv(fd_, buf, want, 0);
        if (got <= 0) {
            throw std::runtime_error("connection ended after " + std::to_string(out.size()) +
                                     " of " + std::to_string(n) + " bytes");
        }
        out.append(buf, static_cast<std::size_t>(got));
    }
    return out;
}

RawTcpClient::Drain RawTcpClient::drain_until_closed(std::chrono::milliseconds timeout,
                                                     std::string* kept) {
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + timeout;
    Drain d;
    for (;;) {
        const int ready = wait_readable(fd_, deadline);
        if (ready <= 0) {
            d.end = End::timeout;
            break;
        }
        char buf[4096];
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n > 0) {
            d.bytes += static_cast<std::size_t>(n);
            if (kept != nullptr) {
                kept->append(buf, static_cast<std::size_t>(n));
            }
            continue;
        }
        d.end = n == 0 ? End::eof : End::reset;
        break;
    }
    d.after = std::chrono::steady_clock::now() - start;
    return d;
}

std::string ws_upgrade_request(std::uint16_t port, std::string_view origin) {
    const std::string host = "127.0.0.1:" + std::to_string(port);
    std::string req = "GET /ws HTTP/1.1\r\nHost: " + host +
                      "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "Sec-WebSocket-Version: 13\r\n";
    if (!origin.empty()) {
        req += "Origin: " + std::string(origin) + "\r\n";
    }
    req += "\r\n";
    return req;
}

}  // namespace ibasho::itest
