// The AddressCounter seam: windowed counts per keyed address hash that every node adds to, so a
// per-address limit holds across nodes. Memory (one process, tests) and Redis implementations.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/clock.hpp"

namespace ibasho::abuse {

// One count to add to: `key` is "<kind>:<address hash>:<window number>" (Redis stores it as
// `{prefix}rl:<key>`), removed `ttl` after its last addition.
struct CountAdd {
    std::string key;
    std::int64_t delta = 0;
    std::chrono::milliseconds ttl{0};
};

class AddressCounter {
  public:
    // The totals after adding, one per CountAdd in order; empty when the counts could not be
    // reached (callers then decide on what they counted themselves). May run on any thread.
    using Done = std::function<void(std::vector<std::int64_t> totals)>;

    virtual ~AddressCounter() = default;
    // Adds every count in one batch (one pipelined round trip on Redis). Thread-safe.
    virtual void add(std::vector<CountAdd> adds, Done done) = 0;
};

// Counts in this process, expiring by the clock; share one between limiters to stand for nodes.
class MemoryAddressCounter final : public AddressCounter {
  public:
    explicit MemoryAddressCounter(const Clock& clock) : clock_(clock) {}
    void add(std::vector<CountAdd> adds, Done done) override;
    // Counts still alive (tests: nothing outlives its ttl).
    std::size_t size() const;

  private:
    struct Count {
        std::int64_t value = 0;
        std::int64_t expires_ms = 0;
    };
    const Clock& clock_;
    mutable std::mutex mutex_;
    mutable std::map<std::string, Count> counts_;
};

}  // namespace ibasho::abuse
