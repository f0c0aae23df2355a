// One Redis connection on one Asio loop: connects, reconnects with jittered backoff, times out
// stuck commands, and calls every command's callback exactly once (nullptr when no reply came).
// A connection made for subscribing does nothing else and re-subscribes after a reconnect.
// With a SentinelResolver it asks for the primary on every (re)connect and refuses a replica.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "server/config.hpp"

struct redisAsyncContext;
struct redisReply;

namespace boost::asio {
class io_context;
}

namespace ibasho::redis {

class SentinelResolver;

class Link : public std::enable_shared_from_this<Link> {
  public:
    struct Options {
        std::string name = "redis";
        std::chrono::milliseconds command_timeout{1500};
        std::chrono::milliseconds backoff_min{100};
        std::chrono::milliseconds backoff_max{3000};
    };
    // `reply` is valid only during the call; nullptr means disconnected, timed out or stopped.
    using ReplyFn = std::function<void(const redisReply* reply)>;
    using StateFn = std::function<void(bool up)>;
    using MessageFn = std::function<void(std::string_view channel, std::string_view payload)>;
    using SubscribedFn = std::function<void(const std::string& channel)>;

    static std::shared_ptr<Link> create(boost::asio::io_context& io, RedisAddress address,
                                        Options options);
    ~Link();

    // Follow the primary that `resolver` names instead of the address's host:port: asked on
    // every (re)connect, checked with ROLE (a replica is refused: disconnect, back off, ask
    // again). Set before start(); shared by the links to one address.
    void set_resolver(std::shared_ptr<SentinelResolver> resolver);

    // Everything below runs on the connection's io_context thread only.
    void start();
    void stop();
    bool up() const { return up_; }
    // Commands sent and not yet answered.
    std::size_t in_flight() const { return in_flight_.size(); }
    void set_state_handler(StateFn fn) { on_state_ = std::move(fn); }

    // Queues one command (pipelined with whatever else is queued this loop turn).
    void command(const std::vector<std::string_view>& argv, ReplyFn fn);

    // Subscriber side. Channels are remembered and re-subscribed after every reconnect;
    // `on_subscribed` tells when a channel's subscription is in force.
    void set_message_handler(MessageFn fn) { on_message_ = std::move(fn); }
    void set_subscribed_handler(SubscribedFn fn) { on_subscribed_ = std::move(fn); }
    void subscribe(const std::string& channel);
    void unsubscribe(const std::string& channel);
    bool subscribed(const std::string& channel) const { return active_.contains(channel); }

    // The primary moved to `primary` (a sentinel said +switch-master): a connection elsewhere
    // is dropped, and a link waiting to reconnect goes now instead of after its backoff.
    void follow_primary(const Endpoint& primary);
    // Tears the connection down (every pending callback gets nullptr) and reconnects.
    void drop(std::string_view why);
    // The server this link is connected (or connecting) to.
    const Endpoint& current() const { return current_; }

    boost::asio::io_context& io() { return io_; }

  private:
    struct ContextState;
    Link(boost::asio::io_context& io, RedisAddress address, Options options);

    void connect();
    void connect_to(const Endpoint& where);
    void on_connected(bool ok);
    void check_role();
    void finish_connect();
    void send(const std::vector<std::string_view>& argv, ReplyFn fn);
    void drop_later(std::uint64_t generation, std::string_view why);
    void on_lost();
    void schedule_reconnect();
    void check_timeouts();
    void send_subscribe(const std::string& channel, bool subscribe);
    void handle_pubsub(const redisReply* reply);
    void set_up(bool up);

    boost::asio::io_context& io_;
    RedisAddress address_;
    Options options_;
    std::shared_ptr<SentinelResolver> resolver_;
    Endpoint current_;
    bool resolving_ = false;
    std::uint64_t generation_ = 0;  // one per context, so a late drop cannot hit the next one
    struct Timers;
    std::unique_ptr<Timers> timers_;
    redisAsyncContext* ctx_ = nullptr;
    ContextState* state_ = nullptr;
    bool up_ = false;
    bool stopped_ = true;
    std::chrono::milliseconds backoff_{0};
    std::chrono::steady_clock::time_point connect_started_{};
    std::deque<std::chrono::steady_clock::time_point> in_flight_;  // send times, reply order
    StateFn on_state_;
    MessageFn on_message_;
    SubscribedFn on_subscribed_;
    std::set<std::string> wanted_;  // channels we want
    std::set<std::string> active_;  // channels Redis confirmed on this connection
};

// Reply helpers: small, so callers can read replies without including hiredis.
bool is_error(const redisReply* r);
bool is_nil(const redisReply* r);
std::string_view as_string(const redisReply* r);  // string, status or error text
long long as_integer(const redisReply* r, long long fallback = 0);
std::size_t array_size(const redisReply* r);
const redisReply* array_at(const redisReply* r, std::size_t i);
// A write refused because the server is a replica ("-READONLY ...", also when a script's
// redis.call hit it): the link is talking to a demoted primary.
bool is_readonly_error(const redisReply* r);

}  // namespace ibasho::redis
