#include "server/http/http_session.hpp"

#include <array>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "server/api/errors.hpp"
#include "server/api/router.hpp"
#include "server/http/head_framing.hpp"
#include "server/http/origin.hpp"
#include "server/http/proxy_header.hpp"
#include "server/http/responses.hpp"
#include "server/http/server_context.hpp"
#include "server/log.hpp"
#include "server/metrics.hpp"
#include "server/shards.hpp"
#include "server/transport/plain_transport.hpp"
#include "server/transport/tls_transport.hpp"
#include "server/ws/handshake.hpp"
#include "server/ws/ws_connection.hpp"

namespace ibasho {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr auto request_timeout = std::chrono::seconds(30);
constexpr std::uint32_t header_limit = 8 * 1024;
constexpr std::uint64_t body_limit = 64 * 1024;
// A trusted proxy sends its header at once; a peer that does not is closed this soon.
constexpr auto proxy_header_timeout = std::chrono::seconds(5);

using http::ApiReply;
using http::handle_request;
using http::make_api_response;
using http::make_response;
using http::to_api_request;

template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
  public:
    static constexpr bool is_tls = std::is_same_v<Stream, TlsTransport>;

    HttpSession(Stream&& stream, Shard& shard, ServerContext& ctx, std::string address_hash)
        : stream_(std::move(stream)),
          shard_(shard),
          ctx_(ctx),
          deadline_(shard.io()),
          address_hash_(std::move(address_hash)) {
        metrics().connections_open.add();
        metrics().connections_total.add();
    }
    ~HttpSession() { metrics().connections_open.sub(); }

    void run() {
        if constexpr (is_tls) {
            expire_after(ctx_.config.handshake_timeout);
            stream_.async_handshake([self = this->shared_from_this()](beast::error_code ec) {
                self->on_handshake(ec);
            });
        } else {
            do_read();
        }
    }

  private:
    tcp::socket& socket() {
        if constexpr (is_tls) {
            return stream_.socket();
        } else {
            return stream_;
        }
    }

    // One timer bounds whatever the session is waiting for; when it fires the socket closes,
    // which ends the pending operation with an error.
    void expire_after(std::chrono::steady_clock::duration d) {
        deadline_.expires_after(d);
        deadline_.async_wait([weak = this->weak_from_this()](beast::error_code ec) {
            if (ec) {
                return;
            }
            if (auto self = weak.lock()) {
                beast::error_code ignored;
                self->socket().close(ignored);
            }
        });
    }

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
        // The limit is checked once the header is in, when the path says how to refuse.
        parser_->body_limit(boost::none);
        api_request_ = false;
        expire_after(request_timeout);
        bhttp::async_read_header(
            stream_, buffer_, *parser_,
            beast::bind_front_handler(&HttpSession::on_header, this->shared_from_this()));
    }

    void on_header(beast::error_code ec, std::size_t) {
        if (ec) {
            return on_read(ec, 0);
        }
        const auto& head = parser_->get();
        const std::string_view target(head.target().data(), head.target().size());
        api_request_ = api::is_api_path(target.substr(0, target.find('?')));
        // Beast merges two equal lengths and ignores codings it does not know, which would
        // read a smuggled body as the next request; judge the framing ourselves first.
        if (const auto framing = http::framing_of(head); framing != http::Framing::ok) {
            return refuse(head,
                          framing == http::Framing::not_implemented ? bhttp::status::not_implemented
                                                                    : bhttp::status::bad_request,
                          framing == http::Framing::not_implemented
                              ? "Transfer coding not implemented\n"
                              : "Bad request\n");
        }
        // A declared length past what we ever read is refused before a byte of the body is
        // read (and the connection closed). Up to it the body is read, so an API body past
        // the router's own smaller limit gets its 413 on a connection that stays usable.
        parser_->body_limit(body_limit);
        if (const auto length = parser_->content_length(); length && *length > body_limit) {
            return on_read(bhttp::error::body_limit, 0);
        }
        bhttp::async_read(
            stream_, buffer_, *parser_,
            beast::bind_front_handler(&HttpSession::on_read, this->shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == bhttp::error::end_of_stream) {
            return do_shutdown();
        }
        if (ec) {
            if (ec == bhttp::error::body_limit && api_request_) {
                // The rest of the body is never read, so the connection cannot carry on.
                return write(make_api_response(api::error(api::ErrorCode::payload_too_large),
                                               ApiReply{}, is_tls));
            }
            if (ec == bhttp::error::header_limit || ec == bhttp::error::body_limit ||
                ec == bhttp::error::bad_target || ec == bhttp::error::bad_method ||
                ec == bhttp::error::bad_version || ec == bhttp::error::bad_field ||
                ec == bhttp::error::bad_content_length ||
                ec == bhttp::error::multiple_content_length ||
                ec == bhttp::error::bad_transfer_encoding || ec == bhttp::error::bad_chunk ||
                ec == bhttp::error::bad_chunk_extension) {
                bhttp::request<bhttp::string_body> dummy;
                auto res = make_response(dummy, bhttp::status::bad_request, "Bad request\n",
                                         "text/plain; charset=utf-8", is_tls);
                res.keep_alive(false);
                return write(std::move(res));
            }
            deadline_.cancel();
            return;  // timeouts, resets and truncation are ordinary endings
        }
        auto req = parser_->release();
        parser_.reset();
        if (beast::websocket::is_upgrade(req)) {
            return upgrade(std::move(req));
        }
        if (api_request_) {
            return dispatch_api(std::move(req));
        }
        write(handle_request(req, ctx_, is_tls));
    }

    // Hands the request to the router. Its answer may come later from any thread; it is
    // posted back to this shard, and the session stays alive until then. The request
    // timeout keeps running meanwhile, so a handler that never answers closes the socket.
    void dispatch_api(bhttp::request<bhttp::string_body> req) {
        metrics().http_requests.add();
        const ApiReply reply{req.version(), req.keep_alive(), req.method() == bhttp::verb::head};
        auto done = [self = this->shared_from_this(), reply](api::Response answer) {
            net::post(self->shard_.io(), [self, reply, answer = std::move(answer)]() mutable {
                self->answer_api(std::move(answer), reply);
            });
        };
        if (!ctx_.api) {
            return done(api::error(api::ErrorCode::not_found));
        }
        api::Request request = to_api_request(req);
        request.secure = is_tls;
        request.address_hash = address_hash_;
        ctx_.api->dispatch(std::move(request), std::move(done));
    }

    void answer_api(api::Response answer, ApiReply reply) {
        // The timeout closed the socket while the handler worked: nobody is left to answer.
        if (!socket().is_open()) {
            return;
        }
        write(make_api_response(std::move(answer), reply, is_tls));
    }

    void refuse(const bhttp::request<bhttp::string_body>& req, bhttp::status status,
                std::string body) {
        auto res = make_response(req, status, std::move(body), "text/plain; charset=utf-8", is_tls);
        res.keep_alive(false);
        if (status == bhttp::status::upgrade_required) {
            res.set(bhttp::field::sec_websocket_version, "13");
        }
        write(std::move(res));
    }

    void upgrade(bhttp::request<bhttp::string_body> req) {
        const std::string_view path(req.target().data(), req.target().size());
        if (path.substr(0, path.find('?')) != "/ws") {
            return refuse(req, bhttp::status::not_found, "Not found\n");
        }
        const auto origin = req[bhttp::field::origin];
        const auto host = req[bhttp::field::host];
        if (!http::origin_allowed(std::string_view(origin.data(), origin.size()),
                                  std::string_view(host.data(), host.size()), is_tls,
                                  ctx_.config.allowed_origins)) {
            metrics().ws_rejected_origin.add();
            return refuse(req, bhttp::status::forbidden, "Origin not allowed\n");
        }
        const auto version = req[bhttp::field::sec_websocket_version];
        const auto key = req[bhttp::field::sec_websocket_key];
        const std::string_view key_view(key.data(), key.size());
        if (auto refusal =
                ws::check_handshake(std::string_view(version.data(), version.size()), key_view)) {
            return refuse(req, static_cast<bhttp::status>(refusal->status),
                          std::string(refusal->message));
        }
        if (ctx_.shutting_down.load()) {
            return refuse(req, bhttp::status::service_unavailable, "Shutting down\n");
        }
        deadline_.cancel();
        const auto early = buffer_.cdata();
        std::string response = ws::switching_protocols(key_view);
        auto transport = [&] {
            if constexpr (is_tls) {
                return std::move(stream_);
            } else {
                return PlainTransport(std::move(stream_));
            }
        }();
        auto conn = std::make_shared<WsConnection<std::decay_t<decltype(transport)>>>(
            std::move(transport), ctx_, shard_);
        conn->set_address_hash(address_hash_);
        conn->start(std::move(response),
                    std::string_view(static_cast<const char*>(early.data()), early.size()));
    }

    void write(bhttp::response<bhttp::string_body> res) {
        auto sp = std::make_shared<bhttp::response<bhttp::string_body>>(std::move(res));
        expire_after(request_timeout);
        bhttp::async_write(
            stream_, *sp, [self = this->shared_from_this(), sp](beast::error_code ec, std::size_t) {
                if (ec) {
                    self->deadline_.cancel();
                    return;
                }
                if (sp->need_eof()) {
                    return self->do_shutdown();
                }
                self->do_read();
            });
    }

    void do_shutdown() {
        deadline_.cancel();
        if constexpr (is_tls) {
            stream_.shutdown_send();
        } else {
            beast::error_code ec;
            stream_.shutdown(tcp::socket::shutdown_send, ec);
        }
    }

    Stream stream_;
    Shard& shard_;
    ServerContext& ctx_;
    net::steady_timer deadline_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    bool api_request_ = false;  // the request being read is for the router
    std::string address_hash_;  // the peer's keyed address hash; the address is not kept
};

// An address as the text that is hashed: an IPv4 client on a dual-stack socket counts as its
// IPv4 address (the PROXY header parser does the same for the client it names).
std::string address_text(net::ip::address address) {
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
    }
    return address.to_string();
}

std::string hash_of(const std::string& address, const ServerContext& ctx) {
    return ctx.hash_address && !address.empty() ? ctx.hash_address(address) : std::string();
}

bool from_trusted_proxy(const net::ip::address& peer, const ServerContext& ctx) {
    if (ctx.proxy_from.empty()) {
        return false;
    }
    if (peer.is_v4()) {
        const auto b = peer.to_v4().to_bytes();
        return http::in_any(ctx.proxy_from, b.data(), false);
    }
    const auto b = peer.to_v6().to_bytes();
    return http::in_any(ctx.proxy_from, b.data(), true);
}

void serve(tcp::socket socket, Shard& shard, ServerContext& ctx,
           std::shared_ptr<net::ssl::context> tls, std::string address_hash) {
    if (tls) {
        std::make_shared<HttpSession<TlsTransport>>(
            TlsTransport(std::move(socket), tls->native_handle()), shard, ctx,
            std::move(address_hash))
            ->run();
    } else {
        std::make_shared<HttpSession<tcp::socket>>(std::move(socket), shard, ctx,
                                                   std::move(address_hash))
            ->run();
    }
}

// The per-address connection limit, then the session. The answer may come from the Redis
// thread; the session starts on its own shard.
void admit_and_serve(tcp::socket socket, Shard& shard, ServerContext& ctx,
                     std::shared_ptr<net::ssl::context> tls, std::string address_hash) {
    if (!ctx.admit_connection || address_hash.empty()) {
        return serve(std::move(socket), shard, ctx, std::move(tls), std::move(address_hash));
    }
    auto held = std::make_shared<tcp::socket>(std::move(socket));
    const std::string hash = address_hash;
    ctx.admit_connection(hash, [held, &shard, &ctx, tls = std::move(tls),
                                address_hash = std::move(address_hash)](bool admitted) mutable {
        net::post(shard.io(), [held, &shard, &ctx, tls = std::move(tls),
                               address_hash = std::move(address_hash), admitted]() mutable {
            if (!admitted) {
                metrics().address_limited.add();
                beast::error_code ignored;
                held->close(ignored);
                return;
            }
            serve(std::move(*held), shard, ctx, std::move(tls), std::move(address_hash));
        });
    });
}

// Reads a trusted proxy's PROXY v2 header before anything else (before the TLS ClientHello on
// the TLS listener): the fixed 16 bytes, then exactly the length they give, so not a byte of
// the connection's own data is taken. The client's address lives only in locals here.
class ProxyHeaderRead : public std::enable_shared_from_this<ProxyHeaderRead> {
  public:
    ProxyHeaderRead(tcp::socket socket, Shard& shard, ServerContext& ctx,
                    std::shared_ptr<net::ssl::context> tls, std::string proxy_address)
        : socket_(std::move(socket)),
          timer_(shard.io()),
          shard_(shard),
          ctx_(ctx),
          tls_(std::move(tls)),
          proxy_address_(std::move(proxy_address)) {}

    void run() {
        timer_.expires_after(proxy_header_timeout);
        timer_.async_wait([weak = weak_from_this()](beast::error_code ec) {
            if (auto self = weak.lock(); self && !ec) {
                beast::error_code ignored;
                self->socket_.close(ignored);
            }
        });
        read_to(http::proxy_v2_fixed);
    }

  private:
    void read_to(std::size_t total) {
        net::async_read(socket_, net::buffer(buffer_.data() + have_, total - have_),
                        [self = shared_from_this(), total](beast::error_code ec, std::size_t) {
                            self->on_read(ec, total);
                        });
    }

    void on_read(beast::error_code ec, std::size_t total) {
        if (ec) {
            timer_.cancel();
            return;  // closed, reset or timed out before a header came
        }
        have_ = total;
        auto header = http::parse_proxy_v2(std::string_view(buffer_.data(), have_));
        if (header.status == http::ProxyStatus::need_more) {
            return read_to(header.needed);
        }
        timer_.cancel();
        if (header.status == http::ProxyStatus::bad) {
            metrics().proxy_header_refused.add();
            log::debug("proxy_header_refused", {{"problem", std::string(header.problem)}});
            beast::error_code ignored;
            socket_.close(ignored);
            return;
        }
        // LOCAL (the proxy's health check) is the proxy itself: hashed as its own address, and
        // not counted against a budget (checks every second would spend it).
        const bool local = header.source.empty();
        std::string hash = hash_of(local ? proxy_address_ : header.source, ctx_);
        header.source.clear();
        proxy_address_.clear();
        if (local) {
            return serve(std::move(socket_), shard_, ctx_, std::move(tls_), std::move(hash));
        }
        admit_and_serve(std::move(socket_), shard_, ctx_, std::move(tls_), std::move(hash));
    }

    tcp::socket socket_;
    net::steady_timer timer_;
    Shard& shard_;
    ServerContext& ctx_;
    std::shared_ptr<net::ssl::context> tls_;
    std::string proxy_address_;
    std::array<char, http::proxy_v2_max> buffer_{};
    std::size_t have_ = 0;
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
    const auto peer = socket.remote_endpoint(ec);
    if (ec) {
        return serve(std::move(socket), shard, ctx, std::move(tls), {});
    }
    std::string address = address_text(peer.address());
    if (from_trusted_proxy(peer.address(), ctx)) {
        std::make_shared<ProxyHeaderRead>(std::move(socket), shard, ctx, std::move(tls),
                                          std::move(address))
            ->run();
        return;
    }
    std::string address_hash = hash_of(address, ctx);
    address.clear();
    admit_and_serve(std::move(socket), shard, ctx, std::move(tls), std::move(address_hash));
}

}  // namespace ibasho
