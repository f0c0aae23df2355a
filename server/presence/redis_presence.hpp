// Presence over Redis: per room a sorted set of member expiries and a hash of member state,
// changed by Lua scripts (capacity and nickname checks are atomic), refreshed by pipelined
// heartbeats from each node, reaped when a node dies, announced on one channel to all nodes.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>

#include "server/clock.hpp"
#include "server/presence/presence.hpp"
#include "server/redis/redis_node.hpp"
#include "server/redis/script.hpp"

namespace ibasho {

class RedisPresence final : public Presence {
  public:
    struct Options {
        std::chrono::milliseconds expiry{30000};     // a silent node's members vanish by then
        std::chrono::milliseconds heartbeat{10000};  // refresh period for local members
        std::chrono::milliseconds reap{5000};        // how often expired members are swept
    };

    RedisPresence(redis::Node& node, const Clock& clock, Options options);
    ~RedisPresence() override;

    // Starts the heartbeat and reaper timers on the Redis loop.
    void start();
    // Graceful end: stops the timers and takes every member this node still holds out of
    // Redis (a join answered later is taken out too), so other nodes see them gone now, not
    // after the expiry. `flushed` runs on the Redis loop once Redis has applied all of it, or
    // once the command connection gives up (down, timed out, stopped).
    void stop(std::function<void()> flushed = nullptr);

    void set_change_sink(ChangeSink sink) override;
    void join(const std::string& room, Member want, std::uint32_t capacity, NickClash clash,
              JoinDone done) override;
    void leave(const std::string& room, const std::string& member, const std::string& holder,
               Done done) override;
    void set_listening(const std::string& room, const std::string& member, bool listening,
                       Done done) override;
    void mark_spoke(const std::string& room, const std::string& member, Done done) override;
    void members(const std::string& room, ListDone done) override;
    void counts(const std::vector<std::string>& rooms, CountsDone done) override;

    std::string zkey(const std::string& room) const;
    std::string hkey(const std::string& room) const;
    std::string rooms_key() const;
    std::string channel() const;

  private:
    // On the Redis loop: one run of the join script, and a second with the name's alternatives
    // when the first finds it taken.
    void run_join(const std::string& room, Member want, std::uint32_t capacity, NickClash clash,
                  std::int64_t now, std::vector<std::string> alternatives, JoinDone done);
    void heartbeat();
    void restore();
    void reap();
    void schedule();
    void schedule_heartbeat();
    void schedule_reap();
    void withdraw(const std::string& room, const Member& m);
    struct Timers;
    // Redis answers one connection's commands in order: once a PING sent after the withdrawals
    // is answered, they have all been applied. A withdrawal made meanwhile needs one more.
    static void flush(std::weak_ptr<redis::Link> conn, std::shared_ptr<Timers> t,
                      std::function<void()> flushed);

    redis::Node& node_;
    const Clock& clock_;
    Options options_;
    ChangeSink sink_;
    // room -> members joined through this node, kept so heartbeats can refresh them and a
    // restarted (emptied) Redis can be told again who is here.
    std::map<std::string, std::map<std::string, Member>> local_;
    std::shared_ptr<Timers> timers_;
    redis::Script join_script_;
    redis::Script leave_script_;
    redis::Script status_script_;
    redis::Script spoke_script_;
    redis::Script members_script_;
    redis::Script counts_script_;
    redis::Script reap_script_;
};

}  // namespace ibasho
