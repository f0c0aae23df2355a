// The seam between the WebSocket transport and the chat logic, with no Asio in sight.
// A Connection is the socket side; a ConnectionHandler is the application side, one per socket.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "server/shared_frame.hpp"

namespace ibasho {

class Shard;

class Connection {
  public:
    virtual ~Connection() = default;

    // Queues a frame for the client. Must be called on the connection's shard thread.
    virtual SendResult send(SharedFrame frame) = 0;
    // The same for a frame the client asked for (the room list, history on join): the send
    // queue bounds these on their own, so a reply never makes a prompt reader look slow
    // (server/outbound_queue.hpp says why).
    virtual SendResult send_reply(SharedFrame frame) { return send(std::move(frame)); }

    // Sends a close frame with `code` once queued frames are written, then ends the connection.
    virtual void close(std::uint16_t code, std::string_view reason) = 0;

    // The shard (thread) this connection lives on; results of asynchronous calls are posted
    // back here so that handler state is only ever touched by one thread.
    virtual Shard& shard() = 0;

    // The keyed hash of the peer's address (staff/address_key.hpp), computed when the socket
    // was accepted; empty when unknown. The address itself is never kept.
    virtual std::string_view address_hash() const { return {}; }
};

class ConnectionHandler {
  public:
    virtual ~ConnectionHandler() = default;
    // One complete text message from the client (already within the size limit).
    virtual void on_text(std::string_view text) = 0;
    // A ping or pong arrived. Control frames cost the same per-connection frame budget as
    // text (a ping flood is a flood); false once the handler has closed the connection, and
    // then the frame is not answered.
    virtual bool on_control_frame() { return true; }
    // Called exactly once, on the shard thread, when the connection ends for any reason.
    virtual void on_closed() = 0;
};

// Builds the application side for each new WebSocket connection.
using HandlerFactory = std::function<std::unique_ptr<ConnectionHandler>(Connection&)>;

}  // namespace ibasho
