// The Broker seam: orders a room's events (seq), keeps the capped, expiring history for resume,
// and delivers every event to every node with members in the room. Memory and Redis versions.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "server/shared_frame.hpp"

namespace ibasho {

// Why an operation did not happen; `none` means it did.
enum class Fault { none, unavailable, duplicate };

struct RoomEvent {
    std::uint64_t seq = 0;
    std::int64_t ts = 0;  // unix ms
    SharedFrame frame;    // the complete server object, as every recipient gets it
};

// A room event before it has a seq (protocol/room_event.hpp's parts). The broker carries head
// middle and tail as opaque bytes; protocol::assemble_event() is the only thing that joins them.
struct EventDraft {
    std::string room;
    std::string head;
    std::string middle;
    std::string tail;
    std::string dedupe_key;  // member id + client id; empty = no de-duplication
};

struct HistoryLimits {
    std::uint32_t length = 200;
    std::chrono::seconds age{3600};
};

struct HistorySlice {
    std::vector<RoomEvent> events;  // seq > since, in order
    std::uint64_t last_seq = 0;     // the room's newest seq at the time of reading
    // Seqs [gap_from, gap_to] were asked for but are no longer kept.
    std::optional<std::pair<std::uint64_t, std::uint64_t>> gap;
};

class Broker {
  public:
    using Sink = std::function<void(const std::string& room, const RoomEvent& event)>;
    using PublishDone = std::function<void(Fault, std::uint64_t seq)>;
    using HistoryDone = std::function<void(Fault, HistorySlice)>;
    // `replaced` is false when the room's history no longer holds that seq (nothing changed).
    using ReplaceDone = std::function<void(Fault, bool replaced)>;
    // nullopt when the room's history no longer holds that seq.
    using EntryDone = std::function<void(Fault, std::optional<RoomEvent>)>;

    virtual ~Broker() = default;

    // Where this node receives every event of the rooms it subscribed to, in seq order per room.
    // Set once before use; may be called on any thread.
    virtual void set_sink(Sink sink) = 0;

    // Sequences, stores and fans out one event. `done` may run on any thread.
    virtual void publish(EventDraft draft, HistoryLimits limits, PublishDone done) = 0;

    // Events after `since` still in history (`since` = 0: the newest `max_events`), with the
    // room's limits so that entries past their age are never returned.
    virtual void history(const std::string& room, std::uint64_t since, std::uint32_t max_events,
                         HistoryLimits limits, HistoryDone done) = 0;

    // Rewrites the history entry `seq` of `room` in place, keeping its seq and ts: the entry
    // becomes protocol::assemble_event(parts.head, seq, parts.middle, ts, parts.tail). Only the
    // stored history changes (late joiners and `since` resumes read the new bytes); nothing is
    // fanned out, so the caller publishes an event of its own (hide / unhide) to tell live
    // members. `parts.room` and `parts.dedupe_key` are ignored. `done` may run on any thread.
    virtual void replace(const std::string& room, std::uint64_t seq, EventDraft parts,
                         ReplaceDone done) = 0;

    // The history entry `seq` of `room` as clients receive it (hide, unhide, reports).
    virtual void entry(const std::string& room, std::uint64_t seq, EntryDone done) = 0;

    // This node starts/stops receiving a room's events. Counted: the node stays subscribed
    // while subscribe() calls outnumber unsubscribe() calls, and the count is kept on one
    // thread, so callers on several threads (one per shard) need no order between them.
    // Calls from one thread take effect in order, before that thread's later history().
    virtual void subscribe(const std::string& room) = 0;
    virtual void unsubscribe(const std::string& room) = 0;

    // Forgets a room's history (a scheduled session ended).
    virtual void wipe(const std::string& room) = 0;
};

}  // namespace ibasho
