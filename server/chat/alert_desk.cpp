#include "server/chat/alert_desk.hpp"

namespace ibasho::chat {

bool AlertDesk::claim_window(const std::string& kind, const std::string& room,
                             const std::string& member, std::int64_t now_ms) {
    std::string key;
    key.reserve(kind.size() + room.size() + member.size() + 2);
    key.append(kind).append(1, '\n').append(room).append(1, '\n').append(member);
    std::lock_guard lock(mutex_);
    auto [it, inserted] = windows_.try_emplace(std::move(key), now_ms);
    if (!inserted) {
        if (now_ms - it->second < window_ms) {
            return false;
        }
        it->second = now_ms;
    }
    return true;
}

void AlertDesk::remember(AlertRecord record) {
    std::lock_guard lock(mutex_);
    if (alerts_.size() >= alerts_max && alerts_.find(record.id) == alerts_.end()) {
        // A storm beyond any real room: forget the oldest rather than grow without bound.
        auto oldest = alerts_.begin();
        for (auto it = alerts_.begin(); it != alerts_.end(); ++it) {
            if (it->second.raised_ms < oldest->second.raised_ms) {
                oldest = it;
            }
        }
        alerts_.erase(oldest);
    }
    auto [it, inserted] = alerts_.try_emplace(record.id, record);
    if (!inserted) {
        const bool answered = it->second.answered;
        const bool ours = it->second.ours;
        it->second = std::move(record);
        it->second.answered = it->second.answered || answered;
        it->second.ours = it->second.ours || ours;
    }
}

std::optional<AlertRecord> AlertDesk::find(const std::string& id) const {
    std::lock_guard lock(mutex_);
    const auto it = alerts_.find(id);
    if (it == alerts_.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::optional<AlertRecord> AlertDesk::answer(const std::string& id) {
    std::lock_guard lock(mutex_);
    const auto it = alerts_.find(id);
    if (it == alerts_.end() || it->second.answered) {
        return std::nullopt;
    }
    AlertRecord before = it->second;
    it->second.answered = true;
    return before;
}

void AlertDesk::reopen(const std::string& id) {
    std::lock_guard lock(mutex_);
    if (const auto it = alerts_.find(id); it != alerts_.end()) {
        it->second.answered = false;
    }
}

std::vector<AlertRecord> AlertDesk::take_due(std::int64_t now_ms) {
    std::vector<AlertRecord> due;
    std::lock_guard lock(mutex_);
    for (auto& [id, a] : alerts_) {
        if (a.ours && !a.answered && !a.escalated && now_ms - a.raised_ms >= escalate_after_ms) {
            a.escalated = true;
            due.push_back(a);
        }
    }
    return due;
}

void AlertDesk::prune(std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    std::erase_if(alerts_,
                  [now_ms](const auto& kv) { return now_ms - kv.second.raised_ms >= keep_ms; });
    std::erase_if(windows_, [now_ms](const auto& kv) { return now_ms - kv.second >= window_ms; });
}

void AlertDesk::queue(QueuedCommand command) {
    std::lock_guard lock(mutex_);
    if (outbox_.size() >= outbox_max) {
        outbox_.pop_front();
        ++dropped_;
    }
    outbox_.push_back(std::move(command));
}

std::vector<QueuedCommand> AlertDesk::take_ready(std::int64_t now_ms, std::size_t& expired) {
    std::lock_guard lock(mutex_);
    expired = dropped_;
    dropped_ = 0;
    std::vector<QueuedCommand> ready;
    for (auto& c : outbox_) {
        if (now_ms - c.raised_ms > late_limit_ms) {
            ++expired;
        } else {
            ready.push_back(std::move(c));
        }
    }
    outbox_.clear();
    return ready;
}

std::size_t AlertDesk::queued() const {
    std::lock_guard lock(mutex_);
    return outbox_.size();
}

void AlertDesk::repeat(QueuedCommand command, std::int64_t until_ms) {
    std::lock_guard lock(mutex_);
    if (repeats_.size() >= outbox_max) {
        repeats_.pop_front();  // only a repeat is lost: the command itself went out
    }
    repeats_.emplace_back(until_ms, std::move(command));
}

std::vector<QueuedCommand> AlertDesk::repeats_due(std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    std::erase_if(repeats_, [now_ms](const auto& r) { return now_ms >= r.first; });
    std::vector<QueuedCommand> due;
    due.reserve(repeats_.size());
    for (const auto& r : repeats_) {
        due.push_back(r.second);
    }
    return due;
}

}  // namespace ibasho::chat
