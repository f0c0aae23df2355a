// The Broker over Redis: one Lua script per publish assigns the room's seq, appends to the
// capped, expiring history and publishes to the room's channel (one round trip). Nodes
// subscribe to the channels of rooms with local members and fill any gap from history.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "server/broker/broker.hpp"
#include "server/clock.hpp"
#include "server/redis/redis_node.hpp"
#include "server/redis/script.hpp"

namespace ibasho {

class RedisBroker final : public Broker {
  public:
    static constexpr std::chrono::minutes dedupe_window{5};

    RedisBroker(redis::Node& node, const Clock& clock);

    void set_sink(Sink sink) override;
    void publish(EventDraft draft, HistoryLimits limits, PublishDone done) override;
    void history(const std::string& room, std::uint64_t since, std::uint32_t max_events,
                 HistoryLimits limits, HistoryDone done) override;
    void replace(const std::string& room, std::uint64_t seq, EventDraft parts,
                 ReplaceDone done) override;
    void entry(const std::string& room, std::uint64_t seq, EntryDone done) override;
    void subscribe(const std::string& room) override;
    void unsubscribe(const std::string& room) override;
    void wipe(const std::string& room) override;

    std::string channel_of(const std::string& room) const;
    std::string seq_key(const std::string& room) const;
    std::string history_key(const std::string& room) const;
    std::string dedupe_key(const std::string& room, const std::string& id) const;

  private:
    struct RoomFeed {
        // subscribe() calls not yet matched by unsubscribe(): one per shard with members.
        // Counted here, on the loop thread, so that two shards joining and leaving at once
        // can never leave a room with local members unsubscribed.
        std::uint32_t refs = 0;
        std::uint64_t last_seq = 0;                  // newest seq handed to the sink
        bool catching_up = false;                    // reading history to fill a gap
        std::vector<RoomEvent> held;                 // live events waiting for the catch-up
        std::vector<std::function<void()>> waiting;  // history reads waiting for SUBSCRIBE
        HistoryLimits limits;
    };

    // All below run on the Redis loop thread.
    void on_message(std::string_view channel, std::string_view payload);
    void on_subscribed(const std::string& channel);
    void catch_up(const std::string& room);
    void deliver(const std::string& room, RoomEvent ev);
    void read_history(const std::string& room, std::uint64_t since, std::uint32_t max_events,
                      HistoryLimits limits, HistoryDone done);

    redis::Node& node_;
    const Clock& clock_;
    Sink sink_;
    std::map<std::string, RoomFeed> feeds_;  // rooms this node is subscribed to
    redis::Script publish_script_;
    redis::Script history_script_;
    redis::Script replace_script_;
    redis::Script entry_script_;
};

// Splits a stored or published entry "seq|ts|json" (exposed for tests).
bool parse_entry(std::string_view entry, RoomEvent& out);

}  // namespace ibasho
