#include "server/redis/redis_node.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <thread>

#include "server/metrics.hpp"
#include "server/redis/callback_guard.hpp"

namespace ibasho::redis {

namespace net = boost::asio;

Node::Node(net::io_context& io, RedisAddress address, std::string prefix,
           std::chrono::milliseconds command_timeout)
    : io_(io), prefix_(std::move(prefix)) {
    Link::Options cmd_opts;
    cmd_opts.name = "commands";
    cmd_opts.command_timeout = command_timeout;
    Link::Options sub_opts;
    sub_opts.name = "subscriber";
    sub_opts.command_timeout = command_timeout;
    cmd_ = Link::create(io, address, cmd_opts);
    sub_ = Link::create(io, address, sub_opts);
    if (address.uses_sentinel()) {
        SentinelResolver::Options res_opts;
        res_opts.timeout = std::min(command_timeout, std::chrono::milliseconds(1000));
        resolver_ = SentinelResolver::create(io, address.sentinels, address.master, res_opts);
        cmd_->set_resolver(resolver_);
        sub_->set_resolver(resolver_);
        // The subscriber re-subscribes by itself after the reconnect this causes.
        resolver_->on_switch([cmd = std::weak_ptr<Link>(cmd_),
                              sub = std::weak_ptr<Link>(sub_)](const Endpoint& primary) {
            for (const auto& weak : {cmd, sub}) {
                if (auto link = weak.lock()) {
                    link->follow_primary(primary);
                }
            }
        });
    }
    cmd_->set_state_handler([this](bool) { update_state(); });
    sub_->set_state_handler([this](bool) { update_state(); });
    sub_->set_message_handler([this](std::string_view channel, std::string_view payload) {
        for (const auto& r : routes_) {
            if (channel.substr(0, r.prefix.size()) == r.prefix) {
                r.on_message(channel, payload);
                return;
            }
        }
    });
    sub_->set_subscribed_handler([this](const std::string& channel) {
        for (const auto& r : routes_) {
            if (channel.compare(0, r.prefix.size(), r.prefix) == 0) {
                if (r.on_subscribed)
                    r.on_subscribed(channel);
                return;
            }
        }
    });
}

Node::~Node() = default;

void Node::route(std::string prefix, Link::MessageFn on_message, Link::SubscribedFn on_subscribed) {
    routes_.push_back({std::move(prefix), std::move(on_message), std::move(on_subscribed)});
}

void Node::on_state(std::function<void(bool)> fn) {
    state_listeners_.push_back(std::move(fn));
}

void Node::update_state() {
    const bool now = cmd_->up() && sub_->up();
    if (now == up_.load()) {
        return;
    }
    up_.store(now);
    metrics().redis_up.set(now ? 1 : 0);
    // One listener that throws must not keep the others from hearing.
    for (auto& fn : state_listeners_) {
        guarded_call("node_state", [&] { fn(now); });
    }
}

void Node::start() {
    net::post(io_, [this] {
        loop_thread_.store(std::this_thread::get_id());
        if (resolver_) {
            resolver_->start();
        }
        cmd_->start();
        sub_->start();
    });
}

void Node::stop() {
    net::post(io_, [this] {
        cmd_->stop();
        sub_->stop();
        if (resolver_) {
            resolver_->stop();
        }
    });
}

void Node::post(std::function<void()> fn) {
    net::post(io_, std::move(fn));
}

bool Node::on_loop_thread() const {
    return loop_thread_.load() == std::this_thread::get_id();
}

}  // namespace ibasho::redis
