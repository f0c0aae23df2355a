// A bare TCP client with deadlines, for tests that must misbehave on purpose: write an
// upgrade request by hand, then never answer a ping.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace ibasho::itest {

class RawTcpClient {
  public:
    // Connects to 127.0.0.1:port; throws std::runtime_error when it cannot.
    explicit RawTcpClient(std::uint16_t port,
                          std::chrono::milliseconds timeout = std::chrono::seconds(5));
    ~RawTcpClient();
    RawTcpClient(const RawTcpClient&) = delete;
    RawTcpClient& operator=(const RawTcpClient&) = delete;

    void write_all(std::string_view data);

    // Reads until the blank line that ends an HTTP head and returns the head; whatever came
    // after it stays in the returned string's tail, past "\r\n\r\n".
    std::string read_http_head(std::chrono::milliseconds timeout);

    // Reads exactly n bytes; throws std::runtime_error on timeout or when the peer ends first.
    std::string read_exact(std::size_t n, std::chrono::milliseconds timeout);

    enum class End { eof, reset, timeout };
    struct Drain {
        End end = End::timeout;
        std::size_t bytes = 0;                        // everything read meanwhile (pings, frames)
        std::chrono::steady_clock::duration after{};  // when the connection ended
    };
    // Reads and discards whatever arrives, never replying, until the peer ends the
    // connection or the timeout passes; what was read is appended to `kept` when given.
    Drain drain_until_closed(std::chrono::milliseconds timeout, std::string* kept = nullptr);

  private:
    int fd_ = -1;
};

// A minimal RFC 6455 upgrade request for /ws with the given Origin (none when empty).
std::string ws_upgrade_request(std::uint16_t port, std::string_view origin);

// A blocking TCP socket connected to 127.0.0.1:port, with send and receive timeouts; -1 when
// the connection fails. The caller closes it.
int connect_loopback(std::uint16_t port, std::chrono::milliseconds timeout);

}  // namespace ibasho::itest
