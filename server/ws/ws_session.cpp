#include "server/ws/ws_session.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "protocol/close_codes.hpp"
#include "server/log.hpp"
#include "server/metrics.hpp"
#include "server/shards.hpp"

namespace ibasho {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

namespace {

// How long a close handshake may take before the socket is simply shut: a client that does not
// read will never see our close frame, and must not hold memory waiting for it.
constexpr auto close_deadline = std::chrono::seconds(2);

const char newline = '\n';

}  // namespace

template <class Stream>
WsSession<Stream>::WsSession(Stream&& stream, ServerContext& ctx, Shard& shard)
    : ws_(std::move(stream)),
      ctx_(ctx),
      shard_(shard),
      queue_(ctx.config.send_queue_bytes, ctx.config.send_queue_frames),
      close_deadline_(ws_.get_executor()) {
    // The HTTP session that upgraded gave up its count when it handed over the socket.
    metrics().connections_open.add();
}

template <class Stream>
WsSession<Stream>::~WsSession() {
    metrics().connections_open.sub();
    metrics().send_queue_bytes.sub(static_cast<std::int64_t>(queue_.queued_bytes()));
}

template <class Stream>
void WsSession<Stream>::run(beast::http::request<beast::http::string_body> req) {
    // The WebSocket layer now owns timeouts: it pings a silent peer at half the idle time.
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout t{};
    t.handshake_timeout = ctx_.config.handshake_timeout;
    t.idle_timeout = ctx_.config.idle_timeout;
    t.keep_alive_pings = true;
    ws_.set_option(t);
    websocket::permessage_deflate pmd;
    pmd.server_enable = false;
    pmd.client_enable = false;
    ws_.set_option(pmd);
    ws_.read_message_max(ctx_.config.max_message_bytes);
    ws_.auto_fragment(false);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(beast::http::field::server, "ibasho"); }));
    ws_.async_accept(req,
                     beast::bind_front_handler(&WsSession::on_accept, this->shared_from_this()));
}

template <class Stream>
void WsSession<Stream>::on_accept(beast::error_code ec) {
    if (ec) {
        log::debug("ws_handshake_failed", {{"error", ec.message()}});
        return;
    }
    accepted_ = true;
    metrics().ws_open.add();
    metrics().ws_total.add();
    shard_.connections().insert(this);
    handler_ = ctx_.make_handler(*this);
    if (ctx_.shutting_down.load()) {
        close(websocket::close_code::going_away, "server shutting down");
    }
    do_read();
}

template <class Stream>
void WsSession<Stream>::do_read() {
    ws_.async_read(read_buffer_,
                   beast::bind_front_handler(&WsSession::on_read, this->shared_from_this()));
}

template <class Stream>
void WsSession<Stream>::on_read(beast::error_code ec, std::size_t bytes) {
    if (ec) {
        if (ec == websocket::error::message_too_big) {
            // Beast has already sent close 1009 and failed the connection.
            metrics().oversize_closes.add();
            metrics().count_close(websocket::close_code::too_big);
        } else if (ec == beast::error::timeout) {
            metrics().idle_timeouts.add();
        }
        finish(ec);
        return;
    }
    metrics().frames_in.add();
    metrics().bytes_in.add(bytes);
    if (!ws_.got_text()) {
        read_buffer_.consume(read_buffer_.size());
        close(static_cast<std::uint16_t>(protocol::CloseCode::protocol_violation),
              "binary frames are not part of the protocol");
        do_read();
        return;
    }
    if (!close_pending_ && handler_) {
        const auto data = read_buffer_.cdata();
        handler_->on_text(std::string_view(static_cast<const char*>(data.data()), data.size()));
    }
    read_buffer_.consume(read_buffer_.size());
    // Most connections go quiet after joining: do not keep the largest message's buffer.
    read_buffer_.shrink_to_fit();
    // Keep reading even while closing: the peer's close frame arrives through a read.
    do_read();
}

template <class Stream>
SendResult WsSession<Stream>::send(SharedFrame frame) {
    if (close_pending_ || finished_) {
        return SendResult::dropped;
    }
    const std::size_t before = queue_.queued_bytes();
    const SendResult r = queue_.push(std::move(frame));
    if (r == SendResult::dropped) {
        metrics().slow_consumer_drops.add();
        const std::size_t released = queue_.discard_pending();
        metrics().send_queue_bytes.sub(static_cast<std::int64_t>(released));
        close(static_cast<std::uint16_t>(protocol::CloseCode::slow_consumer),
              "too far behind; reconnect and resume");
        return r;
    }
    metrics().send_queue_bytes.add(static_cast<std::int64_t>(queue_.queued_bytes() - before));
    // Cork: the write starts after the current handler, so everything it delivers to this
    // socket (a drain of many room events, history on join) leaves in one frame and one
    // system call instead of one for the first object and another for the rest.
    if (!queue_.writing() && !flush_posted_) {
        flush_posted_ = true;
        net::post(ws_.get_executor(), [self = this->shared_from_this()] {
            self->flush_posted_ = false;
            if (!self->queue_.writing() && !self->finished_) {
                self->do_write();
                if (!self->queue_.writing() && self->close_pending_) {
                    self->do_close();
                }
            }
        });
    }
    return r;
}

template <class Stream>
void WsSession<Stream>::do_write() {
    if (!accepted_ || !queue_.start_batch()) {
        return;
    }
    // Several queued objects leave as one frame, separated by newlines, straight from the
    // shared buffers: one system call for many deliveries.
    write_buffers_.clear();
    for (const auto& f : queue_.batch()) {
        if (!write_buffers_.empty()) {
            write_buffers_.emplace_back(&newline, 1);
        }
        write_buffers_.emplace_back(f->data(), f->size());
    }
    ws_.text(true);
    ws_.async_write(write_buffers_,
                    beast::bind_front_handler(&WsSession::on_write, this->shared_from_this()));
}

template <class Stream>
void WsSession<Stream>::on_write(beast::error_code ec, std::size_t bytes) {
    const std::size_t before = queue_.queued_bytes();
    const std::size_t objects = queue_.batch().size();
    queue_.finish_batch();
    metrics().send_queue_bytes.sub(static_cast<std::int64_t>(before - queue_.queued_bytes()));
    if (ec) {
        const std::size_t released = queue_.discard_pending();
        metrics().send_queue_bytes.sub(static_cast<std::int64_t>(released));
        return;  // the read side sees the failure and finishes the session
    }
    metrics().ws_writes.add();
    metrics().frames_out.add(objects);
    metrics().bytes_out.add(bytes);
    if (!queue_.empty()) {
        do_write();
        return;
    }
    if (write_buffers_.capacity() > 64) {
        write_buffers_.clear();
        write_buffers_.shrink_to_fit();
    }
    if (close_pending_) {
        do_close();
    }
}

template <class Stream>
void WsSession<Stream>::close(std::uint16_t code, std::string_view reason) {
    if (close_pending_ || finished_) {
        return;
    }
    close_pending_ = true;
    close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
    metrics().count_close(code);
    close_deadline_.expires_after(close_deadline);
    close_deadline_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
        if (!ec) {
            self->hard_close();
        }
    });
    // Frames already queued (an error telling why, say) leave before the close frame.
    if (queue_.empty()) {
        do_close();
    }
}

template <class Stream>
void WsSession<Stream>::do_close() {
    if (close_started_ || !accepted_) {
        return;
    }
    close_started_ = true;
    ws_.async_close(close_reason_,
                    beast::bind_front_handler(&WsSession::on_close, this->shared_from_this()));
}

template <class Stream>
void WsSession<Stream>::on_close(beast::error_code ec) {
    if (ec) {
        hard_close();
    }
    // Otherwise the pending read completes with websocket::error::closed and finishes us.
}

template <class Stream>
void WsSession<Stream>::hard_close() {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(net::socket_base::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).close();
}

template <class Stream>
void WsSession<Stream>::finish(beast::error_code ec) {
    if (finished_) {
        return;
    }
    finished_ = true;
    close_deadline_.cancel();
    if (ec && ec != websocket::error::closed && ec != net::error::eof &&
        ec != net::error::operation_aborted && ec != net::error::connection_reset &&
        ec != beast::error::timeout && ec != websocket::error::message_too_big &&
        ec != net::ssl::error::stream_truncated) {
        log::debug("ws_ended", {{"error", ec.message()}});
    }
    if (accepted_) {
        metrics().ws_open.sub();
        shard_.connections().erase(this);
    }
    const std::size_t released = queue_.discard_pending();
    metrics().send_queue_bytes.sub(static_cast<std::int64_t>(released));
    if (handler_) {
        handler_->on_closed();
    }
    if (!close_started_) {
        hard_close();
    }
}

template class WsSession<PlainStream>;
template class WsSession<TlsStream>;

}  // namespace ibasho
