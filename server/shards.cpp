#include "server/shards.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "server/log.hpp"

namespace ibasho {

namespace net = boost::asio;

Shard::Shard(unsigned index) : index_(index), io_(std::make_unique<net::io_context>(1)) {}
Shard::~Shard() = default;

void Shard::post(std::function<void()> fn) {
    net::post(*io_, std::move(fn));
}

bool Shard::on_this_thread() const {
    return std::this_thread::get_id() == thread_id_.load(std::memory_order_acquire);
}

struct Shards::Guard {
    net::executor_work_guard<net::io_context::executor_type> guard;
};

Shards::Shards(unsigned count) {
    for (unsigned i = 0; i < count; ++i) {
        shards_.push_back(std::make_unique<Shard>(i));
    }
}

Shards::~Shards() {
    stop();
    join();
}

Shard& Shards::next() {
    Shard& s = *shards_[next_];
    next_ = (next_ + 1) % shards_.size();
    return s;
}

void Shards::start() {
    for (auto& s : shards_) {
        guards_.push_back(std::make_unique<Guard>(Guard{net::make_work_guard(s->io())}));
    }
    for (auto& s : shards_) {
        Shard* shard = s.get();
        threads_.emplace_back([shard] {
            shard->thread_id_.store(std::this_thread::get_id(), std::memory_order_release);
            for (;;) {
                // A handler that throws is a bug; log it and keep serving everyone else.
                try {
                    shard->io().run();
                    break;
                } catch (const std::exception& e) {
                    log::error("handler_exception",
                               {{"shard", shard->index()}, {"what", e.what()}});
                }
            }
        });
    }
}

void Shards::stop() {
    guards_.clear();
    for (auto& s : shards_) {
        s->io().stop();
    }
}

void Shards::join() {
    for (auto& t : threads_) {
        if (t.joinable()) {
            t.join();
        }
    }
    threads_.clear();
}

}  // namespace ibasho
