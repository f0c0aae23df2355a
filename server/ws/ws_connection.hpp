// A WebSocket connection after the opening handshake, over a plain or TLS transport. Frames are
// read and written by our own code, so an idle socket holds no buffer and a write is one call.
// Included only by the HTTP session (which upgrades) and ws_connection.cpp (which instantiates).
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "server/connection.hpp"
#include "server/http/server_context.hpp"
#include "server/outbound_queue.hpp"
#include "server/ws/frame_parser.hpp"

namespace ibasho {

template <class Transport>
class WsConnection final : public Connection,
                           public std::enable_shared_from_this<WsConnection<Transport>> {
  public:
    WsConnection(Transport&& transport, ServerContext& ctx, Shard& shard);
    ~WsConnection() override;

    // Writes the 101 response and starts the session. `early` holds bytes the client sent
    // right behind its upgrade request.
    void start(std::string response, std::string_view early);

    SendResult send(SharedFrame frame) override;
    SendResult send_reply(SharedFrame frame) override;
    void close(std::uint16_t code, std::string_view reason) override;
    Shard& shard() override { return shard_; }
    std::string_view address_hash() const override { return address_hash_; }
    // Set by the HTTP session before start().
    void set_address_hash(std::string hash) { address_hash_ = std::move(hash); }

  private:
    enum class Ending { none, closed_by_us, closed_by_peer };

    void wait_readable();
    void on_readable(boost::system::error_code ec);
    bool consume(char* data, std::size_t size);  // false once the connection has finished
    void on_frame(const ws::FrameEvent& event);
    void fail(std::uint16_t code, std::string_view reason);
    SendResult queued(SendResult r, std::size_t before);
    void linger();

    void schedule_flush();
    void flush();
    bool begin_unit();
    void end_unit();
    void on_writable(boost::system::error_code ec);

    void arm_timer(std::chrono::steady_clock::duration after);
    void on_timer(boost::system::error_code ec);
    void finish();

    Transport transport_;
    ServerContext& ctx_;
    Shard& shard_;
    ws::FrameParser parser_;
    OutboundQueue queue_;
    std::unique_ptr<ConnectionHandler> handler_;
    boost::asio::steady_timer timer_;

    // Bytes that go out before the next batch of room frames: the 101 response, pongs, close.
    std::string control_;
    // The write unit in progress: control bytes, then one text frame of newline-joined objects.
    std::string unit_control_;
    unsigned char unit_header_[10] = {};
    std::size_t unit_header_size_ = 0;
    std::size_t unit_size_ = 0;
    std::size_t unit_sent_ = 0;
    bool unit_active_ = false;

    std::string close_frame_;  // built when a close is asked for, sent after queued frames
    Ending ending_ = Ending::none;
    bool close_sent_ = false;
    bool close_received_ = false;
    bool discarding_ = false;
    bool lingering_ = false;
    bool flush_posted_ = false;
    bool waiting_writable_ = false;
    bool started_ = false;
    std::string address_hash_;
    bool finished_ = false;
    bool heard_since_tick_ = true;
    bool ping_outstanding_ = false;
};

// Instantiated for PlainTransport and TlsTransport in ws_connection.cpp.

}  // namespace ibasho
