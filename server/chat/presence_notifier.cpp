#include "server/chat/presence_notifier.hpp"

#include <memory>
#include <mutex>
#include <unordered_map>

#include "protocol/encode.hpp"

namespace ibasho::chat {

bool named(const Member& m) {
    return m.spoke || !m.badge.empty();
}

protocol::PresenceUpdate presence_view(const std::string& room, const std::vector<Member>& members,
                                       const RoomConfig* config) {
    protocol::PresenceUpdate p;
    p.room = room;
    for (const auto& m : members) {
        ++p.count;
        p.listening += m.listening ? 1 : 0;
        p.staff += m.badge.empty() ? 0 : 1;
        p.quiet += named(m) ? 0 : 1;
    }
    if (config != nullptr && config->presence == PresenceMode::names) {
        p.members.emplace();
        for (const auto& m : members) {
            if (named(m)) {
                p.members->push_back({m.member, m.nick, m.listening, m.badge});
            }
        }
    }
    return p;
}

namespace {

// Merges presence changes: a room has at most one look-up waiting or running, and changes that
// arrive meanwhile are covered by one more look-up after it. When the node is quiet a change
// goes out at once; when 50 people join a room in one burst the room sees a handful of presence
// frames instead of one per join (which cost n²/2 frames to fill a room of n).
class PresenceCoalescer : public std::enable_shared_from_this<PresenceCoalescer> {
  public:
    PresenceCoalescer(Presence& presence, RoomCatalog& catalog, RoomHub& hub)
        : presence_(presence), catalog_(catalog), hub_(hub) {}

    void changed(const std::string& room) {
        {
            std::lock_guard lock(mutex_);
            auto [it, first] = pending_.try_emplace(room, false);
            if (!first) {
                it->second = true;  // a look-up is already coming; it must run once more
                return;
            }
        }
        schedule(room);
    }

  private:
    void schedule(const std::string& room) {
        // Posted, not run here: joins already queued on that shard are merged into this look-up.
        hub_.post_for_room(room, [self = shared_from_this(), room] { self->look_up(room); });
    }

    void look_up(const std::string& room) {
        {
            // Changes from now on are seen by this look-up.
            std::lock_guard lock(mutex_);
            pending_[room] = false;
        }
        presence_.members(
            room, [self = shared_from_this(), room](Fault f, std::vector<Member> list) {
                if (f == Fault::none) {
                    auto rooms = self->catalog_.snapshot();
                    self->hub_.deliver_presence(
                        room,
                        make_frame(protocol::encode(presence_view(room, list, rooms->find(room)))));
                }
                bool again = false;
                {
                    std::lock_guard lock(self->mutex_);
                    auto it = self->pending_.find(room);
                    if (it != self->pending_.end()) {
                        again = it->second;
                        if (!again) {
                            self->pending_.erase(it);
                        }
                    }
                }
                if (again) {
                    self->schedule(room);
                }
            });
    }

    Presence& presence_;
    RoomCatalog& catalog_;
    RoomHub& hub_;
    std::mutex mutex_;
    // Rooms with a look-up waiting or running -> whether a change arrived since it started.
    std::unordered_map<std::string, bool> pending_;
};

}  // namespace

void connect_presence_notifications(Presence& presence, RoomCatalog& catalog, RoomHub& hub) {
    auto coalescer = std::make_shared<PresenceCoalescer>(presence, catalog, hub);
    presence.set_change_sink([coalescer](const std::string& room) { coalescer->changed(room); });
}

}  // namespace ibasho::chat
