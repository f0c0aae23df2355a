#include "server/redis/readiness_probe.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "server/log.hpp"
#include "server/metrics.hpp"

namespace ibasho {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct RedisReadinessProbe::Impl : std::enable_shared_from_this<Impl> {
    Impl(net::io_context& io_, RedisAddress a)
        : io(io_), address(std::move(a)), resolver(io_), timer(io_), deadline(io_) {}

    void schedule(std::chrono::milliseconds after) {
        if (stopped)
            return;
        timer.expires_after(after);
        timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (!ec)
                self->probe();
        });
    }

    void set(bool now_up) {
        if (now_up != up.load()) {
            log::info(now_up ? "redis_up" : "redis_down",
                      {{"host", address.host}, {"port", static_cast<unsigned>(address.port)}});
        }
        up.store(now_up);
        metrics().redis_up.set(now_up ? 1 : 0);
    }

    void probe() {
        started = std::chrono::steady_clock::now();
        socket = std::make_shared<tcp::socket>(io);
        buffer = std::make_shared<net::streambuf>();
        auto sock = socket;
        deadline.expires_after(std::chrono::seconds(1));
        deadline.async_wait([sock](boost::system::error_code ec) {
            if (!ec) {
                boost::system::error_code ignored;
                sock->close(ignored);
            }
        });
        resolver.async_resolve(
            address.host, std::to_string(address.port),
            [self = shared_from_this(), sock](boost::system::error_code ec,
                                              tcp::resolver::results_type results) {
                if (ec)
                    return self->done(false);
                net::async_connect(
                    *sock, results,
                    [self, sock](boost::system::error_code ec2, const tcp::endpoint&) {
                        if (ec2)
                            return self->done(false);
                        self->ping(sock);
                    });
            });
    }

    void ping(std::shared_ptr<tcp::socket> sock) {
        static const std::string cmd = "PING\r\n";
        net::async_write(
            *sock, net::buffer(cmd),
            [self = shared_from_this(), sock](boost::system::error_code ec, std::size_t) {
                if (ec)
                    return self->done(false);
                net::async_read_until(*sock, *self->buffer, "\r\n",
                                      [self, sock](boost::system::error_code ec2, std::size_t n) {
                                          if (ec2)
                                              return self->done(false);
                                          std::string line(
                                              net::buffers_begin(self->buffer->data()),
                                              net::buffers_begin(self->buffer->data()) +
                                                  static_cast<std::ptrdiff_t>(n));
                                          const bool ok = line.rfind("+PONG", 0) == 0;
                                          if (ok) {
                                              const std::chrono::duration<double> rtt =
                                                  std::chrono::steady_clock::now() - self->started;
                                              metrics().redis_rtt.observe(rtt.count());
                                          }
                                          self->done(ok);
                                      });
            });
    }

    void done(bool ok) {
        deadline.cancel();
        boost::system::error_code ignored;
        if (socket)
            socket->close(ignored);
        set(ok);
        schedule(std::chrono::seconds(1));
    }

    net::io_context& io;
    RedisAddress address;
    tcp::resolver resolver;
    net::steady_timer timer;
    net::steady_timer deadline;
    std::shared_ptr<tcp::socket> socket;
    std::shared_ptr<net::streambuf> buffer;
    std::chrono::steady_clock::time_point started;
    std::atomic<bool> up{false};
    bool stopped = false;
};

RedisReadinessProbe::RedisReadinessProbe(net::io_context& io, RedisAddress address)
    : impl_(std::make_shared<Impl>(io, std::move(address))) {}

RedisReadinessProbe::~RedisReadinessProbe() {
    stop();
}

void RedisReadinessProbe::start() {
    net::post(impl_->io, [impl = impl_] { impl->probe(); });
}

void RedisReadinessProbe::stop() {
    net::post(impl_->io, [impl = impl_] {
        impl->stopped = true;
        impl->timer.cancel();
    });
}

bool RedisReadinessProbe::up() const {
    return impl_->up.load();
}

}  // namespace ibasho
