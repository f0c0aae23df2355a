#include "server/presence/redis_presence.hpp"

#include <boost/asio/steady_timer.hpp>

#include "moderation/nickname_suggestions.hpp"
#include "server/log.hpp"
#include "server/presence/redis_presence_scripts.hpp"

namespace ibasho {

namespace net = boost::asio;

using namespace presence_scripts;

namespace {

// The compact status stored per member: listening digit, then one letter for a staff badge.
std::string status_of(const Member& m) {
    std::string v(m.listening ? "1" : "0");
    if (m.badge == "supporter") {
        v += 's';
    } else if (m.badge == "organiser") {
        v += 'o';
    }
    if (m.spoke) {
        v += 'w';
    }
    return v;
}

std::string badge_of(char letter) {
    switch (letter) {
        case 's':
            return "supporter";
        case 'o':
            return "organiser";
        default:
            return {};
    }
}

}  // namespace

std::string RedisPresence::zkey(const std::string& room) const {
    return node_.prefix() + "{" + room + "}:pz";
}
std::string RedisPresence::hkey(const std::string& room) const {
    return node_.prefix() + "{" + room + "}:pm";
}
std::string RedisPresence::rooms_key() const {
    return node_.prefix() + "presence:rooms";
}
std::string RedisPresence::channel() const {
    return node_.prefix() + "presence";
}

struct RedisPresence::Timers {
    Timers(net::io_context& io) : heartbeat(io), reap(io) {}
    net::steady_timer heartbeat;
    net::steady_timer reap;
    bool stopped = false;
    // Set by stop(): members are taken out as they are learnt, never refreshed or restored.
    bool withdrawing = false;
    // A member withdrawn since the last flush barrier was sent: the barrier must go again.
    bool withdrawn_after_barrier = false;
};

RedisPresence::RedisPresence(redis::Node& node, const Clock& clock, Options options)
    : node_(node),
      clock_(clock),
      options_(options),
      timers_(std::make_shared<Timers>(node.commands().io())),
      join_script_(join_lua),
      leave_script_(leave_lua),
      status_script_(status_lua),
      spoke_script_(spoke_lua),
      members_script_(members_lua),
      counts_script_(counts_lua),
      reap_script_(reap_lua) {
    node_.route(channel(), [this](std::string_view, std::string_view room) {
        if (sink_) {
            sink_(std::string(room));
        }
    });
    node_.on_state([this](bool up) {
        if (up && !timers_->withdrawing) {
            node_.subscriber().subscribe(channel());
            restore();  // Redis may have restarted empty, or our members expired meanwhile
        }
    });
}

RedisPresence::~RedisPresence() = default;

void RedisPresence::start() {
    node_.post([this] {
        node_.subscriber().subscribe(channel());
        schedule();
    });
}

void RedisPresence::stop(std::function<void()> flushed) {
    node_.post([this, t = timers_, flushed = std::move(flushed)]() mutable {
        t->stopped = true;
        t->withdrawing = true;
        t->heartbeat.cancel();
        t->reap.cancel();
        // Whatever the closing sessions have not taken out yet (a client that never answered
        // the close keeps its socket until the threads stop): take it out now.
        auto held = std::move(local_);
        local_.clear();
        for (const auto& [room, members] : held) {
            for (const auto& [id, m] : members) {
                withdraw(room, m);
            }
        }
        t->withdrawn_after_barrier = false;
        flush(node_.commands().weak_from_this(), t, std::move(flushed));
    });
}

void RedisPresence::withdraw(const std::string& room, const Member& m) {
    // With the holder: a member who has meanwhile resumed on another node keeps the seat.
    const std::string z = zkey(room), h = hkey(room), ch = channel();
    leave_script_.run(node_.commands(), {z, h}, {m.member, room, ch, m.holder}, nullptr);
    timers_->withdrawn_after_barrier = true;
}

void RedisPresence::flush(std::weak_ptr<redis::Link> conn, std::shared_ptr<Timers> t,
                          std::function<void()> flushed) {
    auto c = conn.lock();
    if (!c) {
        if (flushed)
            flushed();
        return;
    }
    c->command({"PING"}, [conn, t, flushed = std::move(flushed)](const redisReply* r) mutable {
        if (r != nullptr && t->withdrawn_after_barrier) {
            t->withdrawn_after_barrier = false;
            flush(conn, t, std::move(flushed));
            return;
        }
        if (flushed)
            flushed();
    });
}

void RedisPresence::schedule() {
    schedule_heartbeat();
    schedule_reap();
}

void RedisPresence::schedule_heartbeat() {
    timers_->heartbeat.expires_after(options_.heartbeat);
    timers_->heartbeat.async_wait([this, t = timers_](boost::system::error_code ec) {
        if (ec || t->stopped)
            return;
        heartbeat();
        schedule_heartbeat();
    });
}

void RedisPresence::schedule_reap() {
    timers_->reap.expires_after(options_.reap);
    timers_->reap.async_wait([this, t = timers_](boost::system::error_code ec) {
        if (ec || t->stopped)
            return;
        reap();
        schedule_reap();
    });
}

void RedisPresence::heartbeat() {
    // One pipelined ZADD XX per room carrying every local member: a round trip per loop turn,
    // whatever the number of members.
    const std::string exp = std::to_string(clock_.unix_ms() + options_.expiry.count());
    for (const auto& [room, members] : local_) {
        if (members.empty())
            continue;
        const std::string z = zkey(room);
        std::vector<std::string_view> argv{"ZADD", z, "XX"};
        for (const auto& [id, m] : members) {
            argv.push_back(exp);
            argv.push_back(id);
        }
        node_.commands().command(argv, nullptr);
    }
}

void RedisPresence::restore() {
    const std::string exp = std::to_string(clock_.unix_ms() + options_.expiry.count());
    const std::string ttl = std::to_string(options_.expiry.count() * 4);
    const std::string rooms = rooms_key(), ch = channel();
    for (const auto& [room, members] : local_) {
        const std::string z = zkey(room), h = hkey(room);
        for (const auto& [id, m] : members) {
            const std::string value = status_of(m) + "|" + m.nick;
            node_.commands().command({"HSETNX", h, id, value}, nullptr);
            const std::string by = h + ":by";
            node_.commands().command({"HSETNX", by, id, m.holder}, nullptr);
            node_.commands().command({"ZADD", z, exp, id}, nullptr);
        }
        node_.commands().command({"PEXPIRE", z, ttl}, nullptr);
        node_.commands().command({"PEXPIRE", h, ttl}, nullptr);
        node_.commands().command({"SADD", rooms, room}, nullptr);
        node_.commands().command({"PUBLISH", ch, room}, nullptr);
    }
}

void RedisPresence::reap() {
    const std::string now = std::to_string(clock_.unix_ms());
    const std::string rooms = rooms_key(), ch = channel();
    reap_script_.run(node_.commands(), {rooms}, {now, ch, node_.prefix()}, nullptr);
}

void RedisPresence::set_change_sink(ChangeSink sink) {
    sink_ = std::move(sink);
}

void RedisPresence::join(const std::string& room, Member want, std::uint32_t capacity,
                         NickClash clash, JoinDone done) {
    const std::int64_t now = clock_.unix_ms();
    node_.post([this, room, want = std::move(want), capacity, clash, now,
                done = std::move(done)]() mutable {
        run_join(room, std::move(want), capacity, clash, now, {}, std::move(done));
    });
}

void RedisPresence::run_join(const std::string& room, Member want, std::uint32_t capacity,
                             NickClash clash, std::int64_t now,
                             std::vector<std::string> alternatives, JoinDone done) {
    const std::string z = zkey(room), h = hkey(room), rooms = rooms_key(), ch = channel();
    const std::string cap = std::to_string(capacity), now_s = std::to_string(now),
                      exp = std::to_string(options_.expiry.count());
    const std::string status = status_of(want);
    const std::string_view mode = clash == NickClash::take_alternative ? "t" : "r";
    std::vector<std::string_view> args{want.member, status, cap,         now_s, exp,
                                       room,        ch,     want.holder, mode,  want.nick};
    for (const auto& a : alternatives) {
        args.push_back(a);
    }
    const bool asked_with_alternatives = !alternatives.empty();
    join_script_.run(
        node_.commands(), {z, h, rooms}, args,
        [this, room, want, capacity, clash, now, asked_with_alternatives,
         done = std::move(done)](const redisReply* r) mutable {
            if (redis::is_error(r) || redis::array_size(r) < 2) {
                done(Fault::unavailable, {});
                return;
            }
            JoinResult result;
            const auto code = redis::as_integer(redis::array_at(r, 0));
            if (code == 0) {
                result.outcome = JoinOutcome::full;
                done(Fault::none, result);
                return;
            }
            if (code == 3) {
                // Most names are free, so the first try carries no alternatives (making them
                // costs a dozen normalisations). The second try re-checks everything in one
                // script, so it is as atomic as the first; the name may even be free by now.
                if (!asked_with_alternatives) {
                    auto offered = moderation::nickname_alternatives(want.nick);
                    if (!offered.empty()) {
                        run_join(room, std::move(want), capacity, clash, now, std::move(offered),
                                 std::move(done));
                        return;
                    }
                }
                result.outcome = JoinOutcome::nick_taken;
                for (std::size_t i = 2; i < redis::array_size(r) && i < 2 + offered_nicks; ++i) {
                    result.free_nicks.emplace_back(redis::as_string(redis::array_at(r, i)));
                }
                done(Fault::none, result);
                return;
            }
            result.outcome = code == 2 ? JoinOutcome::already_present : JoinOutcome::joined;
            result.member = want;
            result.member.nick = std::string(redis::as_string(redis::array_at(r, 1)));
            if (timers_->withdrawing) {
                withdraw(room, result.member);  // answered after stop(): out at once
            } else {
                local_[room][want.member] = result.member;
            }
            done(Fault::none, result);
        });
}

void RedisPresence::leave(const std::string& room, const std::string& member,
                          const std::string& holder, Done done) {
    node_.post([this, room, member, holder, done = std::move(done)]() mutable {
        if (auto it = local_.find(room); it != local_.end()) {
            it->second.erase(member);
            if (it->second.empty())
                local_.erase(it);
        }
        const std::string z = zkey(room), h = hkey(room), ch = channel();
        leave_script_.run(node_.commands(), {z, h}, {member, room, ch, holder},
                          [done = std::move(done)](const redisReply* r) {
                              if (done)
                                  done(redis::is_error(r) ? Fault::unavailable : Fault::none);
                          });
    });
}

void RedisPresence::set_listening(const std::string& room, const std::string& member,
                                  bool listening, Done done) {
    node_.post([this, room, member, listening, done = std::move(done)]() mutable {
        if (auto it = local_.find(room); it != local_.end()) {
            if (auto m = it->second.find(member); m != it->second.end()) {
                m->second.listening = listening;
            }
        }
        const std::string z = zkey(room), h = hkey(room), ch = channel();
        status_script_.run(node_.commands(), {z, h}, {member, listening ? "1" : "0", room, ch},
                           [done = std::move(done)](const redisReply* r) {
                               if (done)
                                   done(redis::is_error(r) ? Fault::unavailable : Fault::none);
                           });
    });
}

void RedisPresence::mark_spoke(const std::string& room, const std::string& member, Done done) {
    node_.post([this, room, member, done = std::move(done)]() mutable {
        // Kept locally too, so a Redis that restarted empty is told the mark again (restore).
        if (auto it = local_.find(room); it != local_.end()) {
            if (auto m = it->second.find(member); m != it->second.end()) {
                m->second.spoke = true;
            }
        }
        const std::string z = zkey(room), h = hkey(room), ch = channel();
        spoke_script_.run(node_.commands(), {z, h}, {member, room, ch},
                          [done = std::move(done)](const redisReply* r) {
                              if (done)
                                  done(redis::is_error(r) ? Fault::unavailable : Fault::none);
                          });
    });
}

void RedisPresence::members(const std::string& room, ListDone done) {
    const std::string now = std::to_string(clock_.unix_ms());
    node_.post([this, room, now, done = std::move(done)]() mutable {
        const std::string z = zkey(room), h = hkey(room), ch = channel();
        members_script_.run(node_.commands(), {z, h}, {now, room, ch},
                            [done = std::move(done)](const redisReply* r) {
                                if (redis::is_error(r)) {
                                    done(Fault::unavailable, {});
                                    return;
                                }
                                std::map<std::string, Member> sorted;
                                for (std::size_t i = 0; i + 1 < redis::array_size(r); i += 2) {
                                    Member m;
                                    m.member = std::string(redis::as_string(redis::array_at(r, i)));
                                    const auto v = redis::as_string(redis::array_at(r, i + 1));
                                    m.listening = !v.empty() && v[0] == '1';
                                    const auto bar = v.find('|');
                                    if (bar != std::string_view::npos) {
                                        m.nick = std::string(v.substr(bar + 1));
                                        m.badge = bar > 1 ? badge_of(v[1]) : std::string();
                                        m.spoke =
                                            v.substr(0, bar).find('w') != std::string_view::npos;
                                    }
                                    sorted.emplace(m.member, std::move(m));
                                }
                                std::vector<Member> out;
                                for (auto& [id, m] : sorted)
                                    out.push_back(std::move(m));
                                done(Fault::none, std::move(out));
                            });
    });
}

void RedisPresence::counts(const std::vector<std::string>& rooms, CountsDone done) {
    const std::string now = std::to_string(clock_.unix_ms());
    node_.post([this, rooms, now, done = std::move(done)]() mutable {
        if (rooms.empty()) {
            done(Fault::none, {});
            return;
        }
        std::vector<std::string> keys;
        for (const auto& r : rooms) {
            keys.push_back(zkey(r));
            keys.push_back(hkey(r));
        }
        std::vector<std::string_view> kv(keys.begin(), keys.end());
        const std::string ch = channel();
        std::vector<std::string_view> args{now, ch};
        for (const auto& r : rooms)
            args.push_back(r);
        counts_script_.run(node_.commands(), kv, args,
                           [n = rooms.size(), done = std::move(done)](const redisReply* r) {
                               if (redis::is_error(r) || redis::array_size(r) != n * 3) {
                                   done(Fault::unavailable, {});
                                   return;
                               }
                               std::vector<RoomCounts> out(n);
                               for (std::size_t i = 0; i < n; ++i) {
                                   out[i].count = static_cast<std::uint32_t>(
                                       redis::as_integer(redis::array_at(r, i * 3)));
                                   out[i].listening = static_cast<std::uint32_t>(
                                       redis::as_integer(redis::array_at(r, i * 3 + 1)));
                                   out[i].staff = static_cast<std::uint32_t>(
                                       redis::as_integer(redis::array_at(r, i * 3 + 2)));
                               }
                               done(Fault::none, std::move(out));
                           });
    });
}

}  // namespace ibasho
