#include "server/chat/active_sessions.hpp"

#include "server/control/control.hpp"
#include "server/shards.hpp"

namespace ibasho::chat {
namespace {

void retire(ActiveSessions::Holder& h) {
    if (h.shard != nullptr && h.supersede) {
        h.shard->post([alive = h.alive, fn = std::move(h.supersede)] {
            if (auto a = alive.lock(); a && *a) {
                fn();
            }
        });
    }
}

}  // namespace

void ActiveSessions::claim(const std::string& token, Holder holder) {
    Holder previous;
    {
        std::lock_guard lock(mutex_);
        auto& slot = holders_[session_address(token)];
        previous = std::move(slot);
        slot = std::move(holder);
    }
    retire(previous);
}

void ActiveSessions::release(const std::string& token, const void* id) {
    std::lock_guard lock(mutex_);
    if (auto it = holders_.find(session_address(token));
        it != holders_.end() && it->second.id == id) {
        holders_.erase(it);
    }
}

void ActiveSessions::supersede_remote(const std::string& address, const std::string& except) {
    Holder previous;
    {
        std::lock_guard lock(mutex_);
        auto it = holders_.find(address);
        if (it == holders_.end() || it->second.mark == except) {
            return;
        }
        previous = std::move(it->second);
        holders_.erase(it);
    }
    retire(previous);
}

std::size_t ActiveSessions::size() {
    std::lock_guard lock(mutex_);
    return holders_.size();
}

}  // namespace ibasho::chat
