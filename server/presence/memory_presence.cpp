#include "server/presence/memory_presence.hpp"

#include <set>

#include "moderation/nickname_suggestions.hpp"

namespace ibasho {

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
                          NickClash clash, JoinDone done) {
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
            std::set<std::string> taken;
            for (const auto& [id, m] : members) {
                taken.insert(m.nick);
            }
            if (taken.contains(want.nick)) {
                for (auto& alt : moderation::nickname_alternatives(want.nick)) {
                    if (!taken.contains(alt)) {
                        result.free_nicks.push_back(std::move(alt));
                    }
                }
                if (clash == NickClash::take_alternative && !result.free_nicks.empty()) {
                    want.nick = result.free_nicks.front();
                    result.free_nicks.clear();
                } else {
                    result.outcome = JoinOutcome::nick_taken;
                    if (result.free_nicks.size() > offered_nicks) {
                        result.free_nicks.resize(offered_nicks);
                    }
                }
            }
            if (result.outcome == JoinOutcome::joined) {
                members.emplace(want.member, want);
                result.member = want;
            }
        }
    }
    if (result.outcome == JoinOutcome::joined || result.outcome == JoinOutcome::already_present) {
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
