#include "server/redis/hiredis_asio_adapter.hpp"

#include <hiredis/async.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "server/redis/callback_guard.hpp"

namespace ibasho::redis {

namespace net = boost::asio;

// Owned by itself through a shared_ptr kept in `self_` while hiredis holds the context; pending
// waits hold further references, so a wait completing after cleanup finds `ctx_` null.
class HiredisAsioAdapter : public std::enable_shared_from_this<HiredisAsioAdapter> {
  public:
    HiredisAsioAdapter(redisAsyncContext* ctx, net::io_context& io,
                       std::function<void()> on_cleanup)
        : ctx_(ctx), socket_(io, ctx->c.fd), on_cleanup_(std::move(on_cleanup)) {}

    ~HiredisAsioAdapter() {
        // hiredis owns the file descriptor and closes it; the descriptor object must not.
        if (socket_.is_open()) {
            socket_.release();
        }
    }

    // hiredis calls these hooks from its own C frames: arming a wait may throw (bad_alloc), and
    // that must stop at the hook.
    void install() {
        self_ = shared_from_this();
        ctx_->ev.data = this;
        ctx_->ev.addRead = [](void* p) {
            guarded_call("adapter", [p] { static_cast<HiredisAsioAdapter*>(p)->add_read(); });
        };
        ctx_->ev.delRead = [](void* p) {
            static_cast<HiredisAsioAdapter*>(p)->read_.wanted = false;
        };
        ctx_->ev.addWrite = [](void* p) {
            guarded_call("adapter", [p] { static_cast<HiredisAsioAdapter*>(p)->add_write(); });
        };
        ctx_->ev.delWrite = [](void* p) {
            static_cast<HiredisAsioAdapter*>(p)->write_.wanted = false;
        };
        ctx_->ev.cleanup = [](void* p) {
            guarded_call("adapter", [p] { static_cast<HiredisAsioAdapter*>(p)->cleanup(); });
        };
    }

  private:
    // One direction of interest (read or write): whether hiredis wants it, whether a wait is
    // armed, and which hiredis handler to run when the socket is ready.
    struct Direction {
        bool wanted = false;
        bool armed = false;
        net::posix::stream_descriptor::wait_type wait;
        void (*handle)(redisAsyncContext*);
    };

    void add_read() { arm(read_); }
    void add_write() { arm(write_); }

    void arm(Direction& d) {
        d.wanted = true;
        if (d.armed || ctx_ == nullptr) {
            return;
        }
        d.armed = true;
        socket_.async_wait(d.wait, [self = shared_from_this(), &d](boost::system::error_code ec) {
            d.armed = false;
            if (ec || self->ctx_ == nullptr || !d.wanted) {
                return;
            }
            // Our callbacks inside guard themselves; this guard keeps the Asio handler whole.
            guarded_call("adapter", [&] {
                d.handle(self->ctx_);
                // The context may have been freed inside; cleanup nulled ctx_.
                if (self->ctx_ != nullptr && d.wanted) {
                    self->arm(d);
                }
            });
        });
    }

    void cleanup() {
        read_.wanted = false;
        write_.wanted = false;
        ctx_ = nullptr;
        boost::system::error_code ignored;
        socket_.cancel(ignored);
        // Forget the descriptor now, while it is still hiredis's: deregistering it later could
        // hit an unrelated socket that reused the number after hiredis closed it.
        socket_.release();
        if (on_cleanup_) {
            guarded_call("cleanup", on_cleanup_);
        }
        // Drop the self-reference last: outstanding waits still hold the object.
        auto keep = std::move(self_);
    }

    redisAsyncContext* ctx_;
    net::posix::stream_descriptor socket_;
    std::function<void()> on_cleanup_;
    std::shared_ptr<HiredisAsioAdapter> self_;
    Direction read_{false, false, net::posix::stream_descriptor::wait_read, redisAsyncHandleRead};
    Direction write_{false, false, net::posix::stream_descriptor::wait_write,
                     redisAsyncHandleWrite};
};

bool attach(redisAsyncContext* ctx, net::io_context& io, std::function<void()> on_cleanup) {
    if (ctx == nullptr || ctx->err != 0 || ctx->ev.data != nullptr) {
        return false;
    }
    auto adapter = std::make_shared<HiredisAsioAdapter>(ctx, io, std::move(on_cleanup));
    adapter->install();
    return true;
}

}  // namespace ibasho::redis
