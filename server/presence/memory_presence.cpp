#include "server/presence/memory_presence.hpp"

#include "moderation/nickname.hpp"
#include "server/random_token.hpp"

namespace ibasho {

MemoryPresence::MemoryPresence(std::function<std::string()> suffix) : suffix_(std::move(suffix)) {
    if (!suffix_) {
        suffix_ = [] { return random_base64url(3).substr(0, 3); };
    }
}

void MemoryPresence::set_change_sink(ChangeSink sink) {
    std::lock_guard lock(mutex_);
    sink_ = std::move(sink);
}

void MemoryPresence::changed(const std::string& room) {
    ChangeSink sink;
    {
        std::lock_guard lock(mutex_);
        sink = sink_;
    }
    if (sink) {
        sink(room);
    }
}

void MemoryPresence::join(const std::string& room, Member want, std::uint32_t capacity,
                          JoinDone done) {
    JoinResult result;
    {
        std::lock_guard lock(mutex_);
        auto& members = rooms_[room];
        if (auto it = members.find(want.member); it != members.end()) {
            it->second.listening = want.listening;
            it->second.holder = want.holder;
            it->second.badge = want.badge;
            it->second.spoke = it->second.spoke || want.spoke;
            result.outcome = JoinOutcome::already_present;
            result.member = it->second;
        } else if (members.size() >= capacity) {
            result.outcome = JoinOutcome::full;
        } else {
            auto taken = [&](const std::string& nick) {
                for (const auto& [id, m] : members) {
                    if (m.nick == nick)
                        return true;
                }
                return false;
            };
            std::string nick = want.nick;
            for (int attempt = 0; taken(nick) && attempt < 16; ++attempt) {
                nick = moderation::with_suffix(want.nick, suffix_());
            }
            want.nick = nick;
            members.emplace(want.member, want);
            result.member = want;
        }
    }
    if (result.outcome != JoinOutcome::full) {
        changed(room);
    }
    done(Fault::none, std::move(result));
}

void MemoryPresence::leave(const std::string& room, const std::string& member,
                           const std::string& holder, Done done) {
    bool removed = false;
    {
        std::lock_guard lock(mutex_);
        if (auto it = rooms_.find(room); it != rooms_.end()) {
            auto m = it->second.find(member);
            if (m != it->second.end() && (holder.empty() || m->second.holder == holder)) {
                it->second.erase(m);
                removed = true;
            }
            if (it->second.empty()) {
                rooms_.erase(it);
            }
        }
    }
    if (removed) {
        changed(room);
    }
    if (done)
        done(Fault::none);
}

void MemoryPresence::set_listening(const std::string& room, const std::string& member,
                                   bool listening, Done done) {
    bool changed_any = false;
    {
        std::lock_guard lock(mutex_);
        if (auto it = rooms_.find(room); it != rooms_.end()) {
            if (auto m = it->second.find(member); m != it->second.end()) {
                changed_any = m->second.listening != listening;
                m->second.listening = listening;
            }
        }
    }
    if (changed_any) {
        changed(room);
    }
    if (done)
        done(Fault::none);
}

void MemoryPresence::mark_spoke(const std::string& room, const std::string& member, Done done) {
    bool marked = false;
    {
        std::lock_guard lock(mutex_);
        if (auto it = rooms_.find(room); it != rooms_.end()) {
            if (auto m = it->second.find(member); m != it->second.end() && !m->second.spoke) {
                m->second.spoke = true;
                marked = true;
            }
        }
    }
    if (marked) {
        changed(room);
    }
    if (done)
        done(Fault::none);
}

void MemoryPresence::members(const std::string& room, ListDone done) {
    std::vector<Member> out;
    {
        std::lock_guard lock(mutex_);
        if (auto it = rooms_.find(room); it != rooms_.end()) {
            for (const auto& [id, m] : it->second) {
                out.push_back(m);
            }
        }
    }
    done(Fault::none, std::move(out));
}

void MemoryPresence::counts(const std::vector<std::string>& rooms, CountsDone done) {
    std::vector<RoomCounts> out;
    out.reserve(rooms.size());
    {
        std::lock_guard lock(mutex_);
        for (const auto& r : rooms) {
            RoomCounts c;
            if (auto it = rooms_.find(r); it != rooms_.end()) {
                for (const auto& [id, m] : it->second) {
                    ++c.count;
                    c.listening += m.listening ? 1 : 0;
                    c.staff += m.badge.empty() ? 0 : 1;
                }
            }
            out.push_back(c);
        }
    }
    done(Fault::none, std::move(out));
}

}  // namespace ibasho
