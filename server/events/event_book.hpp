// Every organisation's events on this node, read from the Store (kind "event", and "org" for
// names) at start and again on every change from any node, swapped whole: readers get an
// immutable snapshot.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string_view>
#include <vector>

#include "server/events/event.hpp"

namespace ibasho {
class Store;
}

namespace ibasho::events {

// One reading of every event, sorted by id, and the organisations' names (kind "org") the
// public schedule shows with them.
struct EventSet {
    std::vector<Event> events;
    std::map<std::string, protocol::LocalizedText, std::less<>> org_names;  // by org id
    // nullptr when there is no such event.
    const Event* find(std::string_view id) const;
};

class EventBook final : public WindowSource {
  public:
    // `store` must outlive the book's use; nothing is read until start().
    explicit EventBook(Store& store);
    ~EventBook() override;
    EventBook(const EventBook&) = delete;
    EventBook& operator=(const EventBook&) = delete;

    // Reads every event now and again whenever an event or an organisation changes on any
    // node (a Store watch; a resync re-reads everything). Call once.
    void start();
    // Reads every event again (e.g. once Redis answers after a start with it down). While the
    // Store is unavailable the last good reading stays. Reads asked for while one is running
    // are folded into one more read after it.
    void reload();

    // The current reading (empty before the first one answers). Any thread; cheap.
    std::shared_ptr<const EventSet> snapshot() const;
    // Runs after each new snapshot is installed, on whichever thread the Store answered. Add
    // before start(); each must be quick and must not call reload().
    void on_update(std::function<void()> fn);
    // How many readings have been installed (0 before the first): lets tests wait for one.
    std::uint64_t generation() const;

    // Every window of a live occurrence whose [opens_ms, ends_ms] meets [from_ms, to_ms],
    // across every organisation, ordered by opens_ms then room. For a paired event, one window
    // per room, each naming the other as pair_room.
    std::vector<RoomWindow> windows_between(std::int64_t from_ms,
                                            std::int64_t to_ms) const override;

  private:
    struct State;
    std::shared_ptr<State> state_;
};

// The windows of one event (the same rules as EventBook::windows_between).
std::vector<RoomWindow> event_windows(const Event& event, std::int64_t from_ms, std::int64_t to_ms);

}  // namespace ibasho::events
