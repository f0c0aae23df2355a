// The single-process Store: records in a map under a mutex, expiry read from the Clock.
// Several MemoryStore views can share one backing, so tests can stand in for several nodes.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "server/clock.hpp"
#include "server/store/store.hpp"

namespace ibasho {

// The records every view sees, and the watchers of every view. Thread-safe.
class MemoryStoreBackend {
  public:
    explicit MemoryStoreBackend(const Clock& clock) : clock_(clock) {}

  private:
    friend class MemoryStore;
    struct Entry {
        std::string owner;
        std::uint64_t version = 0;
        std::string body;
        std::optional<std::chrono::steady_clock::time_point> expires;
    };
    using Key = std::pair<std::string, std::string>;  // kind, id

    // Under the lock: the live entry, or nullptr (an expired one is dropped on the way).
    Entry* live(const Key& key, std::chrono::steady_clock::time_point now);
    StoreRecord to_record(const Key& key, const Entry& e,
                          std::chrono::steady_clock::time_point now) const;
    // Queues a change and, unless another thread is already delivering, delivers the queue
    // in order outside the lock (so a watcher may call back into the store).
    void notify(std::unique_lock<std::mutex>& lock, StoreChange change);

    const Clock& clock_;
    std::mutex mutex_;
    std::map<Key, Entry> entries_;  // ordered, so a kind's records are one sorted range
    std::vector<std::pair<const void*, Store::WatchFn>> watchers_;  // view, watcher
    std::deque<StoreChange> pending_;
    bool delivering_ = false;
};

class MemoryStore final : public Store {
  public:
    explicit MemoryStore(const Clock& clock);  // a backing of its own
    explicit MemoryStore(std::shared_ptr<MemoryStoreBackend> backend);
    ~MemoryStore() override;

    void get(const std::string& kind, const std::string& id, GetDone done) override;
    void list(const std::string& kind, const std::optional<std::string>& owner,
              ListDone done) override;
    void put(StoreRecord record, std::uint64_t expected_version, PutDone done) override;
    void remove(const std::string& kind, const std::string& id, std::uint64_t expected_version,
                RemoveDone done) override;
    void watch(WatchFn fn) override;

    const std::shared_ptr<MemoryStoreBackend>& backend() const { return backend_; }

  private:
    std::shared_ptr<MemoryStoreBackend> backend_;
};

}  // namespace ibasho
