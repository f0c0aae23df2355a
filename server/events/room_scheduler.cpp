#include "server/events/room_scheduler.hpp"

#include "server/chat/client_session.hpp"
#include "server/chat/local_sessions.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/clock.hpp"
#include "server/events/scheduled_join.hpp"
#include "server/log.hpp"

namespace ibasho::events {

namespace {

std::string done_key(const RoomWindow& w) {
    return w.room + "|" + occurrence_key(w);
}

bool same_occurrence(const RoomWindow& a, const RoomWindow& b) {
    return a.event_id == b.event_id && a.starts_ms == b.starts_ms;
}

}  // namespace

RoomScheduler::RoomScheduler(SchedulerDeps deps, std::chrono::milliseconds warning)
    : deps_(deps), warning_(warning) {}

void RoomScheduler::tick() {
    const std::int64_t now = deps_.clock.unix_ms();
    std::unordered_map<std::string, std::vector<RoomWindow>> by_room;
    for (RoomWindow& w : deps_.windows.windows_between(now - catch_up_ms, now + lookahead_ms)) {
        by_room[w.room].push_back(std::move(w));
    }
    static const std::vector<RoomWindow> none;
    const auto rooms = deps_.catalog.snapshot();
    std::unordered_set<std::string> seen;
    for (const chat::RoomConfig& room : rooms->rooms) {
        if (!room.scheduled) {
            continue;
        }
        seen.insert(room.id);
        const auto found = by_room.find(room.id);
        const std::vector<RoomWindow>& windows = found == by_room.end() ? none : found->second;
        const RoomSchedule schedule = derive_schedule(windows, now);
        if (deps_.catalog.set_schedule(room.id, schedule)) {
            log::debug("scheduled_room_schedule",
                       {{"room", room.id}, {"open", schedule.open}, {"shown", schedule.shown}});
        }

        Tracked& t = tracked_[room.id];
        if (t.sweep_again) {
            t.sweep_again = false;
            if (!schedule.open) {
                close_locally(room.id, false);
                deps_.broker.wipe(room.id);
            }
        }
        if (t.open && !(schedule.open && same_occurrence(*schedule.window, *t.open))) {
            // The occurrence this node had open is over: it ended, or vanished before its end.
            const bool cancelled = now < t.open->ends_ms;
            log::info("scheduled_room_closed",
                      {{"room", room.id}, {"event", t.open->event_id}, {"cancelled", cancelled}});
            close_locally(room.id, cancelled);
            {
                std::lock_guard lock(done_->mutex);
                done_->ends[done_key(*t.open)] = t.open->ends_ms;
            }
            clean_up_occurrence({deps_.broker, deps_.store, deps_.control}, *t.open);
            t.open.reset();
            t.warned = false;
            t.sweep_again = true;
        }
        if (schedule.open) {
            const RoomWindow& w = *schedule.window;
            if (!t.open) {
                log::info("scheduled_room_open", {{"room", room.id}, {"event", w.event_id}});
            }
            t.open = w;  // an edit may have moved its end
            if (!t.warned && now >= w.ends_ms - warning_.count()) {
                t.warned = true;
                warn_locally(room.id, w);
            }
            continue;
        }
        if (auto ended = last_ended(windows, now)) {
            catch_up(*ended, now);
        }
    }
    std::erase_if(tracked_, [&](const auto& entry) { return !seen.contains(entry.first); });
    std::lock_guard lock(done_->mutex);
    std::erase_if(done_->ends,
                  [&](const auto& entry) { return entry.second < now - 2 * catch_up_ms; });
}

void RoomScheduler::catch_up(const RoomWindow& ended, std::int64_t now_ms) {
    if (ended.ends_ms < now_ms - catch_up_ms) {
        return;
    }
    const std::string key = done_key(ended);
    {
        std::lock_guard lock(done_->mutex);
        if (done_->ends.contains(key) || done_->in_flight.contains(key)) {
            return;
        }
        done_->in_flight.insert(key);
    }
    clean_up_if_missed({deps_.broker, deps_.store, deps_.control}, ended,
                       [done = done_, key, ends = ended.ends_ms](CatchUp outcome) {
                           std::lock_guard lock(done->mutex);
                           done->in_flight.erase(key);
                           if (outcome != CatchUp::unavailable) {
                               done->ends[key] = ends;
                           }
                       });
}

void RoomScheduler::close_locally(const std::string& room, bool cancelled) {
    deps_.local.for_room(room, [room, cancelled](chat::ClientSession& s) {
        if (cancelled) {
            tell_event_cancelled(s, room);
        }
        s.memberships().leave(room, chat::LeaveReason::room_closed);
    });
}

void RoomScheduler::warn_locally(const std::string& room, const RoomWindow& window) {
    deps_.local.for_room(
        room, [room, window](chat::ClientSession& s) { tell_closing_soon(s, room, window); });
}

}  // namespace ibasho::events
