#include "server/events/room_schedule.hpp"

namespace ibasho::events {

namespace {

bool same_window(const RoomWindow& a, const RoomWindow& b) {
    return a.room == b.room && a.event_id == b.event_id && a.side == b.side &&
           a.pair_room == b.pair_room && a.opens_ms == b.opens_ms && a.starts_ms == b.starts_ms &&
           a.ends_ms == b.ends_ms && a.capacity == b.capacity && a.supporters == b.supporters;
}

}  // namespace

bool RoomSchedule::operator==(const RoomSchedule& other) const {
    if (open != other.open || shown != other.shown ||
        window.has_value() != other.window.has_value()) {
        return false;
    }
    return !window || same_window(*window, *other.window);
}

std::optional<protocol::EventWindowInfo> shown_event(const RoomSchedule& schedule) {
    if (!schedule.shown || !schedule.window) {
        return std::nullopt;
    }
    const RoomWindow& w = *schedule.window;
    return protocol::EventWindowInfo{w.event_id, w.opens_ms, w.starts_ms, w.ends_ms};
}

std::string occurrence_key(const RoomWindow& window) {
    return window.event_id + "@" + std::to_string(window.starts_ms);
}

RoomSchedule derive_schedule(const std::vector<RoomWindow>& windows, std::int64_t now_ms) {
    RoomSchedule out;
    const RoomWindow* next = nullptr;
    for (const RoomWindow& w : windows) {
        if (w.ends_ms <= now_ms) {
            continue;
        }
        if (w.opens_ms <= now_ms) {
            // Overlapping windows in one room are refused when events are written; should two
            // meet anyway, the one that ends first is the one in progress.
            if (!out.open || w.ends_ms < out.window->ends_ms) {
                out.window = w;
                out.open = true;
            }
            continue;
        }
        if (next == nullptr || w.opens_ms < next->opens_ms) {
            next = &w;
        }
    }
    if (!out.open && next != nullptr && next->opens_ms - now_ms <= lookahead_ms) {
        out.window = *next;
    }
    out.shown = out.open || (out.window && out.window->opens_ms - now_ms <= shown_before_ms);
    return out;
}

std::optional<RoomWindow> last_ended(const std::vector<RoomWindow>& windows, std::int64_t now_ms) {
    std::optional<RoomWindow> out;
    for (const RoomWindow& w : windows) {
        if (w.ends_ms <= now_ms && (!out || w.ends_ms > out->ends_ms)) {
            out = w;
        }
    }
    return out;
}

}  // namespace ibasho::events
