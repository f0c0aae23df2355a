#include "server/ws/ws_connection.hpp"

#include <array>
#include <boost/asio/post.hpp>
#include <vector>

#include "protocol/close_codes.hpp"
#include "server/log.hpp"
#include "server/metrics.hpp"
#include "server/shards.hpp"
#include "server/transport/plain_transport.hpp"
#include "server/transport/tls_transport.hpp"

namespace ibasho {

namespace net = boost::asio;
using boost::system::error_code;

namespace {

// How long a close handshake may take before the socket is simply shut: a client that does not
// read will never see our close frame, and must not hold memory waiting for it.
constexpr auto close_deadline = std::chrono::seconds(2);

// Reads of one wake-up before others on the thread get their turn.
constexpr int reads_per_wakeup = 4;

// The kernel takes at most this many pieces per call (IOV_MAX); a longer unit simply takes
// another call.
constexpr std::size_t max_pieces = 1024;

const char newline = '\n';

// One read buffer per thread, shared by every socket on it: a connection waiting for its
// client's next message holds no buffer of its own.
std::array<char, 64 * 1024>& read_scratch() {
    thread_local std::array<char, 64 * 1024> scratch;
    return scratch;
}

std::vector<net::const_buffer>& gather_scratch() {
    thread_local std::vector<net::const_buffer> pieces = [] {
        std::vector<net::const_buffer> v;
        v.reserve(max_pieces);
        return v;
    }();
    return pieces;
}

}  // namespace

template <class Transport>
WsConnection<Transport>::WsConnection(Transport&& transport, ServerContext& ctx, Shard& shard)
    : transport_(std::move(transport)),
      ctx_(ctx),
      shard_(shard),
      parser_(ctx.config.max_message_bytes),
      queue_(ctx.config.send_queue_bytes, ctx.config.send_queue_frames),
      timer_(transport_.get_executor()) {
    // The HTTP session that upgraded gave up its count when it handed over the socket.
    metrics().connections_open.add();
}

template <class Transport>
WsConnection<Transport>::~WsConnection() {
    metrics().connections_open.sub();
    metrics().send_queue_bytes.sub(static_cast<std::int64_t>(queue_.queued_bytes()));
}

template <class Transport>
void WsConnection<Transport>::start(std::string response, std::string_view early) {
    started_ = true;
    metrics().ws_open.add();
    metrics().ws_total.add();
    shard_.connections().insert(this);
    control_ = std::move(response);
    handler_ = ctx_.make_handler(*this);
    if (ctx_.shutting_down.load()) {
        close(static_cast<std::uint16_t>(ws::close_going_away), "server shutting down");
    }
    flush();
    if (finished_) {
        return;
    }
    if (!early.empty()) {
        // Unusual (clients wait for the 101), but legal: frames sent right behind the request.
        auto& scratch = read_scratch();
        const std::size_t n = std::min(early.size(), scratch.size());
        std::copy_n(early.data(), n, scratch.data());
        if (!consume(scratch.data(), n)) {
            return;
        }
    }
    if (ending_ == Ending::none) {
        arm_timer(ctx_.config.idle_timeout / 2);  // otherwise the close deadline is running
    }
    wait_readable();
}

// --- Reading --------------------------------------------------------------------------------

template <class Transport>
void WsConnection<Transport>::wait_readable() {
    transport_.async_wait_readable(
        [self = this->shared_from_this()](error_code ec) { self->on_readable(ec); });
}

template <class Transport>
void WsConnection<Transport>::on_readable(error_code ec) {
    if (finished_) {
        return;
    }
    if (ec) {
        finish();
        return;
    }
    auto& scratch = read_scratch();
    for (int round = 0; round < reads_per_wakeup; ++round) {
        const std::size_t n = transport_.read_some(net::buffer(scratch), ec);
        if (ec == net::error::would_block || ec == net::error::try_again) {
            break;
        }
        if (ec) {
            // End of stream or a reset: a phone walking out of coverage looks just like this.
            finish();
            return;
        }
        if (discarding_) {
            continue;  // after a close frame (or a broken frame) nothing read matters
        }
        if (!consume(scratch.data(), n)) {
            return;
        }
        if (n < scratch.size()) {
            break;
        }
    }
    wait_readable();
}

template <class Transport>
bool WsConnection<Transport>::consume(char* data, std::size_t size) {
    metrics().bytes_in.add(size);
    heard_since_tick_ = true;
    parser_.feed(std::span<char>(data, size));
    while (auto event = parser_.next()) {
        on_frame(*event);
        if (finished_) {
            return false;
        }
        if (discarding_) {
            break;
        }
    }
    return !finished_;
}

template <class Transport>
void WsConnection<Transport>::on_frame(const ws::FrameEvent& event) {
    using Kind = ws::FrameEvent::Kind;
    switch (event.kind) {
        case Kind::text:
            metrics().frames_in.add();
            if (ending_ == Ending::none && handler_) {
                handler_->on_text(event.payload);
            }
            return;
        case Kind::binary:
            metrics().frames_in.add();
            close(static_cast<std::uint16_t>(protocol::CloseCode::protocol_violation),
                  "binary frames are not part of the protocol");
            return;
        case Kind::ping:
            if (ending_ == Ending::none && handler_ && !handler_->on_control_frame()) {
                return;
            }
            if (ending_ == Ending::none) {
                control_ += ws::make_control_frame(ws::opcode_pong, event.payload);
                schedule_flush();
            }
            return;
        case Kind::pong:
            ping_outstanding_ = false;
            // Unsolicited pongs are allowed (RFC 6455 5.5.3), so they are counted like pings.
            if (ending_ == Ending::none && handler_) {
                handler_->on_control_frame();
            }
            return;
        case Kind::close:
            close_received_ = true;
            discarding_ = true;
            if (ending_ == Ending::closed_by_us) {
                // The answer to our close: once ours is out, the socket can go.
                if (close_sent_ && !unit_active_) {
                    linger();
                }
                return;
            }
            ending_ = Ending::closed_by_peer;
            {
                const std::size_t released = queue_.discard_pending();
                metrics().send_queue_bytes.sub(static_cast<std::int64_t>(released));
            }
            // Echo the code; a close without one is answered with a bare close.
            control_ += event.code == 1005 ? ws::make_control_frame(ws::opcode_close, {})
                                           : ws::make_close_frame(event.code, {});
            close_sent_ = true;
            arm_timer(close_deadline);
            schedule_flush();
            return;
        case Kind::error:
            if (event.code == ws::close_too_big) {
                metrics().oversize_closes.add();
                fail(event.code, "message too big");
            } else if (event.code == ws::close_bad_payload) {
                fail(event.code, "invalid UTF-8");
            } else {
                fail(event.code, "protocol error");
            }
            return;
    }
}

template <class Transport>
void WsConnection<Transport>::fail(std::uint16_t code, std::string_view reason) {
    // The stream cannot be read any further: say why, then close without waiting for an answer.
    close(code, reason);
    close_received_ = true;
    discarding_ = true;
}

template <class Transport>
void WsConnection<Transport>::linger() {
    // Both close frames are out (or the stream is broken). Send FIN and read on until the
    // client's FIN: closing now, with the client's last bytes unread, would send a reset that
    // can destroy our close frame before the client reads it. The close deadline bounds this.
    if (lingering_ || finished_) {
        return;
    }
    lingering_ = true;
    transport_.shutdown_send();
}

// --- Writing --------------------------------------------------------------------------------

template <class Transport>
SendResult WsConnection<Transport>::send(SharedFrame frame) {
    if (ending_ != Ending::none || finished_) {
        return SendResult::dropped;
    }
    const std::size_t before = queue_.queued_bytes();
    return queued(queue_.push(std::move(frame)), before);
}

template <class Transport>
SendResult WsConnection<Transport>::send_reply(SharedFrame frame) {
    if (ending_ != Ending::none || finished_) {
        return SendResult::dropped;
    }
    const std::size_t before = queue_.queued_bytes();
    return queued(queue_.push_reply(std::move(frame)), before);
}

template <class Transport>
SendResult WsConnection<Transport>::queued(SendResult r, std::size_t before) {
    if (r == SendResult::dropped) {
        metrics().slow_consumer_drops.add();
        const std::size_t released = queue_.discard_pending();
        metrics().send_queue_bytes.sub(static_cast<std::int64_t>(released));
        close(static_cast<std::uint16_t>(protocol::CloseCode::slow_consumer),
              "too far behind; reconnect and resume");
        return r;
    }
    metrics().send_queue_bytes.add(static_cast<std::int64_t>(queue_.queued_bytes() - before));
    schedule_flush();
    return r;
}

template <class Transport>
void WsConnection<Transport>::schedule_flush() {
    // Cork: the write starts after the current handler, so everything it delivers to this
    // socket (a drain of many room events, history on join) leaves in one frame and one
    // system call instead of one for the first object and another for the rest.
    if (flush_posted_ || waiting_writable_ || finished_) {
        return;
    }
    flush_posted_ = true;
    net::post(transport_.get_executor(), [self = this->shared_from_this()] {
        self->flush_posted_ = false;
        self->flush();
    });
}

template <class Transport>
bool WsConnection<Transport>::begin_unit() {
    unit_control_.swap(control_);
    control_.clear();
    unit_header_size_ = 0;
    std::size_t data = 0;
    if (ending_ == Ending::closed_by_us && !close_sent_ && queue_.empty()) {
        // Everything queued before the close has left: now the close frame.
        unit_control_ += close_frame_;
        close_sent_ = true;
    } else if (ending_ != Ending::closed_by_peer && queue_.start_batch()) {
        data = queue_.batch_bytes();
        unit_header_size_ = ws::write_frame_header(unit_header_, ws::opcode_text, data);
    }
    unit_size_ = unit_control_.size() + unit_header_size_ + data;
    unit_sent_ = 0;
    unit_active_ = unit_size_ > 0;
    return unit_active_;
}

template <class Transport>
void WsConnection<Transport>::end_unit() {
    unit_active_ = false;
    metrics().ws_writes.add();
    metrics().bytes_out.add(unit_size_);
    if (queue_.writing()) {
        const std::size_t before = queue_.queued_bytes();
        metrics().frames_out.add(queue_.batch().size());
        queue_.finish_batch();
        metrics().send_queue_bytes.sub(static_cast<std::int64_t>(before - queue_.queued_bytes()));
    }
    // The 101 response and control frames are rare: do not keep their buffer.
    std::string().swap(unit_control_);
    if (close_sent_ && close_received_ && control_.empty()) {
        linger();
    }
}

template <class Transport>
void WsConnection<Transport>::flush() {
    if (finished_ || waiting_writable_) {
        return;
    }
    auto& pieces = gather_scratch();
    for (;;) {
        if (!unit_active_ && !begin_unit()) {
            return;
        }
        // The unit's pieces from where the last (partial) write stopped.
        pieces.clear();
        std::size_t skip = unit_sent_;
        auto add = [&](const void* p, std::size_t n) {
            if (pieces.size() == max_pieces) {
                return;
            }
            if (skip >= n) {
                skip -= n;
                return;
            }
            pieces.emplace_back(static_cast<const char*>(p) + skip, n - skip);
            skip = 0;
        };
        add(unit_control_.data(), unit_control_.size());
        add(unit_header_, unit_header_size_);
        if (unit_header_size_ > 0) {
            bool first = true;
            for (const auto& f : queue_.batch()) {
                if (!first) {
                    add(&newline, 1);
                }
                first = false;
                add(f->data(), f->size());
            }
        }
        error_code ec;
        const std::size_t n = transport_.write_some(pieces, ec);
        if (ec == net::error::would_block || ec == net::error::try_again) {
            waiting_writable_ = true;
            transport_.async_wait_writable(
                [self = this->shared_from_this()](error_code e) { self->on_writable(e); });
            return;
        }
        if (ec) {
            finish();
            return;
        }
        unit_sent_ += n;
        if (unit_sent_ == unit_size_) {
            end_unit();
            if (finished_) {
                return;
            }
        }
    }
}

template <class Transport>
void WsConnection<Transport>::on_writable(error_code ec) {
    waiting_writable_ = false;
    if (finished_) {
        return;
    }
    if (ec) {
        finish();
        return;
    }
    flush();
}

template <class Transport>
void WsConnection<Transport>::close(std::uint16_t code, std::string_view reason) {
    if (ending_ != Ending::none || finished_) {
        return;
    }
    ending_ = Ending::closed_by_us;
    close_frame_ = ws::make_close_frame(code, reason);
    metrics().count_close(code);
    arm_timer(close_deadline);
    schedule_flush();
}

// --- Time -----------------------------------------------------------------------------------

template <class Transport>
void WsConnection<Transport>::arm_timer(std::chrono::steady_clock::duration after) {
    timer_.expires_after(after);
    timer_.async_wait([self = this->shared_from_this()](error_code ec) { self->on_timer(ec); });
}

template <class Transport>
void WsConnection<Transport>::on_timer(error_code ec) {
    if (ec || finished_) {
        return;  // re-armed (cancelled) or over
    }
    if (ending_ != Ending::none) {
        finish();  // the close handshake took too long
        return;
    }
    if (heard_since_tick_) {
        heard_since_tick_ = false;
        ping_outstanding_ = false;
    } else if (!ping_outstanding_) {
        // Silent for half the idle time: ask the client to show it is still there.
        ping_outstanding_ = true;
        control_ += ws::make_control_frame(ws::opcode_ping, {});
        schedule_flush();
    } else {
        metrics().idle_timeouts.add();
        finish();
        return;
    }
    // Memory an idle connection no longer needs goes back between ticks.
    if (!unit_active_ && queue_.empty()) {
        queue_.release_memory();
    }
    arm_timer(ctx_.config.idle_timeout / 2);
}

template <class Transport>
void WsConnection<Transport>::finish() {
    if (finished_) {
        return;
    }
    finished_ = true;
    timer_.cancel();
    if (started_) {
        metrics().ws_open.sub();
        shard_.connections().erase(this);
    }
    const std::size_t before = queue_.queued_bytes();
    queue_.discard_pending();
    if (queue_.writing()) {
        queue_.finish_batch();
    }
    metrics().send_queue_bytes.sub(static_cast<std::int64_t>(before - queue_.queued_bytes()));
    if (handler_) {
        handler_->on_closed();
    }
    transport_.close();
}

template class WsConnection<PlainTransport>;
template class WsConnection<TlsTransport>;

}  // namespace ibasho
