// Finds a Redis role's current primary through Redis Sentinel: asks each sentinel in turn
// (SENTINEL get-master-addr-by-name, with a timeout) and tells listeners of +switch-master.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/config.hpp"

namespace boost::asio {
class io_context;
}

namespace ibasho::redis {

class Link;

// One per Redis address that names sentinels, shared by every Link to that address (a node's
// command and subscriber links), so a node keeps one pair of connections per sentinel however
// many links follow the primary. Runs on one io_context thread only, like Link.
class SentinelResolver : public std::enable_shared_from_this<SentinelResolver> {
  public:
    struct Options {
        std::string name = "sentinel";
        // How long one sentinel may take to answer before the next is asked.
        std::chrono::milliseconds timeout{1000};
    };
    // The primary as a sentinel named it; nullopt when no sentinel answered with an address.
    using ResolveFn = std::function<void(std::optional<Endpoint> primary)>;
    // A sentinel announced that `master` moved to `primary` (several sentinels announce the
    // same switch: listeners must be idempotent).
    using SwitchFn = std::function<void(const Endpoint& primary)>;

    static std::shared_ptr<SentinelResolver> create(boost::asio::io_context& io,
                                                    std::vector<Endpoint> sentinels,
                                                    std::string master, Options options);
    ~SentinelResolver();

    void start();  // connects to every sentinel and subscribes to +switch-master
    void stop();

    // Asks the sentinels in order, each with `timeout`; `fn` is called exactly once, never
    // inside this call. A sentinel not connected yet is waited for, up to `timeout` overall.
    void resolve(ResolveFn fn);
    void on_switch(SwitchFn fn) { switch_listeners_.push_back(std::move(fn)); }

    const std::string& master() const { return master_; }

  private:
    struct Attempt;
    SentinelResolver(boost::asio::io_context& io, std::vector<Endpoint> sentinels,
                     std::string master, Options options);
    void ask(std::shared_ptr<Attempt> attempt);
    void on_event(std::string_view payload);

    boost::asio::io_context& io_;
    std::string master_;
    Options options_;
    std::vector<std::shared_ptr<Link>> queries_;  // one command link per sentinel
    std::vector<std::shared_ptr<Link>> events_;   // one subscriber link per sentinel
    std::vector<SwitchFn> switch_listeners_;
};

// Parses a +switch-master payload "<name> <old-ip> <old-port> <new-ip> <new-port>": the new
// primary when it is about `master` (exposed for tests).
std::optional<Endpoint> parse_switch_master(std::string_view payload, std::string_view master);

}  // namespace ibasho::redis
