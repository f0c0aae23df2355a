// The room scheduler each node runs once a second, with no leader: from the clock and the
// windows it derives every scheduled room's state, and acts for this node's own members.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "server/events/event.hpp"
#include "server/events/event_cleanup.hpp"
#include "server/events/room_schedule.hpp"

namespace ibasho {
class Clock;
}

namespace ibasho::chat {
class LocalSessions;
class RoomCatalog;
}  // namespace ibasho::chat

namespace ibasho::events {

struct SchedulerDeps {
    chat::RoomCatalog& catalog;
    chat::LocalSessions& local;
    Broker& broker;
    Store& store;
    Control& control;
    const Clock& clock;
    const WindowSource& windows;
};

// What one tick does, for every room the catalogue marks `scheduled`:
// - the room's schedule (open now? which window? shown?) goes into the catalogue, which is
//   what joins, the room list and `joined` read: closed outside windows, the event's capacity
//   and supporters inside one;
// - `warning` before a window's end, this node's members get closing_soon (once each);
// - when the window ends, or vanishes before its end (occurrence cancelled, event deleted:
//   members get event_cancelled first), this node's members leave with reason room_closed,
//   and the room is cleaned up (history, resolved reports, private words); the next tick
//   takes out any straggler whose join was in flight and wipes again;
// - a window that ended while this node was not watching (it was down, or just started) is
//   cleaned up unless the room's Store marker says someone did.
// Every node does all of it; each step is idempotent. tick() must be called from one thread
// at a time (a Periodic's); Store answers arrive on any thread and touch only `catch_up_`.
class RoomScheduler {
  public:
    RoomScheduler(SchedulerDeps deps, std::chrono::milliseconds warning);
    void tick();

  private:
    struct Tracked {
        std::optional<RoomWindow> open;  // the occurrence this node saw open
        bool warned = false;
        bool sweep_again = false;  // closed last tick: take out stragglers and wipe once more
    };
    void close_locally(const std::string& room, bool cancelled);
    void warn_locally(const std::string& room, const RoomWindow& window);
    void catch_up(const RoomWindow& ended, std::int64_t now_ms);

    SchedulerDeps deps_;
    std::chrono::milliseconds warning_;
    std::unordered_map<std::string, Tracked> tracked_;
    // Occurrences this node cleaned or found cleaned: key -> its end, pruned past the horizon.
    struct Done {
        std::mutex mutex;
        std::unordered_map<std::string, std::int64_t> ends;  // room|occurrence -> ends_ms
        std::unordered_set<std::string> in_flight;
    };
    std::shared_ptr<Done> done_ = std::make_shared<Done>();
};

}  // namespace ibasho::events
