// A plain TCP socket driven the way the WebSocket connection wants: wait until readable or
// writable, then read or write without blocking. Nothing is allocated while a socket waits.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <span>

namespace ibasho {

class PlainTransport {
  public:
    using executor_type = boost::asio::ip::tcp::socket::executor_type;

    explicit PlainTransport(boost::asio::ip::tcp::socket socket) : socket_(std::move(socket)) {
        boost::system::error_code ignored;
        socket_.non_blocking(true, ignored);
    }

    executor_type get_executor() { return socket_.get_executor(); }
    boost::asio::ip::tcp::socket& socket() { return socket_; }

    // `handler(error_code)` once the socket has bytes (or an error, or end of stream) to read.
    template <class Handler>
    void async_wait_readable(Handler&& handler) {
        socket_.async_wait(boost::asio::socket_base::wait_read, std::forward<Handler>(handler));
    }
    template <class Handler>
    void async_wait_writable(Handler&& handler) {
        socket_.async_wait(boost::asio::socket_base::wait_write, std::forward<Handler>(handler));
    }

    // Never block: `ec` is `would_block` when there is nothing to read or no room to write,
    // `eof` when the peer has finished sending.
    std::size_t read_some(boost::asio::mutable_buffer buffer, boost::system::error_code& ec) {
        return socket_.read_some(buffer, ec);
    }
    // One sendmsg for up to 1024 pieces (Asio's own write_some stops at 64).
    std::size_t write_some(std::span<const boost::asio::const_buffer> buffers,
                           boost::system::error_code& ec);

    // Tells the peer we are done sending; reading stays possible.
    void shutdown_send() {
        boost::system::error_code ignored;
        socket_.shutdown(boost::asio::socket_base::shutdown_send, ignored);
    }
    void close() {
        boost::system::error_code ignored;
        socket_.shutdown(boost::asio::socket_base::shutdown_both, ignored);
        socket_.close(ignored);
    }

  private:
    boost::asio::ip::tcp::socket socket_;
};

}  // namespace ibasho
