// One generator thread: its own io_context, the clients that live on it, the connect throttle
// and the send ticker. Other threads talk to it only by posting to its io_context.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "tests/bench/loadgen/client.hpp"
#include "tests/bench/loadgen/shared.hpp"
#include "tests/bench/loadgen/stats.hpp"

namespace ibasho::bench {

class Worker {
  public:
    Worker(unsigned index, unsigned worker_count, Shared& shared);
    ~Worker();

    // Before start(): adds a client to this thread.
    void add(const ClientPlan& plan);

    void start();  // runs the thread
    void stop();   // stops the loop and joins the thread; connections are left as they are

    // Thread-safe: each posts to this worker's loop.
    void connect_all();
    void begin_load();  // starts the ticker on shared().schedule
    void storm();
    std::future<Counters> snapshot();

    // For clients, on this worker's thread.
    Shared& shared() { return shared_; }
    boost::asio::io_context& io() { return io_; }
    Counters& counters() { return counters_; }
    Progress& progress() { return progress_; }
    const boost::asio::ip::address& source_for(std::uint32_t index) const;
    void request_connect(Client* client);
    void connect_done(bool ok);

  private:
    void pump_connects();
    void tick();

    unsigned index_;
    unsigned concurrency_;
    Shared& shared_;
    boost::asio::io_context io_{1};
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
    std::vector<std::unique_ptr<Client>> clients_;
    std::vector<Client*> senders_;
    std::deque<Client*> waiting_;
    unsigned connecting_ = 0;
    boost::asio::steady_timer ticker_;
    std::int64_t last_tick_ns_ = 0;
    double share_ = 0;
    double credit_ = 0;
    std::size_t next_sender_ = 0;
    Counters counters_;
    Progress progress_;
    std::thread thread_;
};

}  // namespace ibasho::bench
