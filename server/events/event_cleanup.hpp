// The clean-up after a scheduled room's occurrence ends (or is cancelled): the room's history,
// its resolved reports and its private words go, on every node, idempotently, with no leader.
#pragma once

#include <chrono>
#include <functional>

#include "server/events/event.hpp"

namespace ibasho {
class Broker;
class Control;
class Store;
}  // namespace ibasho

namespace ibasho::events {

// A small marker per room naming the last occurrence cleaned (body {"event","starts_ms"}), so
// that a node that was down when the window ended knows, when it returns, whether anyone
// cleaned up; it expires after the catch-up horizon has long passed.
inline constexpr const char* schedule_cleaned_kind = "schedule_cleaned";
inline constexpr std::chrono::hours schedule_cleaned_ttl{24 * 8};

struct CleanupDeps {
    Broker& broker;
    Store& store;
    Control& control;
};

// Wipes `window.room`'s history (Broker::wipe), removes its reports that are no longer open
// (resolving removes a report already; this catches any left behind), ends every private word
// asked in the room (both sides get private_ended with "by":"room_closed"; staff queues drop
// a waiting one) and writes the marker. Any node may run it at any time, several at once:
// each step is a removal. `done` (may be null) runs on any thread when the Store has answered.
void clean_up_occurrence(CleanupDeps deps, const RoomWindow& window,
                         std::function<void()> done = nullptr);

enum class CatchUp { cleaned, already, unavailable };

// The catch-up: cleans up unless the room's marker names this occurrence (or a later one).
// `done` (may be null, any thread) says what happened; `unavailable`: the Store did not answer.
void clean_up_if_missed(CleanupDeps deps, const RoomWindow& window,
                        std::function<void(CatchUp)> done = nullptr);

}  // namespace ibasho::events
