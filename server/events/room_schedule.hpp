// What a scheduled room's events mean for it now: the window open at this instant or the next
// one, derived from the clock and the windows alone, so every node comes to the same answer.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/events/event.hpp"

namespace ibasho::events {

// Members are told this long before the end (the spec's 5 minutes; --schedule-warning-s).
inline constexpr std::chrono::seconds default_closing_warning{300};
// The room list and `joined` show an event this long before it opens (a calm countdown).
inline constexpr std::int64_t shown_before_ms = 24LL * 3600 * 1000;
// How far ahead the scheduler reads windows (a closed room's refusal says when it opens).
inline constexpr std::int64_t lookahead_ms = 7LL * 24 * 3600 * 1000;
// How far back: a node that was down when a window ended cleans the room up when it returns.
inline constexpr std::int64_t catch_up_ms = 24LL * 3600 * 1000;

struct RoomSchedule {
    // The window open now, else the next one to open within the lookahead.
    std::optional<RoomWindow> window;
    bool open = false;   // now is within window->opens_ms .. ends_ms
    bool shown = false;  // open, or opening within shown_before_ms: the countdown is shown

    bool operator==(const RoomSchedule& other) const;
};

// The `event` field of the room list and `joined`: set while the countdown is shown.
std::optional<protocol::EventWindowInfo> shown_event(const RoomSchedule& schedule);

// One occurrence's identity: the event and the occurrence's start (its end may be edited).
std::string occurrence_key(const RoomWindow& window);

// `windows` are the room's own (any order); windows that have ended are ignored.
RoomSchedule derive_schedule(const std::vector<RoomWindow>& windows, std::int64_t now_ms);

// The latest window of `windows` that has ended by now_ms, if any.
std::optional<RoomWindow> last_ended(const std::vector<RoomWindow>& windows, std::int64_t now_ms);

}  // namespace ibasho::events
