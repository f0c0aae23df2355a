#include "server/listener.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "server/http/http_session.hpp"
#include "server/http/server_context.hpp"
#include "server/log.hpp"
#include "server/metrics.hpp"
#include "server/shards.hpp"

namespace ibasho {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Listener::Impl : std::enable_shared_from_this<Impl> {
    Impl(Shards& s, ServerContext& c, std::shared_ptr<net::ssl::context> t)
        : shards(s), ctx(c), tls(std::move(t)), acceptor(s.at(0).io()), retry(s.at(0).io()) {}

    void accept() {
        Shard& target = shards.next();
        acceptor.async_accept(target.io(), [self = shared_from_this(), &target](
                                               boost::system::error_code ec, tcp::socket socket) {
            self->on_accept(ec, std::move(socket), target);
        });
    }

    void on_accept(boost::system::error_code ec, tcp::socket socket, Shard& target) {
        if (ec == net::error::operation_aborted || !acceptor.is_open()) {
            return;
        }
        if (ec) {
            // Out of file descriptors and the like: back off briefly instead of spinning.
            log::warn("accept_failed", {{"error", ec.message()}});
            retry.expires_after(std::chrono::milliseconds(100));
            retry.async_wait([self = shared_from_this()](boost::system::error_code e) {
                if (!e) {
                    self->accept();
                }
            });
            return;
        }
        const auto limit = ctx.config.max_connections;
        if (limit != 0 && static_cast<std::size_t>(metrics().connections_open.get()) >= limit) {
            boost::system::error_code ignored;
            socket.close(ignored);
        } else {
            const bool v6 = socket.local_endpoint(ec).address().is_v6();
            const int fd = socket.release(ec);
            if (!ec) {
                net::post(target.io(), [fd, v6, &target, c = &ctx, t = tls] {
                    start_http_session(fd, v6, target, *c, t);
                });
            }
        }
        accept();
    }

    Shards& shards;
    ServerContext& ctx;
    std::shared_ptr<net::ssl::context> tls;
    tcp::acceptor acceptor;
    net::steady_timer retry;
};

Listener::Listener(Shards& shards, ServerContext& ctx, const Endpoint& at,
                   std::shared_ptr<net::ssl::context> tls)
    : impl_(std::make_shared<Impl>(shards, ctx, std::move(tls))) {
    const char* field = impl_->tls ? "tls-listen" : "listen";
    boost::system::error_code ec;
    const auto address = net::ip::make_address(at.host, ec);
    if (ec) {
        throw ConfigError(field, "'" + at.host + "' is not an IP address");
    }
    const tcp::endpoint ep(address, at.port);
    auto& a = impl_->acceptor;
    a.open(ep.protocol(), ec);
    if (!ec)
        a.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec)
        a.bind(ep, ec);
    if (!ec)
        a.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        throw ConfigError(field, "cannot listen on " + at.to_string() + ": " + ec.message());
    }
}

Listener::~Listener() = default;

void Listener::start() {
    net::post(impl_->acceptor.get_executor(), [impl = impl_] { impl->accept(); });
}

void Listener::stop() {
    net::post(impl_->acceptor.get_executor(), [impl = impl_] {
        boost::system::error_code ec;
        impl->acceptor.close(ec);
        impl->retry.cancel();
    });
}

std::uint16_t Listener::port() const {
    boost::system::error_code ec;
    return impl_->acceptor.local_endpoint(ec).port();
}

}  // namespace ibasho
