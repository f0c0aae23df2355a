#include "server/chat/local_sessions.hpp"

#include "server/shards.hpp"

namespace ibasho::chat {

void LocalSessions::add(ClientSession* session, Shard& shard, std::weak_ptr<bool> alive,
                        std::string address) {
    std::lock_guard lock(mutex_);
    Entry& e = entries_[session];
    e.shard = &shard;
    e.alive = std::move(alive);
    if (!e.address.empty()) {
        by_address_.erase(e.address);
    }
    e.address = std::move(address);
    by_address_[e.address] = session;
}

void LocalSessions::remove(ClientSession* session) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(session);
    if (it == entries_.end()) {
        return;
    }
    for (const auto& [room, seat] : it->second.seats) {
        auto m = by_member_.find({room, seat.first});
        if (m != by_member_.end() && m->second == session) {
            by_member_.erase(m);
        }
    }
    auto a = by_address_.find(it->second.address);
    if (a != by_address_.end() && a->second == session) {
        by_address_.erase(a);
    }
    entries_.erase(it);
}

void LocalSessions::set_staff(ClientSession* session, std::string staff_id, moderation::Role role) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(session);
    if (it != entries_.end()) {
        it->second.staff_id = std::move(staff_id);
        it->second.role = role;
    }
}

void LocalSessions::seat(ClientSession* session, const std::string& room, const std::string& member,
                         bool as_staff) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(session);
    if (it == entries_.end()) {
        return;
    }
    it->second.seats[room] = {member, as_staff};
    by_member_[{room, member}] = session;
}

void LocalSessions::unseat(ClientSession* session, const std::string& room) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(session);
    if (it == entries_.end()) {
        return;
    }
    auto seat = it->second.seats.find(room);
    if (seat == it->second.seats.end()) {
        return;
    }
    auto m = by_member_.find({room, seat->second.first});
    if (m != by_member_.end() && m->second == session) {
        by_member_.erase(m);
    }
    it->second.seats.erase(seat);
}

std::size_t LocalSessions::post_all(std::vector<std::pair<ClientSession*, Entry*>> targets,
                                    const Visit& fn) {
    // Called with the lock held: only copies leave it, and the posted work re-checks `alive`.
    for (auto& [session, entry] : targets) {
        entry->shard->post([session = session, alive = entry->alive, fn] {
            if (auto a = alive.lock(); a && *a) {
                fn(*session);
            }
        });
    }
    return targets.size();
}

std::size_t LocalSessions::for_member(const std::string& room, const std::string& member,
                                      Visit fn) {
    std::lock_guard lock(mutex_);
    auto m = by_member_.find({room, member});
    if (m == by_member_.end()) {
        return 0;
    }
    return post_all({{m->second, &entries_.at(m->second)}}, fn);
}

std::size_t LocalSessions::for_address(const std::string& address, Visit fn) {
    std::lock_guard lock(mutex_);
    auto a = by_address_.find(address);
    if (a == by_address_.end()) {
        return 0;
    }
    return post_all({{a->second, &entries_.at(a->second)}}, fn);
}

std::size_t LocalSessions::for_staff_in_room(const std::string& room, Visit fn) {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<ClientSession*, Entry*>> targets;
    for (auto& [session, e] : entries_) {
        auto seat = e.seats.find(room);
        if (seat != e.seats.end() && seat->second.second) {
            targets.emplace_back(session, &e);
        }
    }
    return post_all(std::move(targets), fn);
}

std::size_t LocalSessions::for_room(const std::string& room, Visit fn) {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<ClientSession*, Entry*>> targets;
    for (auto& [session, e] : entries_) {
        if (e.seats.contains(room)) {
            targets.emplace_back(session, &e);
        }
    }
    return post_all(std::move(targets), fn);
}

std::size_t LocalSessions::for_organisers(Visit fn) {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<ClientSession*, Entry*>> targets;
    for (auto& [session, e] : entries_) {
        if (e.role == moderation::Role::organiser || e.role == moderation::Role::operator_) {
            targets.emplace_back(session, &e);
        }
    }
    return post_all(std::move(targets), fn);
}

std::size_t LocalSessions::for_staff_id(const std::string& staff_id, Visit fn) {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<ClientSession*, Entry*>> targets;
    if (staff_id.empty()) {
        return 0;
    }
    for (auto& [session, e] : entries_) {
        if (e.staff_id == staff_id) {
            targets.emplace_back(session, &e);
        }
    }
    return post_all(std::move(targets), fn);
}

bool LocalSessions::staff_seated(const std::string& room) {
    std::lock_guard lock(mutex_);
    for (auto& [session, e] : entries_) {
        auto seat = e.seats.find(room);
        if (seat != e.seats.end() && seat->second.second) {
            return true;
        }
    }
    return false;
}

std::size_t LocalSessions::size() {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace ibasho::chat
