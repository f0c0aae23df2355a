#include "server/periodic.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace ibasho {

struct Periodic::Impl : std::enable_shared_from_this<Impl> {
    Impl(boost::asio::io_context& io, std::chrono::milliseconds e, std::function<void()> t)
        : timer(io), every(e), tick(std::move(t)) {}
    boost::asio::steady_timer timer;
    std::chrono::milliseconds every;
    std::function<void()> tick;
    bool stopped = false;

    void schedule() {
        timer.expires_after(every);
        timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (ec || self->stopped) {
                return;
            }
            self->tick();
            self->schedule();
        });
    }
};

Periodic::Periodic(boost::asio::io_context& io, std::chrono::milliseconds every,
                   std::function<void()> tick)
    : impl_(std::make_shared<Impl>(io, every, std::move(tick))) {
    boost::asio::post(io, [impl = impl_] {
        if (!impl->stopped) {
            impl->schedule();
        }
    });
}

Periodic::~Periodic() {
    stop();
}

void Periodic::stop() {
    // The flag alone ends the loop at its next turn; cancel() wakes it, on the timer's own
    // thread, so nothing touches the timer from two threads.
    boost::asio::post(impl_->timer.get_executor(), [impl = impl_] {
        impl->stopped = true;
        impl->timer.cancel();
    });
}

}  // namespace ibasho
