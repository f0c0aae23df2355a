#include "server/broker/memory_broker.hpp"

#include "protocol/room_event.hpp"

namespace ibasho {

MemoryBroker::MemoryBroker(const Clock& clock) : clock_(clock) {}

void MemoryBroker::set_sink(Sink sink) {
    std::lock_guard lock(mutex_);
    sink_ = std::move(sink);
}

void MemoryBroker::trim(Room& room, std::int64_t now_ms) {
    const std::int64_t oldest_ms =
        now_ms - std::chrono::duration_cast<std::chrono::milliseconds>(room.limits.age).count();
    while (!room.history.empty() &&
           (room.history.size() > room.limits.length || room.history.front().ts < oldest_ms)) {
        room.history.pop_front();
    }
    const std::int64_t dedupe_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(dedupe_window).count();
    // Oldest first, so expiring costs only what expires (a scan per publish would grow with
    // traffic, under the lock every publisher shares).
    while (!room.id_order.empty() && room.id_order.front().first < now_ms - dedupe_ms) {
        room.recent_ids.erase(room.id_order.front().second);
        room.id_order.pop_front();
    }
}

void MemoryBroker::publish(EventDraft draft, HistoryLimits limits, PublishDone done) {
    std::uint64_t seq = 0;
    bool duplicate = false;
    {
        // The sink runs under the lock on purpose: it posts to shard queues, and posting in
        // seq order is what keeps every member's view in the same order.
        std::lock_guard lock(mutex_);
        Room& room = rooms_[draft.room];
        room.limits = limits;
        const std::int64_t now = clock_.unix_ms();
        trim(room, now);
        if (!draft.dedupe_key.empty()) {
            if (auto it = room.recent_ids.find(draft.dedupe_key); it != room.recent_ids.end()) {
                duplicate = true;
                seq = it->second.first;
            }
        }
        if (!duplicate) {
            seq = ++room.seq;
            RoomEvent ev;
            ev.seq = seq;
            ev.ts = now;
            ev.frame = make_frame(
                protocol::assemble_event(draft.head, seq, draft.middle, now, draft.tail));
            if (!draft.dedupe_key.empty()) {
                room.id_order.emplace_back(now, draft.dedupe_key);
                room.recent_ids.emplace(std::move(draft.dedupe_key), std::make_pair(seq, now));
            }
            if (limits.length > 0 && limits.age.count() > 0) {
                room.history.push_back(ev);
                trim(room, now);
            }
            if (sink_) {
                sink_(draft.room, ev);
            }
        }
    }
    if (done) {
        done(duplicate ? Fault::duplicate : Fault::none, seq);
    }
}

void MemoryBroker::history(const std::string& room_id, std::uint64_t since,
                           std::uint32_t max_events, HistoryLimits limits, HistoryDone done) {
    HistorySlice slice;
    {
        std::lock_guard lock(mutex_);
        auto it = rooms_.find(room_id);
        if (it != rooms_.end()) {
            Room& room = it->second;
            room.limits = limits;
            trim(room, clock_.unix_ms());
            slice.last_seq = room.seq;
            const std::uint64_t first_kept =
                room.history.empty() ? room.seq + 1 : room.history.front().seq;
            if (since > 0 && since + 1 < first_kept && since < room.seq) {
                slice.gap = std::make_pair(since + 1, first_kept - 1);
            }
            std::size_t start = 0;
            while (start < room.history.size() && room.history[start].seq <= since) {
                ++start;
            }
            if (since == 0 && room.history.size() - start > max_events) {
                start = room.history.size() - max_events;
            }
            for (std::size_t i = start; i < room.history.size(); ++i) {
                slice.events.push_back(room.history[i]);
            }
        }
    }
    done(Fault::none, std::move(slice));
}

namespace {

// History is in seq order with no holes, so the entry sits at a known offset from the front.
template <class Deque>
auto find_seq(Deque& history, std::uint64_t seq) -> decltype(&history.front()) {
    if (history.empty() || seq < history.front().seq || seq > history.back().seq) {
        return nullptr;
    }
    auto& ev = history[static_cast<std::size_t>(seq - history.front().seq)];
    return ev.seq == seq ? &ev : nullptr;
}

}  // namespace

void MemoryBroker::replace(const std::string& room_id, std::uint64_t seq, EventDraft parts,
                           ReplaceDone done) {
    bool replaced = false;
    {
        std::lock_guard lock(mutex_);
        if (auto it = rooms_.find(room_id); it != rooms_.end()) {
            trim(it->second, clock_.unix_ms());
            if (RoomEvent* ev = find_seq(it->second.history, seq)) {
                ev->frame = make_frame(
                    protocol::assemble_event(parts.head, seq, parts.middle, ev->ts, parts.tail));
                replaced = true;
            }
        }
    }
    if (done) {
        done(Fault::none, replaced);
    }
}

void MemoryBroker::entry(const std::string& room_id, std::uint64_t seq, EntryDone done) {
    std::optional<RoomEvent> found;
    {
        std::lock_guard lock(mutex_);
        if (auto it = rooms_.find(room_id); it != rooms_.end()) {
            trim(it->second, clock_.unix_ms());
            if (const RoomEvent* ev = find_seq(it->second.history, seq)) {
                found = *ev;
            }
        }
    }
    done(Fault::none, std::move(found));
}

void MemoryBroker::subscribe(const std::string&) {}
void MemoryBroker::unsubscribe(const std::string&) {}

void MemoryBroker::wipe(const std::string& room) {
    std::lock_guard lock(mutex_);
    if (auto it = rooms_.find(room); it != rooms_.end()) {
        it->second.history.clear();
        it->second.recent_ids.clear();
        it->second.id_order.clear();
    }
}

}  // namespace ibasho
