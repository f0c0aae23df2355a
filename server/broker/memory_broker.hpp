// The single-process Broker: per-room seq, history in memory, synchronous fan-out to the sink.
// Used by unit tests and by `--store memory`.
#pragma once

#include <deque>
#include <mutex>
#include <set>
#include <unordered_map>

#include "server/broker/broker.hpp"
#include "server/clock.hpp"

namespace ibasho {

class MemoryBroker final : public Broker {
  public:
    // De-duplication remembers a client id this long.
    static constexpr std::chrono::minutes dedupe_window{5};

    explicit MemoryBroker(const Clock& clock);

    void set_sink(Sink sink) override;
    void publish(EventDraft draft, HistoryLimits limits, PublishDone done) override;
    void history(const std::string& room, std::uint64_t since, std::uint32_t max_events,
                 HistoryLimits limits, HistoryDone done) override;
    void replace(const std::string& room, std::uint64_t seq, EventDraft parts,
                 ReplaceDone done) override;
    void entry(const std::string& room, std::uint64_t seq, EntryDone done) override;
    void subscribe(const std::string& room) override;
    void unsubscribe(const std::string& room) override;
    void wipe(const std::string& room) override;

  private:
    struct Room {
        std::uint64_t seq = 0;
        std::deque<RoomEvent> history;
        HistoryLimits limits;
        std::unordered_map<std::string, std::pair<std::uint64_t, std::int64_t>> recent_ids;
        std::deque<std::pair<std::int64_t, std::string>> id_order;  // oldest first, to expire
    };
    void trim(Room& room, std::int64_t now_ms);

    const Clock& clock_;
    std::mutex mutex_;
    Sink sink_;
    std::unordered_map<std::string, Room> rooms_;
};

}  // namespace ibasho
