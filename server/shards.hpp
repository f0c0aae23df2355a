// One io_context per thread ("shard"): a connection lives its whole life on one shard, so its
// state needs no locks. Work for another shard is posted to it.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <unordered_set>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace ibasho {

class Connection;

class Shard {
  public:
    explicit Shard(unsigned index);
    ~Shard();
    Shard(const Shard&) = delete;
    Shard& operator=(const Shard&) = delete;

    unsigned index() const { return index_; }
    boost::asio::io_context& io() { return *io_; }

    // Runs `fn` on this shard's thread (thread-safe).
    void post(std::function<void()> fn);
    bool on_this_thread() const;

    // Live connections, for graceful shutdown. Touched only on this shard's thread.
    std::unordered_set<Connection*>& connections() { return connections_; }

  private:
    friend class Shards;
    unsigned index_;
    std::unique_ptr<boost::asio::io_context> io_;
    // Written by the shard's thread as it starts, read from any thread (on_this_thread).
    std::atomic<std::thread::id> thread_id_{};
    std::unordered_set<Connection*> connections_;
};

class Shards {
  public:
    explicit Shards(unsigned count);
    ~Shards();

    std::size_t size() const { return shards_.size(); }
    Shard& at(std::size_t i) { return *shards_[i]; }
    // Round-robin choice for a newly accepted connection.
    Shard& next();

    // Starts one thread per shard. Each runs until stop() (work guards keep idle shards alive).
    void start();
    void stop();
    void join();

  private:
    struct Guard;
    std::vector<std::unique_ptr<Shard>> shards_;
    std::vector<std::unique_ptr<Guard>> guards_;
    std::vector<std::thread> threads_;
    std::size_t next_ = 0;
};

}  // namespace ibasho
