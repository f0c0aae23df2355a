#include "server/app.hpp"

#include <sys/resource.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <thread>

#include "protocol/encode.hpp"
#include "server/abuse/address_limits.hpp"
#include "server/abuse/redis_address_counter.hpp"
#include "server/api/blocked_word_routes.hpp"
#include "server/api/help_entry_routes.hpp"
#include "server/api/moderation_routes.hpp"
#include "server/api/org_routes.hpp"
#include "server/api/public_routes.hpp"
#include "server/api/report_routes.hpp"
#include "server/api/room_routes.hpp"
#include "server/api/staff_routes.hpp"
#include "server/broker/memory_broker.hpp"
#include "server/broker/redis_broker.hpp"
#include "server/chat/chat_service.hpp"
#include "server/chat/client_session.hpp"
#include "server/chat/control_handlers.hpp"
#include "server/chat/crisis_alerts.hpp"
#include "server/chat/presence_notifier.hpp"
#include "server/chat/redis_session_registry.hpp"
#include "server/chat/room_controls.hpp"
#include "server/chat/room_records.hpp"
#include "server/chat/sanction_control.hpp"
#include "server/chat/staff_notify.hpp"
#include "server/control/memory_control.hpp"
#include "server/control/redis_control.hpp"
#include "server/events/calendar_routes.hpp"
#include "server/events/event_book.hpp"
#include "server/events/event_routes.hpp"
#include "server/events/schedule_routes.hpp"
#include "server/events/scheduled_rooms.hpp"
#include "server/http/server_context.hpp"
#include "server/http/static_root.hpp"
#include "server/listener.hpp"
#include "server/log.hpp"
#include "server/metrics.hpp"
#include "server/periodic.hpp"
#include "server/presence/memory_presence.hpp"
#include "server/presence/redis_presence.hpp"
#include "server/random_token.hpp"
#include "server/redis/redis_node.hpp"
#include "server/shards.hpp"
#include "server/staff/address_key.hpp"
#include "server/staff/hash_worker.hpp"
#include "server/staff/invitations.hpp"
#include "server/staff/login_throttle.hpp"
#include "server/staff/staff_accounts.hpp"
#include "server/staff/staff_tokens.hpp"
#include "server/staff/token_checker.hpp"
#include "server/store/help_seed.hpp"
#include "server/store/memory_store.hpp"
#include "server/store/org_records.hpp"
#include "server/store/redis_store.hpp"
#include "server/store/split_store.hpp"
#include "server/tls_context.hpp"

namespace ibasho {

namespace net = boost::asio;

namespace {

// Many phones hold many sockets: take every file descriptor the hard limit allows.
void raise_file_limit() {
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0) {
        return;
    }
    const auto before = lim.rlim_cur;
    lim.rlim_cur = lim.rlim_max;
    const bool ok = setrlimit(RLIMIT_NOFILE, &lim) == 0;
    getrlimit(RLIMIT_NOFILE, &lim);
    log::info("open_file_limit", {{"before", static_cast<unsigned long long>(before)},
                                  {"now", static_cast<unsigned long long>(lim.rlim_cur)},
                                  {"raised", ok}});
}

unsigned thread_count(unsigned configured) {
    if (configured != 0) {
        return std::min(configured, 64u);
    }
    return std::clamp(std::thread::hardware_concurrency(), 1u, 64u);
}

}  // namespace

struct App::Impl {
    explicit Impl(Config c)
        : config(std::move(c)),
          shards(thread_count(config.threads)),
          redis(make_redis_node()),
          store_redis(make_store_redis_node()),
          broker(make_broker()),
          presence(make_presence()),
          sessions(make_sessions()),
          control(make_control()),
          store(make_store()),
          hub(
              shards, [this](const std::string& room) { broker->subscribe(room); },
              [this](const std::string& room) { broker->unsubscribe(room); }),
          staff_auth(*store, clock),
          chat{config,   clock,  catalog,    *broker, *presence, *sessions,     hub,        active,
               *control, *store, staff_auth, local,   reasons,   blocked_words, help_lines, alerts},
          context(config, config.static_dir),
          signals(shards.at(0).io()),
          shutdown_timer(shards.at(0).io()),
          address_keys(*store, clock),
          address_counter(make_address_counter()),
          address_limits(
              *address_counter, clock,
              abuse::AddressLimitSettings{config.address_connections, config.address_frames}),
          address_key_timer(shards.at(0).io()),
          staff_tokens(*store, clock),
          staff_accounts(*store, clock, staff_tokens, control.get()),
          invitations(*store, clock),
          login_throttle(*store) {
        log::set_level(config.log_level);
        if (config.node_id.empty()) {
            config.node_id = "node-" + random_base64url(6);
        }
        if (!config.rooms_file.empty()) {
            // Served from the file until the Store answers; then from the Store's rooms, which
            // the file seeds when there are none.
            rooms_text = chat::read_rooms_file(config.rooms_file);
            catalog.replace(chat::parse_rooms(rooms_text));
        } else {
            log::warn("no_rooms_file", {{"hint", "pass --rooms FILE to seed rooms"}});
        }
        prepare_rooms();
        broker->set_sink(
            [this](const std::string& room, const RoomEvent& ev) { hub.deliver(room, ev); });
        chat::connect_presence_notifications(*presence, catalog, hub);
        chat::register_control_handlers(*control, active, catalog, hub);
        chat::register_reports_control(*control, local, *store);
        chat::register_room_controls(chat);
        // Live room settings outlive a restart: read on start and whenever Redis comes back.
        if (redis) {
            on_redis_state([this](bool up) {
                if (up) {
                    chat::load_live_settings(chat);
                    blocked_words.refresh();  // the read at start may have found Redis down
                }
            });
        } else {
            chat::load_live_settings(chat);
        }
        chat::register_sanction_control(*control, local);
        review_sweeper = std::make_unique<chat::ReviewSweeper>(shards.at(0).io(), *store, *control,
                                                               *presence, clock);
        prepare_help_directory();
        reasons.follow(*store);
        blocked_words.follow(*store);
        // Safety (issue 12): the help card's lines, and this node's alert book swept each
        // second (escalations, alerts waiting for Redis, forgetting).
        help_lines.take(help_seed_body);
        help_lines.follow(*store);
        chat::register_alert_control(*control, local, alerts);
        // Organisers' events (issue 14): every node holds all of them, fed by the Store.
        event_book = std::make_unique<events::EventBook>(*store);
        event_book->start();
        if (redis) {
            on_redis_state([this](bool up) {
                if (up)
                    event_book->reload();  // the read at start may have found Redis down
            });
        }
        alert_sweep = std::make_unique<Periodic>(
            shards.at(0).io(), std::chrono::seconds(1),
            [this] { chat::sweep_alerts(alerts, *control, local, clock); });

        // Scheduled rooms (issue 14): open, warned, closed and cleaned up on every node.
        scheduled_rooms = std::make_unique<events::ScheduledRooms>(
            shards.at(0).io(),
            events::SchedulerDeps{
                catalog, local, *broker, *store, *control, clock,
                windows_file ? *windows_file : static_cast<events::WindowSource&>(*event_book)},
            config.schedule_warning);

        context.make_handler = [this](Connection& conn) -> std::unique_ptr<ConnectionHandler> {
            return std::make_unique<chat::ClientSession>(chat, conn);
        };
        // Ready once Redis answers and the shared address key is read: until then this node
        // hashes addresses with a key of its own, so an address ban made meanwhile (or one
        // made elsewhere) would not match what the other nodes see.
        context.ready = [this] { return !redis || (redis_up() && address_keys.since_ms() != 0); };
        context.help_directory = api::help_from_store(*store);
        auto router = std::make_shared<api::Router>();
        api::add_public_routes(
            *router, {catalog, *presence, context.help_directory, config.exit_url, store.get()});
        api::add_staff_routes(*router, {staff_accounts, staff_tokens, invitations, login_throttle,
                                        hash_worker, clock, staff::make_token_checker(staff_auth),
                                        config.behind_tls_proxy, &catalog, store.get()});
        api::add_org_routes(*router, {*store, staff_auth, clock, staff_accounts});
        api::add_room_routes(*router, {*store, staff_auth, clock});
        api::add_moderation_routes(*router, {*store, staff_auth});
        api::add_blocked_word_routes(*router, {*store, staff_auth, clock});
        api::add_report_routes(*router, {*store, clock, *control, staff_auth, reasons, catalog});
        events::add_event_routes(*router, {*store, staff_auth, clock, catalog});
        events::add_schedule_routes(*router, {*event_book, clock});
        api::add_help_entry_routes(*router, {*store, staff_auth, clock});
        context.api = std::move(router);
        // The calendars read the node's events from the book (no Store read per request).
        context.calendar = std::make_shared<events::CalendarFeeds>(
            [this] { return event_book->snapshot()->events; }, clock);
        context.hash_address = [this](std::string_view a) { return address_keys.hash(a); };
        prepare_address_keys();
        prepare_address_limits();
        chat.address_key_expires = [this] { return address_keys.expires_ms(); };

        metrics().add_gauge("ibasho_sessions", "Anonymous sessions connected to this node.",
                            [this] { return static_cast<double>(active.size()); });
        metrics().add_gauge("ibasho_rooms_active", "Rooms with members on this node.",
                            [this] { return static_cast<double>(hub.active_rooms()); });
        metrics().add_gauge("ibasho_threads", "I/O threads (shards).",
                            [this] { return static_cast<double>(shards.size()); });

        std::shared_ptr<net::ssl::context> tls;
        if (config.tls_listen) {
            tls = make_tls_context(config.cert_file, config.key_file);
            tls_listener = std::make_unique<Listener>(shards, context, *config.tls_listen, tls);
        }
        if (config.listen) {
            plain_listener = std::make_unique<Listener>(shards, context, *config.listen, nullptr);
        }
    }

    // The shared address key: read (or made) once the Store answers, then reread on every
    // change notice and on a timer, so a day-old key is replaced on every node.
    void prepare_address_keys() {
        if (!redis) {
            address_keys.start();
        } else {
            on_redis_state([this](bool up) {
                if (up && !address_keys_started) {
                    address_keys_started = true;
                    address_keys.start();
                }
            });
        }
        schedule_address_key_refresh();
    }
    void schedule_address_key_refresh() {
        address_key_timer.expires_after(staff::address_key_refresh);
        address_key_timer.async_wait([this](boost::system::error_code ec) {
            if (ec) {
                return;
            }
            address_keys.refresh();
            schedule_address_key_refresh();
        });
    }

    // Per-address limits across nodes (issue 15): connections are asked one by one, frames are
    // counted locally and sent to the shared counts every address_flush_interval.
    void prepare_address_limits() {
        if (config.address_connections != 0) {
            context.admit_connection = [this](const std::string& hash,
                                              std::function<void(bool)> done) {
                address_limits.admit_connection(hash, std::move(done));
            };
        }
        if (address_limits.limits_frames()) {
            chat.address_limits = &address_limits;
            address_flush =
                std::make_unique<Periodic>(shards.at(0).io(), abuse::address_flush_interval,
                                           [this] { address_limits.flush(); });
        }
    }
    std::unique_ptr<abuse::AddressCounter> make_address_counter() {
        if (redis)
            return std::make_unique<abuse::RedisAddressCounter>(*redis);
        return std::make_unique<abuse::MemoryAddressCounter>(clock);
    }

    std::unique_ptr<redis::Node> make_redis_node() {
        if (config.store != StoreKind::redis) {
            return nullptr;
        }
        // The Redis loop is shard 0's: no extra thread, and replies are posted to the
        // sessions' own shards by the seams' callers.
        return std::make_unique<redis::Node>(shards.at(0).io(), *config.redis, config.redis_prefix);
    }
    // The durable Store's own Redis, when it is not the ephemeral one: same loop, same prefix.
    std::unique_ptr<redis::Node> make_store_redis_node() {
        if (!redis || !config.store_redis || *config.store_redis == *config.redis) {
            return nullptr;
        }
        auto node = std::make_unique<redis::Node>(shards.at(0).io(), *config.store_redis,
                                                  config.redis_prefix);
        // Each node sets ibasho_redis_up as it changes; listeners run after that, on the same
        // loop, so this one leaves the gauge saying whether both answer.
        auto both = [this](bool) { metrics().redis_up.set(redis_up() ? 1 : 0); };
        redis->on_state(both);
        node->on_state(both);
        return node;
    }
    // Both Redis roles answer (one Redis: that one).
    bool redis_up() const { return redis && redis->up() && (!store_redis || store_redis->up()); }
    // Told whenever either Redis goes up or down, with whether both answer now: what waits
    // for "Redis is up" reads the Store, whose kinds live in both.
    void on_redis_state(std::function<void(bool up)> fn) {
        if (!store_redis) {
            redis->on_state(std::move(fn));
            return;
        }
        auto both = [this, fn = std::move(fn)](bool) { fn(redis_up()); };
        redis->on_state(both);
        store_redis->on_state(std::move(both));
    }
    std::unique_ptr<Broker> make_broker() {
        if (redis)
            return std::make_unique<RedisBroker>(*redis, clock);
        return std::make_unique<MemoryBroker>(clock);
    }
    std::unique_ptr<Presence> make_presence() {
        if (redis) {
            // A member's entry lives 5/6 of the expiry past its node's last heartbeat and the
            // sweep runs every 1/6, so a dead node's members are gone from every view within
            // the configured expiry. Heartbeats every 1/4 survive one lost round.
            RedisPresence::Options opts;
            const auto expiry =
                std::chrono::duration_cast<std::chrono::milliseconds>(config.presence_expiry);
            opts.expiry = expiry * 5 / 6;
            opts.heartbeat = expiry / 4;
            opts.reap = expiry / 6;
            auto p = std::make_unique<RedisPresence>(*redis, clock, opts);
            redis_presence = p.get();
            return p;
        }
        return std::make_unique<MemoryPresence>();
    }
    std::unique_ptr<Control> make_control() {
        // The origin of commands: random per process (Control's contract), never the
        // configured --node-id, which is a name for logs and may be the same on several nodes
        // (one config for all, or the tests' "itest"); handlers that skip their own node's
        // commands (alerts) would then drop every other node's too.
        const std::string node = random_base64url(8);
        if (redis)
            return std::make_unique<RedisControl>(*redis, clock, node);
        return std::make_unique<MemoryControl>(std::make_shared<MemoryControlBus>(), clock, node);
    }
    std::unique_ptr<Store> make_store() {
        if (!redis)
            return std::make_unique<MemoryStore>(clock);
        if (!store_redis)
            return std::make_unique<RedisStore>(*redis);  // one Redis (development)
        // Kinds with message text or the address key stay in the Redis without persistence.
        return std::make_unique<SplitStore>(std::make_unique<RedisStore>(*store_redis),
                                            std::make_unique<RedisStore>(*redis));
    }

    // The shipped help directory seeds a fresh Store once (an organiser's edits are never
    // replaced); with Redis, as soon as it first answers. A broken file stops start-up.
    void prepare_help_directory() {
        const std::string file = config.static_dir + "/help/directory.json";
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) {
            log::warn("no_help_directory_file", {{"hint", "the Store keeps whatever it holds"}});
            return;
        }
        try {
            help_seed_body = load_help_directory(file);
        } catch (const HelpSeedError& e) {
            throw ConfigError("static", e.what());
        }
        if (!redis) {
            seed_help_directory(*store, help_seed_body, nullptr);
            return;
        }
        on_redis_state([this](bool up) {
            if (up && !help_seeded) {
                help_seeded = true;
                seed_help_directory(*store, help_seed_body, [this](HelpSeedOutcome o) {
                    if (o == HelpSeedOutcome::unavailable) {
                        help_seeded = false;  // try again on the next connection
                    }
                });
            }
        });
    }

    std::unique_ptr<chat::SessionRegistry> make_sessions() {
        if (redis)
            return std::make_unique<chat::RedisSessionRegistry>(*redis, config.session_ttl);
        return std::make_unique<chat::MemorySessionRegistry>(clock, config.session_ttl);
    }

    void reload_rooms() {
        if (config.rooms_file.empty()) {
            return;
        }
        try {
            std::string text = chat::read_rooms_file(config.rooms_file);
            // Seeded rooms follow the file on every node through the Store's watch; rooms
            // organisers edited through the API stay as they are.
            room_records->apply_file(text);
            rooms_text = std::move(text);
        } catch (const ConfigError& e) {
            // A typo in the file must not take the service down: keep the rooms we have.
            log::error("rooms_reload_failed", {{"field", e.field()}, {"problem", e.problem()}});
        }
    }

    // Organisations and rooms live in the Store: "main" is made when missing, the rooms file
    // seeds a Store without rooms, and every node's catalogue follows the room records.
    void prepare_rooms() {
        room_records = std::make_unique<chat::RoomRecords>(
            *store, catalog, [this](const std::string& room) { hub.close_room(room); });
        room_records->watch();
        auto start = [this] {
            ensure_main_org(*store, clock.unix_ms(), nullptr);
            room_records->start(rooms_text);
        };
        if (!redis) {
            start();
            return;
        }
        on_redis_state([start](bool up) {
            if (up) {
                start();
            }
        });
    }

    void wait_for_signal() {
        signals.async_wait([this](boost::system::error_code ec, int sig) {
            if (ec) {
                return;
            }
            if (sig == SIGHUP) {
                reload_rooms();
                wait_for_signal();
                return;
            }
            log::info("signal", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
            begin_shutdown();
        });
    }

    void begin_shutdown() {
        if (context.shutting_down.exchange(true)) {
            return;
        }
        if (config.drain_time.count() > 0) {
            // Draining: /readyz already answers 503 (shutting_down); everything else serves on
            // until the proxy has seen that and sent new connections elsewhere.
            log::info("drain_started", {{"seconds", config.drain_time.count()}});
            shutdown_timer.expires_after(config.drain_time);
            shutdown_timer.async_wait([this](boost::system::error_code ec) {
                if (!ec)
                    close_everything();
            });
            return;
        }
        close_everything();
    }

    void close_everything() {
        log::info("shutdown_started", {{"websockets", metrics().ws_open.get()}});
        review_sweeper->stop();
        alert_sweep->stop();
        if (address_flush)
            address_flush->stop();
        scheduled_rooms->stop();
        if (plain_listener)
            plain_listener->stop();
        if (tls_listener)
            tls_listener->stop();
        for (std::size_t i = 0; i < shards.size(); ++i) {
            Shard& s = shards.at(i);
            s.post([&s] {
                // Copy: closing may complete synchronously and edit the set.
                const std::vector<Connection*> conns(s.connections().begin(),
                                                     s.connections().end());
                for (Connection* c : conns) {
                    c->close(1001, "server shutting down");
                }
            });
        }
        shutdown_deadline = std::chrono::steady_clock::now() + config.shutdown_grace;
        poll_shutdown();
    }

    void poll_shutdown() {
        const auto now = std::chrono::steady_clock::now();
        if (!presence_withdrawn && (metrics().ws_open.get() <= 0 || now >= shutdown_deadline)) {
            presence_withdrawn = true;
            // The closes' leaves are queued: now take out whatever this node still holds, so
            // other nodes see its members gone at once rather than after --presence-expiry.
            // Bounded by the rest of the grace, and at least 1 s (or the grace, if shorter).
            flush_deadline = std::max(shutdown_deadline,
                                      now + std::min<std::chrono::steady_clock::duration>(
                                                config.shutdown_grace, std::chrono::seconds(1)));
            if (redis_presence)
                redis_presence->stop([flushed = presence_flushed] { *flushed = true; });
            else
                *presence_flushed = true;
        }
        if (presence_withdrawn && (*presence_flushed || now >= flush_deadline)) {
            log::info("shutdown_finished", {{"websockets_left", metrics().ws_open.get()},
                                            {"presence_flushed", presence_flushed->load()}});
            boost::system::error_code ignored;
            signals.cancel(ignored);
            shards.stop();
            return;
        }
        shutdown_timer.expires_after(std::chrono::milliseconds(20));
        shutdown_timer.async_wait([this](boost::system::error_code ec) {
            if (!ec)
                poll_shutdown();
        });
    }

    Config config;
    SystemClock clock;
    Shards shards;
    chat::RoomCatalog catalog;
    RedisPresence* redis_presence = nullptr;
    std::unique_ptr<redis::Node> redis;        // history, presence, sessions: no persistence
    std::unique_ptr<redis::Node> store_redis;  // the durable Store's, when not `redis`
    std::unique_ptr<Broker> broker;
    std::unique_ptr<Presence> presence;
    std::unique_ptr<chat::SessionRegistry> sessions;
    std::unique_ptr<Control> control;
    std::unique_ptr<Store> store;
    std::string rooms_text;  // the rooms file as last read (seeds a Store without rooms)
    std::unique_ptr<chat::RoomRecords> room_records;
    std::string help_seed_body;
    bool help_seeded = false;  // touched on the Redis loop only
    chat::RoomHub hub;
    chat::ActiveSessions active;
    staff::StaffAuth staff_auth;
    chat::LocalSessions local;
    ReasonList reasons;
    BlockedWordList blocked_words;
    HelpLines help_lines;
    chat::AlertDesk alerts;
    chat::ChatService chat;
    ServerContext context;
    std::unique_ptr<Listener> plain_listener;
    std::unique_ptr<Listener> tls_listener;
    std::unique_ptr<chat::ReviewSweeper> review_sweeper;  // mutes that ran out -> `review`
    std::unique_ptr<Periodic> alert_sweep;
    std::unique_ptr<events::EventBook> event_book;  // the room scheduler reads its windows
    // A test-only windows file (--schedule-windows) stands in for the organisers' events.
    std::unique_ptr<events::WindowSource> windows_file =
        config.schedule_windows_file.empty() ? nullptr : events::configured_windows(config);
    std::unique_ptr<events::ScheduledRooms> scheduled_rooms;
    net::signal_set signals;
    net::steady_timer shutdown_timer;
    std::chrono::steady_clock::time_point shutdown_deadline;
    bool presence_withdrawn = false;
    // Shared: a flush answered only when the connection is torn down may outlive this object.
    std::shared_ptr<std::atomic<bool>> presence_flushed = std::make_shared<std::atomic<bool>>();
    std::chrono::steady_clock::time_point flush_deadline;
    // Staff accounts (issue 11).
    staff::AddressKeys address_keys;
    std::unique_ptr<abuse::AddressCounter> address_counter;
    abuse::AddressLimits address_limits;
    std::unique_ptr<Periodic> address_flush;
    net::steady_timer address_key_timer;
    bool address_keys_started = false;  // touched on the Redis loop only
    staff::StaffTokens staff_tokens;
    staff::StaffAccounts staff_accounts;
    staff::Invitations invitations;
    staff::LoginThrottle login_throttle;
    // Last: destroyed (and joined) first, while everything its jobs touch is still there.
    staff::HashWorker hash_worker;
};

App::App(Config config) {
    raise_file_limit();
    log::set_level(config.log_level);
    config.static_dir = http::resolve_static_root(config.static_dir);
    impl_ = std::make_unique<Impl>(std::move(config));
}

App::~App() {
    if (impl_) {
        impl_->shards.stop();
        impl_->shards.join();
    }
}

void App::start() {
    auto& i = *impl_;
    i.signals.add(SIGINT);
    i.signals.add(SIGTERM);
    i.signals.add(SIGHUP);
    i.wait_for_signal();
    if (i.redis) {
        i.redis->start();
        if (i.store_redis)
            i.store_redis->start();
        i.redis_presence->start();
    }
    if (i.plain_listener)
        i.plain_listener->start();
    if (i.tls_listener)
        i.tls_listener->start();
    i.shards.start();
    log::info("started", {{"version", IBASHO_VERSION},
                          {"node", i.config.node_id},
                          {"threads", static_cast<unsigned>(i.shards.size())},
                          {"store", i.config.store == StoreKind::redis ? "redis" : "memory"},
                          {"rooms", i.catalog.snapshot()->rooms.size()},
                          {"http_port", static_cast<unsigned>(plain_port())},
                          {"https_port", static_cast<unsigned>(tls_port())}});
}

void App::shutdown() {
    net::post(impl_->shards.at(0).io(), [impl = impl_.get()] { impl->begin_shutdown(); });
}

void App::wait() {
    impl_->shards.join();
}

std::uint16_t App::plain_port() const {
    return impl_->plain_listener ? impl_->plain_listener->port() : 0;
}

std::uint16_t App::tls_port() const {
    return impl_->tls_listener ? impl_->tls_listener->port() : 0;
}

}  // namespace ibasho
