#include "server/redis/redis_link.hpp"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <random>

#include "server/log.hpp"
#include "server/metrics.hpp"
#include "server/redis/callback_guard.hpp"
#include "server/redis/hiredis_asio_adapter.hpp"
#include "server/redis/sentinel_resolver.hpp"

namespace ibasho::redis {

namespace net = boost::asio;

// Lives exactly as long as one hiredis context (freed one loop turn after hiredis's cleanup),
// so hiredis callbacks can always reach it and, through the weak pointer, a live Link.
struct Link::ContextState {
    std::weak_ptr<Link> owner;
};

struct Link::Timers {
    explicit Timers(net::io_context& io) : reconnect(io), timeouts(io) {}
    net::steady_timer reconnect;
    net::steady_timer timeouts;
};

namespace {

struct Pending {
    Link::ReplyFn fn;
    std::chrono::steady_clock::time_point sent;
};

void on_reply(redisAsyncContext*, void* reply, void* privdata) {
    // Owned here: whether the callback returns or throws, it has had its one call.
    std::unique_ptr<Pending> pending(static_cast<Pending*>(privdata));
    if (reply != nullptr) {
        const std::chrono::duration<double> rtt = std::chrono::steady_clock::now() - pending->sent;
        metrics().redis_rtt.observe(rtt.count());
    }
    if (pending->fn) {
        // hiredis frees the reply and reads on after we return: nothing may unwind into it.
        guarded_call("reply", [&] { pending->fn(static_cast<const redisReply*>(reply)); });
    }
}

}  // namespace

std::shared_ptr<Link> Link::create(net::io_context& io, RedisAddress address, Options options) {
    return std::shared_ptr<Link>(new Link(io, std::move(address), std::move(options)));
}

Link::Link(net::io_context& io, RedisAddress address, Options options)
    : io_(io),
      address_(std::move(address)),
      options_(std::move(options)),
      timers_(std::make_unique<Timers>(io)) {
    current_ = Endpoint{address_.host, address_.port};
}

void Link::set_resolver(std::shared_ptr<SentinelResolver> resolver) {
    resolver_ = std::move(resolver);
}

Link::~Link() {
    if (ctx_ != nullptr) {
        auto* ctx = ctx_;
        ctx_ = nullptr;
        redisAsyncFree(ctx);
    }
}

void Link::start() {
    if (!stopped_) {
        return;
    }
    stopped_ = false;
    backoff_ = std::chrono::milliseconds(0);
    connect();
    check_timeouts();
}

void Link::stop() {
    stopped_ = true;
    timers_->reconnect.cancel();
    timers_->timeouts.cancel();
    if (ctx_ != nullptr) {
        auto* ctx = ctx_;
        ctx_ = nullptr;
        redisAsyncFree(ctx);  // every pending callback runs now, with nullptr
    }
    in_flight_.clear();
    active_.clear();
    set_up(false);
}

void Link::set_up(bool up) {
    if (up_ == up) {
        return;
    }
    up_ = up;
    log::info(up ? "redis_connected" : "redis_disconnected",
              {{"conn", options_.name},
               {"host", current_.host},
               {"port", static_cast<unsigned>(current_.port)}});
    if (on_state_) {
        // Called from hiredis's connect and disconnect callbacks: a listener that throws must
        // not stop the re-subscribe that follows, nor unwind into hiredis.
        guarded_call("state", [&] { on_state_(up); });
    }
}

void Link::connect() {
    if (stopped_ || resolving_ || ctx_ != nullptr) {
        return;
    }
    if (!resolver_) {
        connect_to(Endpoint{address_.host, address_.port});
        return;
    }
    // Asked on every (re)connect: after a fail-over the old address is the one to avoid.
    resolving_ = true;
    resolver_->resolve([weak = weak_from_this()](std::optional<Endpoint> primary) {
        auto self = weak.lock();
        if (!self) {
            return;
        }
        self->resolving_ = false;
        if (self->stopped_ || self->ctx_ != nullptr) {
            return;
        }
        if (!primary) {
            self->schedule_reconnect();
            return;
        }
        self->connect_to(*primary);
    });
}

void Link::connect_to(const Endpoint& where) {
    current_ = where;
    ++generation_;
    redisAsyncContext* ctx = redisAsyncConnect(where.host.c_str(), where.port);
    if (ctx == nullptr || ctx->err != 0) {
        if (ctx != nullptr) {
            redisAsyncFree(ctx);
        }
        schedule_reconnect();
        return;
    }
    auto* state = new ContextState{weak_from_this()};
    ctx->data = state;
    auto& io = io_;
    // Freed after hiredis has let go of it; owned by the posted handler, so an io_context that
    // is destroyed before running it (shutdown) still frees it.
    const bool attached = guarded_call("attach", [&] {
        attach(ctx, io,
               [state, &io] { net::post(io, [owned = std::unique_ptr<ContextState>(state)] {}); });
    });
    if (!attached) {
        // No adapter (registering the socket failed): nothing will drive this context.
        ctx->data = nullptr;
        redisAsyncFree(ctx);
        delete state;
        schedule_reconnect();
        return;
    }
    redisAsyncSetConnectCallback(ctx, [](const redisAsyncContext* c, int status) {
        auto* st = static_cast<ContextState*>(c->data);
        guarded_call("connect", [&] {
            if (auto self = st->owner.lock()) {
                self->on_connected(status == REDIS_OK);
            }
        });
    });
    redisAsyncSetDisconnectCallback(ctx, [](const redisAsyncContext* c, int) {
        auto* st = static_cast<ContextState*>(c->data);
        guarded_call("disconnect", [&] {
            if (auto self = st->owner.lock()) {
                if (self->state_ == st) {
                    self->on_lost();
                }
            }
        });
    });
    ctx_ = ctx;
    state_ = state;
    connect_started_ = std::chrono::steady_clock::now();
}

void Link::on_connected(bool ok) {
    if (!ok) {
        // hiredis frees the context right after this callback.
        ctx_ = nullptr;
        state_ = nullptr;
        schedule_reconnect();
        return;
    }
    if (resolver_) {
        check_role();
        return;
    }
    finish_connect();
}

void Link::check_role() {
    // A sentinel's answer can be stale (a fail-over under way, or a demoted primary back up as
    // a replica): only a server that says it is the master may take our writes.
    const std::uint64_t generation = generation_;
    send({"ROLE"}, [weak = weak_from_this(), generation](const redisReply* r) {
        auto self = weak.lock();
        if (!self || r == nullptr || self->generation_ != generation || self->ctx_ == nullptr) {
            return;  // no answer: the loss (or the connect timeout) is handled elsewhere
        }
        if (as_string(array_at(r, 0)) == "master") {
            self->finish_connect();
            return;
        }
        log::warn("redis_not_primary", {{"conn", self->options_.name},
                                        {"host", self->current_.host},
                                        {"port", static_cast<unsigned>(self->current_.port)}});
        self->drop_later(generation, "not_primary");
    });
}

void Link::finish_connect() {
    backoff_ = std::chrono::milliseconds(0);
    if (address_.db != 0) {
        // Sent before anyone hears the connection is up, so it precedes every other command.
        const std::string db = std::to_string(address_.db);
        send({"SELECT", db}, nullptr);
    }
    set_up(true);
    for (const auto& ch : wanted_) {
        send_subscribe(ch, true);
    }
}

void Link::on_lost() {
    ctx_ = nullptr;
    state_ = nullptr;
    in_flight_.clear();
    active_.clear();
    set_up(false);
    schedule_reconnect();
}

void Link::schedule_reconnect() {
    if (stopped_) {
        return;
    }
    // Jittered exponential backoff, so that many nodes do not reconnect in lockstep.
    backoff_ =
        std::min(options_.backoff_max, backoff_.count() == 0 ? options_.backoff_min : backoff_ * 2);
    thread_local std::minstd_rand rng{std::random_device{}()};
    std::uniform_int_distribution<long long> jitter(backoff_.count() / 2, backoff_.count());
    timers_->reconnect.expires_after(std::chrono::milliseconds(jitter(rng)));
    timers_->reconnect.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
        if (auto self = weak.lock(); self && !ec) {
            self->connect();
        }
    });
}

void Link::check_timeouts() {
    timers_->timeouts.expires_after(std::chrono::milliseconds(100));
    timers_->timeouts.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
        auto self = weak.lock();
        if (!self || ec || self->stopped_) {
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        const bool command_stuck = self->ctx_ != nullptr && !self->in_flight_.empty() &&
                                   now - self->in_flight_.front() > self->options_.command_timeout;
        // A connect into a black hole (no answer, no refusal) needs its own limit.
        const bool connect_stuck = self->ctx_ != nullptr && !self->up_ &&
                                   now - self->connect_started_ > self->options_.command_timeout;
        if (command_stuck || connect_stuck) {
            // A hung or paused Redis: tear the context down so that every pending callback
            // fires once with an error, and start again.
            log::warn("redis_timeout",
                      {{"conn", self->options_.name}, {"pending", self->in_flight_.size()}});
            self->drop("timeout");
        }
        self->check_timeouts();
    });
}

void Link::drop(std::string_view why) {
    if (ctx_ == nullptr) {
        return;
    }
    if (why != "timeout") {
        log::info("redis_drop", {{"conn", options_.name}, {"why", why}});
    }
    auto* ctx = ctx_;
    ctx_ = nullptr;
    state_ = nullptr;
    in_flight_.clear();
    active_.clear();
    redisAsyncFree(ctx);  // every pending callback runs now, with nullptr
    set_up(false);
    schedule_reconnect();
}

void Link::drop_later(std::uint64_t generation, std::string_view why) {
    // Called from inside hiredis's reply callbacks: the context is freed one turn later, and
    // only if it is still the one that answered.
    net::post(io_, [weak = weak_from_this(), generation, why] {
        if (auto self = weak.lock(); self && self->generation_ == generation) {
            self->drop(why);
        }
    });
}

void Link::follow_primary(const Endpoint& primary) {
    if (stopped_ || !resolver_) {
        return;
    }
    if (ctx_ != nullptr) {
        if (!(current_ == primary)) {
            backoff_ = std::chrono::milliseconds(0);
            drop("switch_master");
        }
        return;
    }
    if (!resolving_) {
        // Waiting out a backoff that the old, dead primary earned: try the new one now.
        timers_->reconnect.cancel();
        backoff_ = std::chrono::milliseconds(0);
        connect();
    }
}

void Link::command(const std::vector<std::string_view>& argv, ReplyFn fn) {
    if (ctx_ == nullptr || !up_) {
        if (fn) {
            // Never call back inside the caller's own frame: it may be holding state.
            net::post(io_, [fn = std::move(fn)] { guarded_call("reply", [&] { fn(nullptr); }); });
        }
        return;
    }
    send(argv, std::move(fn));
}

void Link::send(const std::vector<std::string_view>& argv, ReplyFn fn) {
    std::vector<const char*> args;
    std::vector<std::size_t> lens;
    args.reserve(argv.size());
    lens.reserve(argv.size());
    for (auto a : argv) {
        args.push_back(a.data());
        lens.push_back(a.size());
    }
    auto* pending = new Pending{std::move(fn), std::chrono::steady_clock::now()};
    // Remove the send time when the reply (or failure) arrives, whatever the caller does.
    auto weak = weak_from_this();
    auto user = std::move(pending->fn);
    pending->fn = [weak, user = std::move(user), generation = generation_](const redisReply* r) {
        auto self = weak.lock();
        if (self && !self->in_flight_.empty()) {
            self->in_flight_.pop_front();
        }
        // A demoted primary: this write failed (the caller hears the error), and the ones
        // after it would too, so find the new primary before anything else is sent here.
        if (self && self->resolver_ && is_readonly_error(r)) {
            log::warn("redis_readonly", {{"conn", self->options_.name}});
            self->drop_later(generation, "readonly");
        }
        if (user) {
            user(r);
        }
    };
    if (redisAsyncCommandArgv(ctx_, on_reply, pending, static_cast<int>(args.size()), args.data(),
                              lens.data()) != REDIS_OK) {
        auto failed = std::move(pending->fn);
        delete pending;
        net::post(io_, [failed = std::move(failed)] {
            if (failed)
                guarded_call("reply", [&] { failed(nullptr); });
        });
        return;
    }
    in_flight_.push_back(pending->sent);
}

void Link::subscribe(const std::string& channel) {
    if (!wanted_.insert(channel).second) {
        return;
    }
    if (up_) {
        send_subscribe(channel, true);
    }
}

void Link::unsubscribe(const std::string& channel) {
    if (wanted_.erase(channel) == 0) {
        return;
    }
    if (up_) {
        send_subscribe(channel, false);
    }
}

void Link::send_subscribe(const std::string& channel, bool subscribe) {
    if (ctx_ == nullptr) {
        return;
    }
    const char* argv[2] = {subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE", channel.c_str()};
    const std::size_t lens[2] = {subscribe ? 9u : 11u, channel.size()};
    // The callback stays registered for the channel and receives every message on it.
    redisAsyncCommandArgv(
        ctx_,
        [](redisAsyncContext* c, void* reply, void*) {
            auto* st = static_cast<ContextState*>(c->data);
            // Stays registered for the channel: a throwing handler loses only this message.
            guarded_call("message", [&] {
                if (auto self = st->owner.lock(); self && reply != nullptr && self->state_ == st) {
                    self->handle_pubsub(static_cast<const redisReply*>(reply));
                }
            });
        },
        nullptr, 2, argv, lens);
}

void Link::handle_pubsub(const redisReply* r) {
    if (r->type != REDIS_REPLY_ARRAY || r->elements < 3) {
        return;
    }
    const std::string_view kind(r->element[0]->str, r->element[0]->len);
    const std::string channel(r->element[1]->str, r->element[1]->len);
    if (kind == "message") {
        if (on_message_) {
            on_message_(channel, std::string_view(r->element[2]->str, r->element[2]->len));
        }
    } else if (kind == "subscribe") {
        if (wanted_.contains(channel)) {
            active_.insert(channel);
            if (on_subscribed_) {
                on_subscribed_(channel);
            }
        }
    } else if (kind == "unsubscribe") {
        active_.erase(channel);
        // Asked back again while the unsubscribe was in flight: subscribe once more.
        if (wanted_.contains(channel)) {
            send_subscribe(channel, true);
        }
    }
}

bool is_error(const redisReply* r) {
    return r == nullptr || r->type == REDIS_REPLY_ERROR;
}
bool is_nil(const redisReply* r) {
    return r != nullptr && r->type == REDIS_REPLY_NIL;
}

std::string_view as_string(const redisReply* r) {
    if (r == nullptr)
        return {};
    if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS ||
        r->type == REDIS_REPLY_ERROR) {
        return std::string_view(r->str, r->len);
    }
    return {};
}

long long as_integer(const redisReply* r, long long fallback) {
    if (r == nullptr)
        return fallback;
    if (r->type == REDIS_REPLY_INTEGER)
        return r->integer;
    if (r->type == REDIS_REPLY_STRING) {
        try {
            return std::stoll(std::string(r->str, r->len));
        } catch (...) {
            return fallback;
        }
    }
    return fallback;
}

bool is_readonly_error(const redisReply* r) {
    if (r == nullptr || r->type != REDIS_REPLY_ERROR) {
        return false;
    }
    // Redis 7 keeps the code first when a script's redis.call is refused, too.
    return std::string_view(r->str, r->len).rfind("READONLY", 0) == 0;
}

std::size_t array_size(const redisReply* r) {
    return (r != nullptr && r->type == REDIS_REPLY_ARRAY) ? r->elements : 0;
}

const redisReply* array_at(const redisReply* r, std::size_t i) {
    return i < array_size(r) ? r->element[i] : nullptr;
}

}  // namespace ibasho::redis
