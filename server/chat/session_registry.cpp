#include "server/chat/session_registry.hpp"

#include <algorithm>

#include "server/random_token.hpp"

namespace ibasho::chat {

const Seat* SessionRecord::find(const std::string& room) const {
    auto it =
        std::find_if(seats.begin(), seats.end(), [&](const Seat& s) { return s.room == room; });
    return it == seats.end() ? nullptr : &*it;
}

MemorySessionRegistry::MemorySessionRegistry(const Clock& clock, std::chrono::seconds ttl)
    : clock_(clock), ttl_(ttl) {}

void MemorySessionRegistry::sweep(std::chrono::steady_clock::time_point now) {
    if (now < next_sweep_) {
        return;
    }
    next_sweep_ = now + std::chrono::seconds(30);
    std::erase_if(sessions_, [&](const auto& kv) { return kv.second.expires <= now; });
}

void MemorySessionRegistry::create(Done done) {
    SessionRecord rec;
    rec.token = new_session_token();
    {
        std::lock_guard lock(mutex_);
        const auto now = clock_.now();
        sweep(now);
        sessions_[rec.token] = Entry{rec, now + ttl_};
    }
    done(Fault::none, std::move(rec));
}

void MemorySessionRegistry::resume(const std::string& token, Done done) {
    std::optional<SessionRecord> found;
    {
        std::lock_guard lock(mutex_);
        const auto now = clock_.now();
        sweep(now);
        if (auto it = sessions_.find(token); it != sessions_.end() && it->second.expires > now) {
            it->second.expires = now + ttl_;
            found = it->second.record;
        }
    }
    done(Fault::none, std::move(found));
}

void MemorySessionRegistry::save(const SessionRecord& record) {
    std::lock_guard lock(mutex_);
    sessions_[record.token] = Entry{record, clock_.now() + ttl_};
}

void MemorySessionRegistry::remove(const std::string& token, std::function<void(Fault)> done) {
    {
        std::lock_guard lock(mutex_);
        sessions_.erase(token);
    }
    if (done) {
        done(Fault::none);
    }
}

std::size_t MemorySessionRegistry::size() {
    std::lock_guard lock(mutex_);
    sweep(clock_.now());
    return sessions_.size();
}

}  // namespace ibasho::chat
