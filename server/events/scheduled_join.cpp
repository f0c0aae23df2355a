#include "server/events/scheduled_join.hpp"

#include <algorithm>
#include <limits>

#include "protocol/encode_staff_notices.hpp"
#include "protocol/utc_time.hpp"
#include "server/chat/client_session.hpp"
#include "server/events/room_schedule.hpp"

namespace ibasho::events {

using protocol::ErrorCode;

namespace {

protocol::Notice event_notice(const std::string& room, const std::string& kind) {
    protocol::Notice n;
    n.room = room;
    n.kind = kind;
    // The kind is the notice's discriminator, as for every other notice; `reason` repeats it
    // for clients that read the wording ("notice reason closing_soon").
    n.reason = kind;
    return n;
}

}  // namespace

bool admit_scheduled_join(chat::ClientSession& session, const chat::RoomConfig& room) {
    if (!room.scheduled) {
        return true;
    }
    const std::int64_t now = session.service().clock.unix_ms();
    if (!room.schedule.open) {
        std::optional<std::uint32_t> retry;
        std::string message = "This room opens only for its scheduled meetings.";
        if (room.schedule.window && room.schedule.window->opens_ms > now) {
            const std::int64_t wait = room.schedule.window->opens_ms - now;
            retry = static_cast<std::uint32_t>(
                std::min<std::int64_t>(wait, std::numeric_limits<std::uint32_t>::max()));
            message = "This room opens at " + protocol::format_utc(room.schedule.window->opens_ms) +
                      " for its next meeting.";
        }
        session.send_error(ErrorCode::room_closed, {}, retry, std::move(message));
        return false;
    }
    const RoomWindow& w = *room.schedule.window;
    if (w.pair_room.empty() || session.is_staff_of(room.id)) {
        return true;
    }
    const auto joined = session.paired_rooms().find(occurrence_key(w));
    const bool seated_there = session.memberships().find(w.pair_room) != nullptr;
    const bool waiting_there = session.held().contains(w.pair_room);
    const bool joined_there = joined != session.paired_rooms().end() && joined->second != room.id;
    if (seated_there || waiting_there || joined_there) {
        session.send_error(ErrorCode::wrong_room);
        return false;
    }
    return true;
}

void after_scheduled_join(chat::ClientSession& session, const chat::RoomConfig& room) {
    if (!room.scheduled || !room.schedule.open) {
        return;
    }
    const RoomWindow& w = *room.schedule.window;
    if (!w.pair_room.empty()) {
        session.paired_rooms().emplace(occurrence_key(w), room.id);
    }
    const auto warning = std::chrono::duration_cast<std::chrono::milliseconds>(
                             session.service().config.schedule_warning)
                             .count();
    if (session.service().clock.unix_ms() >= w.ends_ms - warning) {
        tell_closing_soon(session, room.id, w);
    }
}

void tell_closing_soon(chat::ClientSession& session, const std::string& room,
                       const RoomWindow& window) {
    chat::Membership* m = session.memberships().find(room);
    const std::string key = occurrence_key(window);
    if (m == nullptr || m->told_closing == key) {
        return;
    }
    m->told_closing = key;
    protocol::Notice n = event_notice(room, "closing_soon");
    n.until = window.ends_ms;
    n.ends = protocol::format_utc(window.ends_ms);
    session.send(protocol::encode(n));
}

void tell_event_cancelled(chat::ClientSession& session, const std::string& room) {
    if (session.memberships().find(room) == nullptr) {
        return;
    }
    session.send(protocol::encode(event_notice(room, "event_cancelled")));
}

}  // namespace ibasho::events
