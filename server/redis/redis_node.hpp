// A node's link to Redis: one connection for commands and one that only subscribes, both on
// one Asio loop, with channel messages routed by prefix to the seams that asked for them.
// An address with sentinels gets one SentinelResolver that both connections follow.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server/redis/redis_link.hpp"
#include "server/redis/sentinel_resolver.hpp"

namespace ibasho::redis {

class Node {
  public:
    // Every key and channel starts with `prefix`, so deployments (or test runs) can share one
    // Redis without meeting.
    Node(boost::asio::io_context& io, RedisAddress address, std::string prefix = "ib:",
         std::chrono::milliseconds command_timeout = std::chrono::milliseconds(1500));
    ~Node();

    void start();  // thread-safe
    void stop();   // thread-safe
    // Both connections up (thread-safe; for /readyz).
    bool up() const { return up_.load(); }

    // Runs `fn` on the Redis loop thread.
    void post(std::function<void()> fn);
    bool on_loop_thread() const;

    const std::string& prefix() const { return prefix_; }
    Link& commands() { return *cmd_; }
    Link& subscriber() { return *sub_; }

    // Routes messages and subscription confirmations of channels starting with `prefix`.
    // Register before start().
    void route(std::string prefix, Link::MessageFn on_message,
               Link::SubscribedFn on_subscribed = nullptr);
    // Told on the loop thread whenever the pair goes up or down.
    void on_state(std::function<void(bool up)> fn);

  private:
    void update_state();

    boost::asio::io_context& io_;
    std::string prefix_;
    // Declared before the links so it outlives them (they hold it too).
    std::shared_ptr<SentinelResolver> resolver_;
    std::shared_ptr<Link> cmd_;
    std::shared_ptr<Link> sub_;
    std::atomic<bool> up_{false};
    struct Route {
        std::string prefix;
        Link::MessageFn on_message;
        Link::SubscribedFn on_subscribed;
    };
    std::vector<Route> routes_;
    std::vector<std::function<void(bool)>> state_listeners_;
    std::atomic<std::thread::id> loop_thread_{};
};

}  // namespace ibasho::redis
