#include "server/http/http_session.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "server/http/origin.hpp"
#include "server/http/server_context.hpp"
#include "server/log.hpp"
#include "server/metrics.hpp"
#include "server/shards.hpp"
#include "server/ws/ws_session.hpp"

namespace ibasho {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr auto request_timeout = std::chrono::seconds(30);
constexpr std::uint32_t header_limit = 8 * 1024;
constexpr std::uint64_t body_limit = 64 * 1024;

constexpr const char* csp =
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

void set_security_headers(bhttp::response<bhttp::string_body>& res, bool tls) {
    res.set(bhttp::field::server, "ibasho");
    res.set("Content-Security-Policy", csp);
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("X-Frame-Options", "DENY");
    res.set("Cross-Origin-Opener-Policy", "same-origin");
    res.set("Cross-Origin-Resource-Policy", "same-origin");
    res.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    if (tls) {
        res.set(bhttp::field::strict_transport_security, "max-age=31536000");
    }
}

bhttp::response<bhttp::string_body> make_response(const bhttp::request<bhttp::string_body>& req,
                                                  bhttp::status status, std::string body,
                                                  std::string_view content_type, bool tls) {
    bhttp::response<bhttp::string_body> res{status, req.version()};
    set_security_headers(res, tls);
    res.set(bhttp::field::content_type, content_type);
    res.set(bhttp::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

// Routes one ordinary (non-upgrade) request.
bhttp::response<bhttp::string_body> handle_request(const bhttp::request<bhttp::string_body>& req,
                                                   ServerContext& ctx, bool tls) {
    metrics().http_requests.add();
    const std::string_view target(req.target().data(), req.target().size());
    const std::string_view path = target.substr(0, target.find('?'));
    const bool head = req.method() == bhttp::verb::head;
    if (req.method() != bhttp::verb::get && !head) {
        auto res = make_response(req, bhttp::status::method_not_allowed, "Method not allowed\n",
                                 "text/plain; charset=utf-8", tls);
        res.set(bhttp::field::allow, "GET, HEAD");
        return res;
    }
    bhttp::response<bhttp::string_body> res;
    if (path == "/healthz") {
        res = make_response(req, bhttp::status::ok, "ok\n", "text/plain; charset=utf-8", tls);
    } else if (path == "/readyz") {
        const bool ready = ctx.ready() && !ctx.shutting_down.load();
        res = make_response(req, ready ? bhttp::status::ok : bhttp::status::service_unavailable,
                            ready ? "ready\n" : "not ready\n", "text/plain; charset=utf-8", tls);
    } else if (path == "/metrics") {
        res = make_response(req, bhttp::status::ok, metrics().render(),
                            "text/plain; version=0.0.4; charset=utf-8", tls);
    } else if (path == "/ws") {
        res = make_response(req, bhttp::status::upgrade_required, "WebSocket only\n",
                            "text/plain; charset=utf-8", tls);
    } else {
        const auto inm = req[bhttp::field::if_none_match];
        const auto ae = req[bhttp::field::accept_encoding];
        auto file =
            ctx.static_files.serve(target, std::string_view(inm.data(), inm.size()),
                                   http::accepts_gzip(std::string_view(ae.data(), ae.size())));
        const auto status = static_cast<bhttp::status>(file.status);
        res = make_response(req, status, std::move(file.body), file.content_type, tls);
        res.set(bhttp::field::cache_control, file.cache_control);
        if (!file.etag.empty()) {
            res.set(bhttp::field::etag, file.etag);
            res.set(bhttp::field::vary, "Accept-Encoding");
        }
        if (!file.content_encoding.empty()) {
            res.set(bhttp::field::content_encoding, file.content_encoding);
        }
        // Quick exit lands here: over HTTPS the browser also forgets our cache and storage.
        if (tls && path == "/neutral.html") {
            res.set("Clear-Site-Data", "\"cache\", \"storage\"");
        }
        if (file.status == 304) {
            res.body().clear();
            res.prepare_payload();
        }
    }
    if (head) {
        const auto length = res.body().size();
        res.body().clear();
        res.content_length(length);
    }
    return res;
}

template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
  public:
    HttpSession(Stream&& stream, Shard& shard, ServerContext& ctx, bool tls)
        : stream_(std::move(stream)), shard_(shard), ctx_(ctx), tls_(tls) {
        metrics().connections_open.add();
        metrics().connections_total.add();
    }
    ~HttpSession() { metrics().connections_open.sub(); }

    void run() {
        if constexpr (std::is_same_v<Stream, TlsStream>) {
            beast::get_lowest_layer(stream_).expires_after(ctx_.config.handshake_timeout);
            stream_.async_handshake(
                net::ssl::stream_base::server,
                beast::bind_front_handler(&HttpSession::on_handshake, this->shared_from_this()));
        } else {
            do_read();
        }
    }

  private:
    void on_handshake(beast::error_code ec) {
        if (ec) {
            metrics().tls_handshake_failures.add();
            log::debug("tls_handshake_failed", {{"error", ec.message()}});
            return;
        }
        do_read();
    }

    void do_read() {
        parser_.emplace();
        parser_->header_limit(header_limit);
        parser_->body_limit(body_limit);
        beast::get_lowest_layer(stream_).expires_after(request_timeout);
        bhttp::async_read(
            stream_, buffer_, *parser_,
            beast::bind_front_handler(&HttpSession::on_read, this->shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == bhttp::error::end_of_stream) {
            return do_shutdown();
        }
        if (ec) {
            if (ec == bhttp::error::header_limit || ec == bhttp::error::body_limit ||
                ec == bhttp::error::bad_target || ec == bhttp::error::bad_method ||
                ec == bhttp::error::bad_version || ec == bhttp::error::bad_field) {
                bhttp::request<bhttp::string_body> dummy;
                auto res = make_response(dummy, bhttp::status::bad_request, "Bad request\n",
                                         "text/plain; charset=utf-8", tls_);
                res.keep_alive(false);
                return write(std::move(res));
            }
            return;  // timeouts, resets and truncation are ordinary endings
        }
        auto req = parser_->release();
        if (beast::websocket::is_upgrade(req)) {
            return upgrade(std::move(req));
        }
        write(handle_request(req, ctx_, tls_));
    }

    void upgrade(bhttp::request<bhttp::string_body> req) {
        const std::string_view path(req.target().data(), req.target().size());
        if (path.substr(0, path.find('?')) != "/ws") {
            auto res = make_response(req, bhttp::status::not_found, "Not found\n",
                                     "text/plain; charset=utf-8", tls_);
            res.keep_alive(false);
            return write(std::move(res));
        }
        const auto origin = req[bhttp::field::origin];
        const auto host = req[bhttp::field::host];
        if (!http::origin_allowed(std::string_view(origin.data(), origin.size()),
                                  std::string_view(host.data(), host.size()), tls_,
                                  ctx_.config.allowed_origins)) {
            metrics().ws_rejected_origin.add();
            auto res = make_response(req, bhttp::status::forbidden, "Origin not allowed\n",
                                     "text/plain; charset=utf-8", tls_);
            res.keep_alive(false);
            return write(std::move(res));
        }
        if (ctx_.shutting_down.load()) {
            auto res = make_response(req, bhttp::status::service_unavailable, "Shutting down\n",
                                     "text/plain; charset=utf-8", tls_);
            res.keep_alive(false);
            return write(std::move(res));
        }
        beast::get_lowest_layer(stream_).expires_never();
        std::make_shared<WsSession<Stream>>(std::move(stream_), ctx_, shard_)->run(std::move(req));
    }

    void write(bhttp::response<bhttp::string_body> res) {
        auto sp = std::make_shared<bhttp::response<bhttp::string_body>>(std::move(res));
        beast::get_lowest_layer(stream_).expires_after(request_timeout);
        bhttp::async_write(
            stream_, *sp, [self = this->shared_from_this(), sp](beast::error_code ec, std::size_t) {
                if (ec) {
                    return;
                }
                if (sp->need_eof()) {
                    return self->do_shutdown();
                }
                self->do_read();
            });
    }

    void do_shutdown() {
        if constexpr (std::is_same_v<Stream, TlsStream>) {
            beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
            stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
        } else {
            beast::error_code ec;
            stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        }
    }

    Stream stream_;
    Shard& shard_;
    ServerContext& ctx_;
    bool tls_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
};

}  // namespace

void start_http_session(int native_socket, bool ipv6, Shard& shard, ServerContext& ctx,
                        std::shared_ptr<net::ssl::context> tls) {
    beast::error_code ec;
    tcp::socket socket(shard.io());
    socket.assign(ipv6 ? tcp::v6() : tcp::v4(), native_socket, ec);
    if (ec) {
        ::close(native_socket);
        return;
    }
    socket.set_option(tcp::no_delay(true), ec);
    if (tls) {
        std::make_shared<HttpSession<TlsStream>>(
            TlsStream(beast::tcp_stream(std::move(socket)), *tls), shard, ctx, true)
            ->run();
    } else {
        std::make_shared<HttpSession<PlainStream>>(PlainStream(std::move(socket)), shard, ctx,
                                                   false)
            ->run();
    }
}

}  // namespace ibasho
