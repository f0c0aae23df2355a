#include "tests/bench/loadgen/worker.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cstdio>
#include <limits>

namespace ibasho::bench {

namespace net = boost::asio;

namespace {

// The ticker's period. Sends due within one period leave together; 1 ms keeps that burst
// small against the latencies we measure, and costs a thousand wake-ups a second.
constexpr auto tick_period = std::chrono::milliseconds(1);

}  // namespace

Worker::Worker(unsigned index, unsigned worker_count, Shared& shared)
    : index_(index),
      concurrency_(std::max(1u, shared.options.connect_concurrency / worker_count)),
      shared_(shared),
      guard_(net::make_work_guard(io_)),
      ticker_(io_) {}

Worker::~Worker() {
    stop();
}

void Worker::add(const ClientPlan& plan) {
    clients_.push_back(std::make_unique<Client>(*this, plan, shared_.options.room_id(plan.room)));
    if (plan.sender) {
        senders_.push_back(clients_.back().get());
    }
}

void Worker::start() {
    thread_ = std::thread([this] {
        // Handlers report failures through error codes; an exception here is a bug, and the
        // run's numbers would be wrong, so it ends the process loudly.
        try {
            io_.run();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "ibasho-loadgen: worker %u: %s\n", index_, e.what());
            std::_Exit(3);
        }
    });
}

void Worker::stop() {
    guard_.reset();
    io_.stop();
    if (thread_.joinable()) {
        thread_.join();
    }
}

const net::ip::address& Worker::source_for(std::uint32_t index) const {
    return shared_.sources[index % shared_.sources.size()];
}

void Worker::connect_all() {
    net::post(io_, [this] {
        for (auto& c : clients_) {
            waiting_.push_back(c.get());
        }
        pump_connects();
    });
}

void Worker::request_connect(Client* client) {
    waiting_.push_back(client);
    pump_connects();
}

void Worker::connect_done(bool) {
    if (connecting_ > 0) {
        --connecting_;
    }
    pump_connects();
}

void Worker::pump_connects() {
    while (connecting_ < concurrency_ && !waiting_.empty()) {
        Client* c = waiting_.front();
        waiting_.pop_front();
        ++connecting_;
        c->connect();
    }
}

void Worker::begin_load() {
    net::post(io_, [this] {
        counters_.steps.resize(shared_.schedule.steps.size());
        const auto& steps = shared_.schedule.steps;
        const bool idle =
            std::all_of(steps.begin(), steps.end(), [](const Step& s) { return s.rate <= 0; });
        // An idle run keeps no ticker, so the generator does not wake a thousand times a second
        // while the server's idle CPU is being measured.
        if (senders_.empty() || idle) {
            return;
        }
        // This thread's share of the total rate, spread round-robin over its senders, so every
        // sender runs at the same rate and the per-connection flood limit is never approached.
        share_ = static_cast<double>(senders_.size()) /
                 static_cast<double>(std::max(1u, shared_.total_senders));
        last_tick_ns_ = shared_.schedule.steps.front().begin_ns;
        ticker_.expires_at(
            std::chrono::steady_clock::time_point(std::chrono::nanoseconds(last_tick_ns_)));
        ticker_.async_wait([this](boost::system::error_code ec) {
            if (!ec) {
                tick();
            }
        });
    });
}

void Worker::tick() {
    const std::int64_t now = now_ns();
    const Schedule& schedule = shared_.schedule;
    if (now >= schedule.end_ns() || shared_.stop_sending.load(std::memory_order_relaxed)) {
        return;
    }
    credit_ += schedule.rate_at(now) * share_ * static_cast<double>(now - last_tick_ns_) / 1e9;
    last_tick_ns_ = now;
    while (credit_ >= 1.0) {
        credit_ -= 1.0;
        Client* c = senders_[next_sender_];
        next_sender_ = (next_sender_ + 1) % senders_.size();
        c->say(now);
    }
    ticker_.expires_at(ticker_.expiry() + tick_period);
    if (ticker_.expiry() < std::chrono::steady_clock::now()) {
        // Behind (a busy machine): skip ahead; the credit above already covers the gap.
        ticker_.expires_after(tick_period);
    }
    ticker_.async_wait([this](boost::system::error_code ec) {
        if (!ec) {
            tick();
        }
    });
}

void Worker::storm() {
    net::post(io_, [this] {
        for (auto& c : clients_) {
            if (c->plan().storm) {
                c->drop();
            }
        }
    });
}

std::future<Counters> Worker::snapshot() {
    auto promise = std::make_shared<std::promise<Counters>>();
    auto future = promise->get_future();
    net::post(io_, [this, promise] {
        Counters c = counters_;
        if (shared_.options.resume_on_close_ms) {
            const std::uint32_t rooms = shared_.options.room_count();
            const std::uint32_t members = shared_.options.members;
            auto& r = c.resume;
            r.room_last_min.assign(rooms, std::numeric_limits<std::uint64_t>::max());
            r.room_last_max.assign(rooms, 0);
            r.writer_acked.assign(std::size_t{rooms} * members, 0);
            r.readers_seen_min.assign(std::size_t{rooms} * members,
                                      std::numeric_limits<std::uint64_t>::max());
            for (const auto& client : clients_) {
                client->add_end_state(r, members);
            }
        }
        promise->set_value(std::move(c));
    });
    return future;
}

}  // namespace ibasho::bench
