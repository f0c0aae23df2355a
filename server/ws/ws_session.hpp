// A WebSocket session over a plain or TLS stream: reads client messages, hands them to its
// ConnectionHandler, and writes queued frames — coalesced, one write in flight at a time.
// Included only by the HTTP session (which upgrades) and ws_session.cpp (which instantiates).
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <memory>
#include <vector>

#include "server/connection.hpp"
#include "server/http/server_context.hpp"
#include "server/outbound_queue.hpp"

namespace ibasho {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

template <class Stream>
class WsSession final : public Connection, public std::enable_shared_from_this<WsSession<Stream>> {
  public:
    WsSession(Stream&& stream, ServerContext& ctx, Shard& shard);
    ~WsSession() override;

    // Completes the upgrade for `req` and starts reading.
    void run(boost::beast::http::request<boost::beast::http::string_body> req);

    SendResult send(SharedFrame frame) override;
    void close(std::uint16_t code, std::string_view reason) override;
    Shard& shard() override { return shard_; }

  private:
    void on_accept(boost::beast::error_code ec);
    void do_read();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    void do_write();
    void on_write(boost::beast::error_code ec, std::size_t bytes);
    void do_close();
    void on_close(boost::beast::error_code ec);
    void hard_close();
    void finish(boost::beast::error_code ec);

    boost::beast::websocket::stream<Stream> ws_;
    ServerContext& ctx_;
    Shard& shard_;
    boost::beast::flat_buffer read_buffer_;
    OutboundQueue queue_;
    std::vector<boost::asio::const_buffer> write_buffers_;
    std::unique_ptr<ConnectionHandler> handler_;
    boost::asio::steady_timer close_deadline_;
    boost::beast::websocket::close_reason close_reason_;
    bool accepted_ = false;
    bool flush_posted_ = false;
    bool close_pending_ = false;
    bool close_started_ = false;
    bool finished_ = false;
};

extern template class WsSession<PlainStream>;
extern template class WsSession<TlsStream>;

}  // namespace ibasho
