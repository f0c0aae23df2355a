// What one node remembers of the alerts it has raised or heard of (issue 12), in memory only:
// who may still answer them, which are due to go on to the organisers, and what waits for Redis.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ibasho::chat {

// One alert. `address` is the writer's session address (control commands only; never sent to
// a client), so staff on any node can open a private word with them.
struct AlertRecord {
    std::string id;
    std::string kind;  // "crisis" or "word"
    std::string room;
    std::optional<std::uint64_t> seq;
    std::string member;
    std::string nick;
    std::string address;
    std::int64_t raised_ms = 0;
    bool ours = false;  // raised on this node: this node sends it on to organisers
    bool answered = false;
    bool escalated = false;  // organisers have it
};

// A control command that could not be sent (Redis down), kept to send when it is back.
struct QueuedCommand {
    std::string action;
    std::string room;  // the command's target
    std::string args;
    std::int64_t raised_ms = 0;  // of the alert it carries: late delivery has a bound
    std::string id;              // the control command's id, the same on every repeat
};

// Thread-safe (control handlers run on the Redis thread, sessions on their shards). Nothing
// here is written anywhere: an alert lives in the memory of the nodes for `keep_ms` at most.
class AlertDesk {
  public:
    static constexpr std::int64_t window_ms = 10 * 60 * 1000;
    static constexpr std::int64_t escalate_after_ms = 5 * 60 * 1000;
    static constexpr std::int64_t keep_ms = 30 * 60 * 1000;
    static constexpr std::int64_t late_limit_ms = 10 * 60 * 1000;
    // A late command is sent again on every sweep for this long after it first went out:
    // the other nodes' subscribers come back from the outage at their own pace (reconnect
    // backoff up to 3 s), and what is published before they re-subscribe is lost to them.
    // Receivers take each command id once (ControlInbox) and each alert once.
    static constexpr std::int64_t repeat_late_ms = 6 * 1000;
    static constexpr std::size_t outbox_max = 512;
    static constexpr std::size_t alerts_max = 4096;

    // Whether an alert of `kind` about (room, member) may be raised at `now_ms`: at most one per
    // writer, room and kind in window_ms. True starts the window.
    bool claim_window(const std::string& kind, const std::string& room, const std::string& member,
                      std::int64_t now_ms);

    // Remembers `record` (a newer copy of a known id keeps `answered`).
    void remember(AlertRecord record);
    std::optional<AlertRecord> find(const std::string& id) const;

    // Marks the alert answered; the record as it was, or nullopt when unknown or answered.
    std::optional<AlertRecord> answer(const std::string& id);
    // Undoes answer() when what the answer promised (a private word) could not be done.
    void reopen(const std::string& id);

    // Our alerts nobody answered in escalate_after_ms, now marked escalated.
    std::vector<AlertRecord> take_due(std::int64_t now_ms);

    // Forgets alerts older than keep_ms and windows older than window_ms.
    void prune(std::int64_t now_ms);

    // The outbox. queue() drops the oldest when full (counted as expired by take_ready).
    void queue(QueuedCommand command);
    // Everything queued, removed from the queue; `expired` counts those past late_limit_ms,
    // which are not returned.
    std::vector<QueuedCommand> take_ready(std::int64_t now_ms, std::size_t& expired);
    std::size_t queued() const;

    // Late commands that went out, kept to repeat until `until_ms` (not counted in queued()).
    void repeat(QueuedCommand command, std::int64_t until_ms);
    // Those still to repeat at `now_ms` (kept for the next sweep); the others are forgotten.
    std::vector<QueuedCommand> repeats_due(std::int64_t now_ms);

  private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, AlertRecord> alerts_;
    std::map<std::string, std::int64_t> windows_;  // kind\nroom\nmember -> window start
    std::deque<QueuedCommand> outbox_;
    std::deque<std::pair<std::int64_t, QueuedCommand>> repeats_;  // until_ms, command
    std::size_t dropped_ = 0;  // pushed out of a full outbox since the last take_ready
};

}  // namespace ibasho::chat
