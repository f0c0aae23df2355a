// The Broker over Redis: one Lua script per batch of a room's publishes assigns the seqs,
// refuses repeated ids, appends to the capped, expiring history and publishes to the room's
// channel. Nodes subscribe to the channels of rooms with local members and fill gaps from history.
#pragma once

#include <chrono>
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
    // How long the ids of a room without history are remembered (with history: as long as
    // their entries are kept).
    static constexpr std::chrono::minutes dedupe_window{5};
    // Events of one room sent in one script call at most.
    static constexpr std::size_t max_batch = 64;

    // For `legacy_dedupe_for` after start the publish script also looks up the per-message
    // id keys older nodes wrote (one GET per message), so that a retry crossing a rolling
    // upgrade is still refused; 0 turns that off.
    RedisBroker(redis::Node& node, const Clock& clock,
                std::chrono::milliseconds legacy_dedupe_for = std::chrono::minutes(10));

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
    // The room's recent dedupe ids: a sorted set, member = id, score = seq.
    std::string ids_key(const std::string& room) const;
    // The per-message id key older versions wrote ("<prefix>{room}:d:<id>"); read only.
    std::string legacy_dedupe_key(const std::string& room, const std::string& id) const;

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

    struct Pending {
        EventDraft draft;
        std::int64_t ts = 0;
        PublishDone done;
    };
    // A room's publishes not yet answered. While one script call is in flight, later publishes
    // wait here and leave together in the next: under load a room's messages share calls,
    // which is what brings Redis's cost per message down; when idle each leaves at once.
    struct Outbox {
        std::vector<Pending> queued;
        HistoryLimits limits;
        std::uint32_t in_flight = 0;
        bool flush_posted = false;
    };

    // All below run on the Redis loop thread.
    void enqueue(Pending p, HistoryLimits limits);
    void send_batch(const std::string& room);
    // Sends what the room has queued now, so that an operation after a publish (history,
    // replace, entry, wipe) reaches Redis after it, as one connection keeps order.
    void flush_now(const std::string& room);
    void on_message(std::string_view channel, std::string_view payload);
    void on_subscribed(const std::string& channel);
    void catch_up(const std::string& room);
    void deliver(const std::string& room, RoomEvent ev);
    void read_history(const std::string& room, std::uint64_t since, std::uint32_t max_events,
                      HistoryLimits limits, HistoryDone done);

    redis::Node& node_;
    const Clock& clock_;
    Sink sink_;
    std::map<std::string, RoomFeed> feeds_;   // rooms this node is subscribed to
    std::map<std::string, Outbox> outboxes_;  // rooms with publishes not yet answered
    std::chrono::steady_clock::time_point legacy_dedupe_until_;
    redis::Script publish_script_;
    redis::Script history_script_;
    redis::Script replace_script_;
    redis::Script entry_script_;
};

// Splits a stored or published entry "seq|ts|json" (exposed for tests).
bool parse_entry(std::string_view entry, RoomEvent& out);

}  // namespace ibasho
