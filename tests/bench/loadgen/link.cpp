#include "tests/bench/loadgen/link.hpp"

#include <netinet/in.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>

#include "tests/bench/loadgen/raw_frames.hpp"
#include "tests/bench/loadgen/shared.hpp"

namespace ibasho::bench {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using beast::error_code;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

// Names an error the way the report groups them: short and stable.
std::string describe(const char* stage, const error_code& ec) {
    return std::string(stage) + ": " + ec.message();
}

template <class Stream>
class WsLink final : public Link, public std::enable_shared_from_this<WsLink<Stream>> {
  public:
    template <class... Args>
    WsLink(LinkOwner& owner, Shared& shared, const net::ip::address& source, std::size_t target,
           Args&&... args)
        : owner_(&owner),
          shared_(shared),
          source_(source),
          target_(target),
          ws_(std::forward<Args>(args)...) {}

    void start() override {
        auto& socket = beast::get_lowest_layer(ws_).socket();
        error_code ec;
        socket.open(shared_.targets[target_].protocol(), ec);
        if (!ec) {
            // Let connect() pick the port for the whole 4-tuple, not bind(): with several
            // source addresses each gets its own ephemeral range.
            const int on = 1;
            ::setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on,
                         sizeof on);
            socket.bind(tcp::endpoint(source_, 0), ec);
        }
        if (!ec) {
            socket.set_option(tcp::no_delay(true), ec);
        }
        if (ec) {
            fail(describe("bind", ec), 0);
            return;
        }
        beast::get_lowest_layer(ws_).expires_after(timeout());
        beast::get_lowest_layer(ws_).async_connect(
            shared_.targets[target_],
            beast::bind_front_handler(&WsLink::on_connect, this->shared_from_this()));
    }

    void write(std::string frame) override {
        if constexpr (std::is_same_v<Stream, PlainStream>) {
            out_ = masked_client_frame(0x1, frame, next_mask());
            data_waiting_ = true;
            pump();
            return;
        }
        out_ = std::move(frame);
        ws_.async_write(net::buffer(out_),
                        beast::bind_front_handler(&WsLink::on_write, this->shared_from_this()));
    }

    void abort() override {
        owner_ = nullptr;
        error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
    }

  private:
    std::chrono::steady_clock::duration timeout() const {
        return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(shared_.options.connect_timeout));
    }

    void on_connect(error_code ec) {
        if (owner_ == nullptr) {
            return;
        }
        if (ec) {
            fail(describe("connect", ec), 0);
            return;
        }
        if constexpr (std::is_same_v<Stream, TlsStream>) {
            ws_.next_layer().async_handshake(
                net::ssl::stream_base::client,
                beast::bind_front_handler(&WsLink::on_tls, this->shared_from_this()));
        } else {
            upgrade();
        }
    }

    void on_tls(error_code ec) {
        if (owner_ == nullptr) {
            return;
        }
        if (ec) {
            fail(describe("tls", ec), 0);
            return;
        }
        upgrade();
    }

    void upgrade() {
        // The WebSocket layer keeps its own handshake timer; the TCP one must be off.
        beast::get_lowest_layer(ws_).expires_never();
        websocket::stream_base::timeout t{};
        t.handshake_timeout =
            std::chrono::duration_cast<std::chrono::steady_clock::duration>(timeout());
        t.idle_timeout = websocket::stream_base::none();
        t.keep_alive_pings = false;
        ws_.set_option(t);
        websocket::permessage_deflate pmd;
        pmd.client_enable = false;
        ws_.set_option(pmd);
        ws_.auto_fragment(false);
        ws_.read_message_max(64 * 1024 * 1024);
        const Target& target = shared_.options.targets[target_];
        const std::string origin = target.origin();
        ws_.set_option(websocket::stream_base::decorator([origin](websocket::request_type& req) {
            req.set(beast::http::field::origin, origin);
            req.set(beast::http::field::user_agent, "ibasho-loadgen");
        }));
        ws_.async_handshake(
            target.host_header(), target.path,
            beast::bind_front_handler(&WsLink::on_upgrade, this->shared_from_this()));
    }

    void on_upgrade(error_code ec) {
        if (owner_ == nullptr) {
            return;
        }
        if (ec) {
            fail(describe("upgrade", ec), 0);
            return;
        }
        ws_.text(true);
        owner_->on_open();
        if constexpr (std::is_same_v<Stream, PlainStream>) {
            // From here on the frames are ours: large non-blocking reads parsed in place, so one
            // system call takes everything the server has sent (Beast reads frame by frame).
            error_code ignored;
            socket().non_blocking(true, ignored);
            raw_wait();
            return;
        }
        read();
    }

    tcp::socket& socket() { return beast::get_lowest_layer(ws_).socket(); }

    std::uint32_t next_mask() {
        mask_ = mask_ * 1664525u + 1013904223u;  // any mask will do; it only has to be there
        return mask_;
    }

    void raw_wait() {
        if (owner_ == nullptr || !owner_->keep_reading()) {
            return;
        }
        socket().async_wait(
            net::socket_base::wait_read,
            beast::bind_front_handler(&WsLink::on_raw_readable, this->shared_from_this()));
    }

    void on_raw_readable(error_code ec) {
        if (owner_ == nullptr) {
            return;
        }
        if (ec) {
            fail(describe("read", ec), 0);
            return;
        }
        thread_local std::string scratch(64 * 1024, '\0');
        for (int round = 0; round < 4; ++round) {
            const std::size_t n = socket().read_some(net::buffer(scratch), ec);
            if (ec == net::error::would_block || ec == net::error::try_again) {
                break;
            }
            if (ec) {
                fail(describe("read", ec), 0);
                return;
            }
            frames_.feed(std::string_view(scratch.data(), n));
            ServerFrameReader::Frame f{};
            for (;;) {
                const auto r = frames_.next(f);
                if (r == ServerFrameReader::Result::need_more) {
                    break;
                }
                if (r == ServerFrameReader::Result::broken) {
                    fail("read: broken framing from the server", 0);
                    return;
                }
                if (f.opcode == 0x1 || f.opcode == 0x2) {
                    owner_->on_frame(f.payload);
                } else if (f.opcode == 0x8) {
                    const int code = f.payload.size() >= 2
                                         ? (static_cast<unsigned char>(f.payload[0]) << 8) |
                                               static_cast<unsigned char>(f.payload[1])
                                         : 0;
                    fail(code != 0 ? "closed by server" : "read: closed without a code", code);
                    return;
                } else if (f.opcode == 0x9) {
                    send_control(masked_client_frame(0xA, f.payload, next_mask()));
                }
                if (owner_ == nullptr) {
                    return;  // aborted from inside on_frame
                }
            }
            if (!owner_->keep_reading()) {
                return;
            }
            if (n < scratch.size()) {
                break;
            }
        }
        raw_wait();
    }

    // A pong goes out between data writes, never interleaved with one.
    void send_control(std::string frame) {
        control_ += frame;
        pump();
    }

    // Starts the next write: control frames first, then the owner's frame; one at a time.
    void pump() {
        if (writing_ || owner_ == nullptr) {
            return;
        }
        if (!control_.empty()) {
            control_out_ = std::move(control_);
            control_.clear();
            writing_ = true;
            net::async_write(socket(), net::buffer(control_out_),
                             [self = this->shared_from_this()](error_code ec, std::size_t) {
                                 self->writing_ = false;
                                 if (self->owner_ == nullptr) {
                                     return;
                                 }
                                 if (ec) {
                                     self->fail(describe("write", ec), 0);
                                     return;
                                 }
                                 self->pump();
                             });
            return;
        }
        if (data_waiting_) {
            data_waiting_ = false;
            writing_ = true;
            net::async_write(
                socket(), net::buffer(out_),
                beast::bind_front_handler(&WsLink::on_raw_write, this->shared_from_this()));
        }
    }

    void on_raw_write(error_code ec, std::size_t bytes) {
        writing_ = false;
        on_write(ec, bytes);  // the owner may write again from here
        pump();
    }

    void read() {
        if (owner_ == nullptr || !owner_->keep_reading()) {
            return;
        }
        ws_.async_read(buffer_,
                       beast::bind_front_handler(&WsLink::on_read, this->shared_from_this()));
    }

    void on_read(error_code ec, std::size_t) {
        if (owner_ == nullptr) {
            return;
        }
        if (ec) {
            const int code = ec == websocket::error::closed ? ws_.reason().code : 0;
            fail(code != 0 ? "closed by server" : describe("read", ec), code);
            return;
        }
        const auto data = buffer_.cdata();
        owner_->on_frame(std::string_view(static_cast<const char*>(data.data()), data.size()));
        buffer_.consume(buffer_.size());
        read();
    }

    void on_write(error_code ec, std::size_t) {
        if (owner_ == nullptr) {
            return;
        }
        if (ec) {
            fail(describe("write", ec), 0);
            return;
        }
        owner_->on_written();
    }

    // Reports the first failure only; afterwards the link is inert.
    void fail(const std::string& what, int close_code) {
        LinkOwner* owner = owner_;
        abort();
        if (owner != nullptr) {
            owner->on_failed(what, close_code);
        }
    }

    LinkOwner* owner_;
    Shared& shared_;
    net::ip::address source_;
    std::size_t target_;  // which --url this connection uses
    websocket::stream<Stream> ws_;
    beast::flat_buffer buffer_;
    std::string out_;
    // Plain connections after the handshake (see on_upgrade).
    ServerFrameReader frames_;
    std::string control_;
    std::string control_out_;
    bool writing_ = false;
    bool data_waiting_ = false;
    std::uint32_t mask_ = 0x9e3779b9u;
};

}  // namespace

std::shared_ptr<Link> make_link(LinkOwner& owner, Shared& shared, net::io_context& io,
                                const net::ip::address& source, std::uint32_t index) {
    const std::size_t target = index % shared.targets.size();
    if (shared.tls) {
        return std::make_shared<WsLink<TlsStream>>(owner, shared, source, target, io, *shared.tls);
    }
    return std::make_shared<WsLink<PlainStream>>(owner, shared, source, target, io);
}

}  // namespace ibasho::bench
