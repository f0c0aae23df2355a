// The node's directory of its live client sessions, for commands that reach a person rather
// than a room: a member of a room, a session (by its address), the staff seated in a room.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "moderation/policy.hpp"

namespace ibasho {
class Shard;
}

namespace ibasho::chat {

class ClientSession;

// Every lookup runs `fn` later, on the session's own shard thread, and only if the session is
// still open then; so a lookup may be made from any thread (a Control handler on the Redis
// loop) and `fn` may use the session freely. Entries are kept in step by ClientSession (on
// welcome, on close, on a role change) and by Memberships (a seat taken or given up), the one
// way in and out of a room.
class LocalSessions {
  public:
    using Visit = std::function<void(ClientSession&)>;

    // A session that has been welcomed. `address` is session_address(token).
    void add(ClientSession* session, Shard& shard, std::weak_ptr<bool> alive, std::string address);
    void remove(ClientSession* session);
    // Staff id and role after sign-in (empty id, participant: no longer staff).
    void set_staff(ClientSession* session, std::string staff_id, moderation::Role role);
    // The session holds a seat as `member` in `room` / no longer does.
    void seat(ClientSession* session, const std::string& room, const std::string& member,
              bool as_staff);
    void unseat(ClientSession* session, const std::string& room);

    // Returns how many sessions `fn` was posted to (0: nobody here).
    std::size_t for_member(const std::string& room, const std::string& member, Visit fn);
    std::size_t for_address(const std::string& address, Visit fn);
    // Sessions seated in `room` as its staff.
    std::size_t for_staff_in_room(const std::string& room, Visit fn);
    // Every session seated in `room`, staff or not (a scheduled room's warning and close).
    std::size_t for_room(const std::string& room, Visit fn);
    // Every organiser signed in on this node, seated anywhere or not.
    std::size_t for_organisers(Visit fn);
    // Every session of this staff member (all their phones).
    std::size_t for_staff_id(const std::string& staff_id, Visit fn);

    // Whether some session here sits in `room` as staff (for supporter-present rooms).
    bool staff_seated(const std::string& room);
    std::size_t size();

  private:
    struct Entry {
        Shard* shard = nullptr;
        std::weak_ptr<bool> alive;
        std::string address;
        std::string staff_id;
        moderation::Role role = moderation::Role::participant;
        std::unordered_map<std::string, std::pair<std::string, bool>> seats;  // room -> member
    };
    using Key = std::pair<std::string, std::string>;
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            return std::hash<std::string>{}(k.first) * 31 + std::hash<std::string>{}(k.second);
        }
    };

    std::size_t post_all(std::vector<std::pair<ClientSession*, Entry*>> targets, const Visit& fn);

    std::mutex mutex_;
    std::unordered_map<ClientSession*, Entry> entries_;
    std::unordered_map<Key, ClientSession*, KeyHash> by_member_;  // (room, member)
    std::unordered_map<std::string, ClientSession*> by_address_;
};

}  // namespace ibasho::chat
