#include "tests/integration/support/ws_client.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <functional>
#include <stdexcept>

namespace ibasho::itest {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// The state shared by the plain and TLS variants; the stream itself lives in Conn<Next>.
// Members here are destroyed after the derived stream, so the io_context outlives it.
struct WsClient::Impl {
    explicit Impl(bool tls) {
        if (tls) {
            ssl_ctx = std::make_unique<net::ssl::context>(net::ssl::context::tls_client);
            ssl_ctx->set_verify_mode(net::ssl::verify_none);
        }
    }
    virtual ~Impl() = default;

    virtual UpgradeOutcome upgrade(const WsOptions& options) = 0;
    virtual void start_read() = 0;
    virtual void start_write() = 0;
    virtual void start_close() = 0;
    virtual void hard_close() = 0;

    void ensure_reading() {
        if (!reading && !closed) {
            start_read();
        }
    }

    // One server frame may carry several JSON objects, one per line.
    void on_read(beast::error_code ec, const websocket::close_reason& reason) {
        reading = false;
        if (ec) {
            closed = true;
            if (ec == websocket::error::closed) {
                close_code = static_cast<std::uint16_t>(reason.code);
            } else {
                end_error = ec.message();
            }
            return;
        }
        const auto data = buffer.cdata();
        const std::string_view text(static_cast<const char*>(data.data()), data.size());
        std::size_t pos = 0;
        while (pos <= text.size()) {
            std::size_t end = text.find('\n', pos);
            if (end == std::string_view::npos) {
                end = text.size();
            }
            const std::string_view line = text.substr(pos, end - pos);
            if (!line.empty()) {
                Json j = Json::parse(line, nullptr, false);
                if (j.is_discarded()) {
                    j = Json{{"type", "<unparsable>"}, {"raw", std::string(line)}};
                }
                objects.push_back(std::move(j));
            }
            pos = end + 1;
        }
        buffer.consume(buffer.size());
        start_read();
    }

    void on_write(beast::error_code ec) {
        writing = false;
        outbox.pop_front();
        ++writes_done;
        if (ec) {
            write_error = ec.message();
            writes_done += outbox.size();
            outbox.clear();
            return;
        }
        if (!outbox.empty()) {
            start_write();
        }
    }

    void queue(std::string text) {
        outbox.push_back(std::move(text));
        ++writes_queued;
        if (!writing) {
            start_write();
        }
    }

    // Drives this client's I/O until `done()` or the deadline. False on timeout, or when
    // nothing is left to run and `done()` still does not hold.
    bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
        ensure_reading();
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!done()) {
            const auto now = std::chrono::steady_clock::now();
            if (now >= deadline) {
                return false;
            }
            ioc.restart();
            if (ioc.run_one_for(deadline - now) == 0 && ioc.stopped()) {
                return done();
            }
        }
        return true;
    }

    net::io_context ioc;
    std::unique_ptr<net::ssl::context> ssl_ctx;
    beast::flat_buffer buffer;
    std::deque<Json> objects;
    std::deque<std::string> outbox;
    std::size_t writes_queued = 0;
    std::size_t writes_done = 0;
    std::string write_error;
    bool writing = false;
    bool reading = false;
    bool closed = false;
    bool close_sent = false;
    std::optional<std::uint16_t> close_code;
    std::string end_error;
};

namespace {

template <class Next>
struct Conn final : WsClient::Impl {
    Conn() requires std::is_same_v<Next, beast::tcp_stream> : Impl(false), ws(ioc) {}
    Conn() requires(!std::is_same_v<Next, beast::tcp_stream>) : Impl(true), ws(ioc, *ssl_ctx) {}

    // Runs the io_context until the single operation just started has completed; the
    // tcp_stream deadline bounds it.
    void run_op() {
        ioc.restart();
        ioc.run();
    }

    UpgradeOutcome upgrade(const WsOptions& options) override {
        UpgradeOutcome out;
        beast::error_code ec;
        auto& lowest = beast::get_lowest_layer(ws);
        if (options.receive_buffer > 0) {
            // Set before connecting so the window the server sees is small from the start.
            // The segment size drops to an Internet-like 1400 bytes with it: on loopback
            // (MSS ~64 KiB) a window smaller than one segment makes the peer fall back to
            // slow persist-timer probes, and the last bytes could take minutes to arrive.
            lowest.socket().open(tcp::v4(), ec);
            if (!ec) {
                lowest.socket().set_option(
                    net::socket_base::receive_buffer_size(options.receive_buffer), ec);
            }
            if (!ec) {
                lowest.socket().set_option(
                    net::detail::socket_option::integer<IPPROTO_TCP, TCP_MAXSEG>(1400), ec);
            }
            if (ec) {
                out.error = "socket options: " + ec.message();
                return out;
            }
        }
        if (!options.local_address.empty()) {
            if (!lowest.socket().is_open()) {
                lowest.socket().open(tcp::v4(), ec);
            }
            if (!ec) {
                lowest.socket().bind(
                    tcp::endpoint(net::ip::make_address(options.local_address, ec), 0), ec);
            }
            if (ec) {
                out.error = "bind: " + ec.message();
                return out;
            }
        }
        lowest.expires_after(options.timeout);
        lowest.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), options.port),
                             [&](beast::error_code e) { ec = e; });
        run_op();
        if (ec) {
            out.error = "connect: " + ec.message();
            return out;
        }
        if constexpr (!std::is_same_v<Next, beast::tcp_stream>) {
            ws.next_layer().async_handshake(net::ssl::stream_base::client,
                                            [&](beast::error_code e) { ec = e; });
            run_op();
            if (ec) {
                out.error = "tls handshake: " + ec.message();
                return out;
            }
        }
        const std::string host = "127.0.0.1:" + std::to_string(options.port);
        const std::string origin =
            options.origin.value_or(std::string(options.tls ? "https://" : "http://") + host);
        ws.set_option(websocket::stream_base::decorator(
            [origin, agent = options.user_agent](websocket::request_type& req) {
                if (!origin.empty()) {
                    req.set(beast::http::field::origin, origin);
                }
                req.set(beast::http::field::user_agent, agent);
            }));
        websocket::response_type res;
        ws.async_handshake(res, host, options.target, [&](beast::error_code e) { ec = e; });
        run_op();
        out.status = static_cast<int>(res.result_int());
        if (ec) {
            out.error = "upgrade: " + ec.message();
            if (out.status == 101) {
                out.status = 0;
            }
            return out;
        }
        lowest.expires_never();
        return out;
    }

    void start_read() override {
        reading = true;
        ws.async_read(buffer,
                      [this](beast::error_code ec, std::size_t) { on_read(ec, ws.reason()); });
    }

    void start_write() override {
        writing = true;
        ws.text(true);
        ws.async_write(net::buffer(outbox.front()),
                       [this](beast::error_code ec, std::size_t) { on_write(ec); });
    }

    void start_close() override {
        close_sent = true;
        ws.async_close(websocket::close_code::normal, [](beast::error_code) {});
    }

    void hard_close() override {
        beast::error_code ignored;
        beast::get_lowest_layer(ws).socket().close(ignored);
    }

    websocket::stream<Next> ws;
};

std::unique_ptr<WsClient::Impl> make_impl(bool tls) {
    if (tls) {
        return std::make_unique<Conn<beast::ssl_stream<beast::tcp_stream>>>();
    }
    return std::make_unique<Conn<beast::tcp_stream>>();
}

std::string describe(const WsClient::Impl& impl) {
    std::string s;
    if (impl.closed) {
        s += impl.close_code ? " [closed with code " + std::to_string(*impl.close_code) + "]"
                             : " [connection ended: " + impl.end_error + "]";
    }
    return s;
}

}  // namespace

WsClient::WsClient(const WsOptions& options) : impl_(make_impl(options.tls)) {
    const UpgradeOutcome out = impl_->upgrade(options);
    if (out.status != 101) {
        throw std::runtime_error("WebSocket upgrade failed: status " + std::to_string(out.status) +
                                 " " + out.error);
    }
}

WsClient::~WsClient() {
    // Cancelled operations complete with errors and start nothing new, so this ends quickly.
    impl_->hard_close();
    impl_->ioc.restart();
    impl_->ioc.run_for(200ms);
}

UpgradeOutcome WsClient::try_upgrade(const WsOptions& options) {
    auto impl = make_impl(options.tls);
    UpgradeOutcome out = impl->upgrade(options);
    impl->hard_close();
    impl->ioc.restart();
    impl->ioc.run_for(200ms);
    return out;
}

void WsClient::send_text(std::string_view text, std::chrono::milliseconds timeout) {
    if (impl_->closed) {
        throw std::runtime_error("send on a closed WebSocket" + describe(*impl_));
    }
    impl_->queue(std::string(text));
    const std::size_t ticket = impl_->writes_queued;
    if (!impl_->run_until([&] { return impl_->writes_done >= ticket; }, timeout)) {
        throw std::runtime_error("WebSocket write timed out" + describe(*impl_));
    }
    if (!impl_->write_error.empty()) {
        throw std::runtime_error("WebSocket write failed: " + impl_->write_error +
                                 describe(*impl_));
    }
}

void WsClient::queue_text(std::string text) {
    impl_->queue(std::move(text));
}

std::size_t WsClient::writes_pending() const {
    return impl_->outbox.size();
}

std::size_t WsClient::poll() {
    impl_->ensure_reading();
    impl_->ioc.restart();
    return impl_->ioc.poll();
}

void WsClient::pump(std::chrono::milliseconds duration) {
    impl_->run_until([] { return false; }, duration);
}

std::vector<Json> WsClient::read_objects(std::chrono::milliseconds timeout) {
    impl_->run_until([&] { return !impl_->objects.empty() || impl_->closed; }, timeout);
    return take_objects();
}

std::optional<Json> WsClient::next_object(std::chrono::milliseconds timeout) {
    impl_->run_until([&] { return !impl_->objects.empty() || impl_->closed; }, timeout);
    if (impl_->objects.empty()) {
        return std::nullopt;
    }
    Json j = std::move(impl_->objects.front());
    impl_->objects.pop_front();
    return j;
}

Json WsClient::read_until(std::string_view type, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string seen;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        auto j = next_object(std::max(left, 0ms));
        if (!j) {
            throw std::runtime_error("no \"" + std::string(type) + "\" arrived; got: [" + seen +
                                     "]" + describe(*impl_));
        }
        if (j->value("type", "") == type) {
            return *j;
        }
        seen += (seen.empty() ? "" : ", ") + j->dump();
    }
}

std::vector<Json> WsClient::take_objects() {
    std::vector<Json> out(std::make_move_iterator(impl_->objects.begin()),
                          std::make_move_iterator(impl_->objects.end()));
    impl_->objects.clear();
    return out;
}

std::size_t WsClient::queued_objects() const {
    return impl_->objects.size();
}

bool WsClient::wait_closed(std::chrono::milliseconds timeout) {
    return impl_->run_until([&] { return impl_->closed; }, timeout);
}

bool WsClient::closed() const {
    return impl_->closed;
}

std::optional<std::uint16_t> WsClient::close_code() const {
    return impl_->close_code;
}

std::string WsClient::end_error() const {
    return impl_->end_error;
}

void WsClient::close() {
    if (impl_->closed || impl_->close_sent) {
        return;
    }
    impl_->start_close();
    wait_closed(2s);
}

Json WsClient::hello() {
    send(Json{{"type", "hello"}, {"v", 1}});
    return read_until("welcome");
}

Json WsClient::join(std::string_view room, std::string_view nick, Json extra) {
    Json msg{{"type", "join"}, {"room", room}, {"nick", nick}};
    msg.update(extra);
    send(msg);
    for (;;) {
        auto j = next_object(5s);
        if (!j) {
            throw std::runtime_error("no reply to " + msg.dump() + describe(*impl_));
        }
        const std::string type = j->value("type", "");
        if (type == "joined" && j->value("room", "") == room) {
            return *j;
        }
        if (type == "error") {
            throw std::runtime_error("join refused: " + j->dump());
        }
    }
}

void WsClient::say(std::string_view room, std::string_view text, std::string_view id) {
    send(Json{{"type", "say"}, {"room", room}, {"text", text}, {"id", id}});
}

}  // namespace ibasho::itest
