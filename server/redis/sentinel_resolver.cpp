#include "server/redis/sentinel_resolver.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <charconv>

#include "server/log.hpp"
#include "server/redis/callback_guard.hpp"
#include "server/redis/redis_link.hpp"

namespace ibasho::redis {

namespace net = boost::asio;

namespace {

constexpr std::string_view switch_channel = "+switch-master";

std::optional<std::uint16_t> parse_port(std::string_view text) {
    unsigned v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() || v == 0 ||
        v > 65535) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(v);
}

}  // namespace

std::optional<Endpoint> parse_switch_master(std::string_view payload, std::string_view master) {
    std::vector<std::string_view> words;
    while (!payload.empty()) {
        const auto space = payload.find(' ');
        words.push_back(payload.substr(0, space));
        payload = space == std::string_view::npos ? std::string_view{} : payload.substr(space + 1);
    }
    if (words.size() != 5 || words[0] != master || words[3].empty()) {
        return std::nullopt;
    }
    const auto port = parse_port(words[4]);
    if (!port) {
        return std::nullopt;
    }
    return Endpoint{std::string(words[3]), *port};
}

// One resolve() call working through the sentinels.
struct SentinelResolver::Attempt {
    Attempt(net::io_context& io, ResolveFn f, std::chrono::steady_clock::time_point d)
        : fn(std::move(f)), deadline(d), retry(io) {}
    ResolveFn fn;
    std::chrono::steady_clock::time_point deadline;
    std::size_t next = 0;
    net::steady_timer retry;

    void finish(std::optional<Endpoint> primary) {
        if (auto f = std::move(fn)) {
            fn = nullptr;
            guarded_call("sentinel_resolve", [&] { f(std::move(primary)); });
        }
    }
};

std::shared_ptr<SentinelResolver> SentinelResolver::create(net::io_context& io,
                                                           std::vector<Endpoint> sentinels,
                                                           std::string master, Options options) {
    return std::shared_ptr<SentinelResolver>(
        new SentinelResolver(io, std::move(sentinels), std::move(master), std::move(options)));
}

SentinelResolver::SentinelResolver(net::io_context& io, std::vector<Endpoint> sentinels,
                                   std::string master, Options options)
    : io_(io), master_(std::move(master)), options_(std::move(options)) {
    for (const auto& s : sentinels) {
        Link::Options o;
        o.command_timeout = options_.timeout;
        o.backoff_max = std::chrono::milliseconds(1000);
        o.name = options_.name + "-query";
        RedisAddress addr;
        addr.host = s.host;
        addr.port = s.port;
        queries_.push_back(Link::create(io, addr, o));
        o.name = options_.name + "-events";
        events_.push_back(Link::create(io, addr, o));
    }
}

SentinelResolver::~SentinelResolver() = default;

void SentinelResolver::start() {
    for (auto& q : queries_) {
        q->start();
    }
    for (auto& e : events_) {
        e->set_message_handler(
            [weak = weak_from_this()](std::string_view channel, std::string_view payload) {
                if (auto self = weak.lock(); self && channel == switch_channel) {
                    self->on_event(payload);
                }
            });
        e->subscribe(std::string(switch_channel));
        e->start();
    }
}

void SentinelResolver::stop() {
    for (auto& q : queries_) {
        q->stop();
    }
    for (auto& e : events_) {
        e->stop();
    }
}

void SentinelResolver::resolve(ResolveFn fn) {
    auto attempt = std::make_shared<Attempt>(io_, std::move(fn),
                                             std::chrono::steady_clock::now() + options_.timeout);
    // Never answer inside the caller's frame: it may be holding state (Link::connect).
    net::post(io_, [weak = weak_from_this(), attempt] {
        if (auto self = weak.lock()) {
            self->ask(attempt);
        } else {
            attempt->finish(std::nullopt);
        }
    });
}

void SentinelResolver::ask(std::shared_ptr<Attempt> attempt) {
    while (attempt->next < queries_.size()) {
        Link& link = *queries_[attempt->next++];
        if (!link.up()) {
            continue;
        }
        link.command({"SENTINEL", "get-master-addr-by-name", master_},
                     [weak = weak_from_this(), attempt](const redisReply* r) {
                         auto self = weak.lock();
                         if (!self) {
                             attempt->finish(std::nullopt);
                             return;
                         }
                         // An array [ip, port]; nil when this sentinel does not know the name.
                         if (array_size(r) == 2) {
                             const auto host = as_string(array_at(r, 0));
                             const auto port = parse_port(as_string(array_at(r, 1)));
                             if (!host.empty() && port) {
                                 attempt->finish(Endpoint{std::string(host), *port});
                                 return;
                             }
                         }
                         self->ask(attempt);
                     });
        return;
    }
    // Every sentinel was asked or is not connected (yet: at start-up the links are still
    // connecting). Go round again until the deadline, then give up: the link backs off.
    if (std::chrono::steady_clock::now() < attempt->deadline) {
        attempt->next = 0;
        attempt->retry.expires_after(std::chrono::milliseconds(50));
        attempt->retry.async_wait([weak = weak_from_this(), attempt](boost::system::error_code) {
            if (auto self = weak.lock()) {
                self->ask(attempt);
            } else {
                attempt->finish(std::nullopt);
            }
        });
        return;
    }
    log::warn("sentinel_no_primary", {{"conn", options_.name}, {"master", master_}});
    attempt->finish(std::nullopt);
}

void SentinelResolver::on_event(std::string_view payload) {
    const auto primary = parse_switch_master(payload, master_);
    if (!primary) {
        return;
    }
    log::info("sentinel_switch_master", {{"conn", options_.name},
                                         {"master", master_},
                                         {"host", primary->host},
                                         {"port", static_cast<unsigned>(primary->port)}});
    for (auto& fn : switch_listeners_) {
        guarded_call("sentinel_switch", [&] { fn(*primary); });
    }
}

}  // namespace ibasho::redis
