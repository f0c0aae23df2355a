#include "server/chat/active_sessions.hpp"

#include "server/shards.hpp"

namespace ibasho::chat {

void ActiveSessions::claim(const std::string& token, Holder holder) {
    Holder previous;
    {
        std::lock_guard lock(mutex_);
        auto& slot = holders_[token];
        previous = std::move(slot);
        slot = std::move(holder);
    }
    if (previous.shard != nullptr && previous.supersede) {
        previous.shard->post([alive = previous.alive, fn = std::move(previous.supersede)] {
            if (auto a = alive.lock(); a && *a) {
                fn();
            }
        });
    }
}

void ActiveSessions::release(const std::string& token, const void* id) {
    std::lock_guard lock(mutex_);
    if (auto it = holders_.find(token); it != holders_.end() && it->second.id == id) {
        holders_.erase(it);
    }
}

std::size_t ActiveSessions::size() {
    std::lock_guard lock(mutex_);
    return holders_.size();
}

}  // namespace ibasho::chat
