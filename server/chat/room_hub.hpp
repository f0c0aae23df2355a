// Node-local fan-out: which local sessions sit in which room, per shard, and delivery of one
// shared frame to all of them. A plain data structure plus shard posting; no sockets.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/broker/broker.hpp"

namespace ibasho {
class Shards;
class Shard;
}  // namespace ibasho

namespace ibasho::chat {

// A local session as the hub sees it. Both calls happen on the session's shard thread.
class RoomListener {
  public:
    virtual ~RoomListener() = default;
    virtual void deliver(const std::string& room, const RoomEvent& event) = 0;
    virtual void deliver_presence(const std::string& room, const SharedFrame& frame) = 0;
    // The room closed (its live state changed to closed): leave it.
    virtual void room_closed(const std::string& /*room*/) {}
};

class RoomHub {
  public:
    // `subscribe` / `unsubscribe` are called, on the shard's own thread, when a shard gains its
    // first member of a room or loses its last one; the receiver counts them (Broker does),
    // so no two shards ever have to agree on who was first.
    RoomHub(Shards& shards, std::function<void(const std::string&)> subscribe,
            std::function<void(const std::string&)> unsubscribe);

    // On the listener's shard thread. Adding twice or removing an absent one does nothing.
    void add(Shard& shard, const std::string& room, RoomListener* listener);
    void remove(Shard& shard, const std::string& room, RoomListener* listener);

    // Any thread. Posts the event to every shard with members in the room, preserving the
    // order of calls per shard.
    void deliver(const std::string& room, const RoomEvent& event);
    void deliver_presence(const std::string& room, SharedFrame frame);

    // Any thread. Tells every local member of `room`, each on its own shard, that the room
    // closed (RoomListener::room_closed).
    void close_room(const std::string& room);

    // Any thread. Runs `fn` later on the shard that owns `room`'s bookkeeping (the same shard
    // for the same room), after the work already queued there.
    void post_for_room(const std::string& room, std::function<void()> fn);

    // Rooms with at least one local member (for metrics).
    std::size_t active_rooms();

  private:
    struct ShardRooms {
        std::unordered_map<std::string, std::vector<RoomListener*>> rooms;
    };
    // Deliveries waiting for a shard, in the order they were handed to the hub. Asio does not
    // keep the order of posts from different threads against posts a shard makes to itself, so
    // the order is kept here and one drain handler at a time empties the inbox.
    struct Inbox {
        struct Item {
            std::string room;
            RoomEvent event;       // a room event, or
            SharedFrame presence;  // a presence frame when set
        };
        std::mutex mutex;
        std::vector<Item> items;
        bool scheduled = false;
    };
    std::uint64_t shards_with(const std::string& room);
    void enqueue(unsigned shard, Inbox::Item item);
    void drain(unsigned shard);

    Shards& shards_;
    std::function<void(const std::string&)> subscribe_;
    std::function<void(const std::string&)> unsubscribe_;
    std::vector<ShardRooms> per_shard_;  // each touched only on its own shard's thread
    std::vector<std::unique_ptr<Inbox>> inboxes_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::uint64_t> where_;  // room -> bitmask of shards
};

}  // namespace ibasho::chat
