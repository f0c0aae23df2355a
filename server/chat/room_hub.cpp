#include "server/chat/room_hub.hpp"

#include <algorithm>
#include <bit>

#include "server/shards.hpp"

namespace ibasho::chat {

RoomHub::RoomHub(Shards& shards, std::function<void(const std::string&)> subscribe,
                 std::function<void(const std::string&)> unsubscribe)
    : shards_(shards),
      subscribe_(std::move(subscribe)),
      unsubscribe_(std::move(unsubscribe)),
      per_shard_(shards.size()) {
    for (std::size_t i = 0; i < shards.size(); ++i) {
        inboxes_.push_back(std::make_unique<Inbox>());
    }
}

void RoomHub::add(Shard& shard, const std::string& room, RoomListener* listener) {
    auto& list = per_shard_[shard.index()].rooms[room];
    if (std::find(list.begin(), list.end(), listener) != list.end()) {
        return;
    }
    list.push_back(listener);
    if (list.size() == 1) {
        {
            std::lock_guard lock(mutex_);
            where_[room] |= std::uint64_t{1} << shard.index();
        }
        // Per shard, not per node: deciding "first on the node" here and subscribing after
        // the lock let two shards invert subscribe and unsubscribe.
        if (subscribe_) {
            subscribe_(room);
        }
    }
}

void RoomHub::remove(Shard& shard, const std::string& room, RoomListener* listener) {
    auto& rooms = per_shard_[shard.index()].rooms;
    auto it = rooms.find(room);
    if (it == rooms.end()) {
        return;
    }
    auto& list = it->second;
    auto pos = std::find(list.begin(), list.end(), listener);
    if (pos == list.end()) {
        return;
    }
    // Order within a room does not matter; swap-and-pop keeps removal O(1).
    *pos = list.back();
    list.pop_back();
    if (!list.empty()) {
        return;
    }
    rooms.erase(it);
    {
        std::lock_guard lock(mutex_);
        auto w = where_.find(room);
        if (w != where_.end()) {
            w->second &= ~(std::uint64_t{1} << shard.index());
            if (w->second == 0) {
                where_.erase(w);
            }
        }
    }
    if (unsubscribe_) {
        unsubscribe_(room);
    }
}

std::uint64_t RoomHub::shards_with(const std::string& room) {
    std::lock_guard lock(mutex_);
    auto it = where_.find(room);
    return it == where_.end() ? 0 : it->second;
}

void RoomHub::deliver(const std::string& room, const RoomEvent& event) {
    for (std::uint64_t mask = shards_with(room); mask != 0; mask &= mask - 1) {
        enqueue(static_cast<unsigned>(std::countr_zero(mask)), Inbox::Item{room, event, nullptr});
    }
}

void RoomHub::deliver_presence(const std::string& room, SharedFrame frame) {
    for (std::uint64_t mask = shards_with(room); mask != 0; mask &= mask - 1) {
        enqueue(static_cast<unsigned>(std::countr_zero(mask)), Inbox::Item{room, {}, frame});
    }
}

void RoomHub::enqueue(unsigned shard, Inbox::Item item) {
    Inbox& inbox = *inboxes_[shard];
    bool schedule = false;
    {
        std::lock_guard lock(inbox.mutex);
        inbox.items.push_back(std::move(item));
        schedule = !inbox.scheduled;
        inbox.scheduled = true;
    }
    if (schedule) {
        shards_.at(shard).post([this, shard] { drain(shard); });
    }
}

void RoomHub::drain(unsigned shard) {
    std::vector<Inbox::Item> items;
    {
        Inbox& inbox = *inboxes_[shard];
        std::lock_guard lock(inbox.mutex);
        items.swap(inbox.items);
        inbox.scheduled = false;
    }
    auto& rooms = per_shard_[shard].rooms;
    for (const auto& item : items) {
        auto it = rooms.find(item.room);
        if (it == rooms.end()) {
            continue;
        }
        // No copy of the list: a delivery may start closing a slow consumer, but the session
        // leaves the room only in a later handler, never inside this loop.
        const auto& listeners = it->second;
        for (std::size_t i = 0; i < listeners.size(); ++i) {
            if (item.presence) {
                listeners[i]->deliver_presence(item.room, item.presence);
            } else {
                listeners[i]->deliver(item.room, item.event);
            }
        }
    }
}

void RoomHub::close_room(const std::string& room) {
    for (std::uint64_t mask = shards_with(room); mask != 0; mask &= mask - 1) {
        const auto shard = static_cast<unsigned>(std::countr_zero(mask));
        shards_.at(shard).post([this, shard, room] {
            auto it = per_shard_[shard].rooms.find(room);
            if (it == per_shard_[shard].rooms.end()) {
                return;
            }
            // A copy: each listener leaves the room, which edits the list.
            const std::vector<RoomListener*> listeners = it->second;
            for (RoomListener* l : listeners) {
                l->room_closed(room);
            }
        });
    }
}

void RoomHub::post_for_room(const std::string& room, std::function<void()> fn) {
    shards_.at(std::hash<std::string>{}(room) % shards_.size()).post(std::move(fn));
}

std::size_t RoomHub::active_rooms() {
    std::lock_guard lock(mutex_);
    return where_.size();
}

}  // namespace ibasho::chat
