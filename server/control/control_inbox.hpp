// The receiving half both Control implementations share: drops stale, repeated and unknown
// commands (counted in metrics), remembers ids in bounded memory, and runs the action's handler.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "server/clock.hpp"
#include "server/control/control.hpp"

namespace ibasho {

struct ControlLimits {
    // Older commands are dropped: after a Redis outage nothing is applied late. Commands
    // stamped further than this in the future (a skewed sender clock) are dropped too.
    std::chrono::milliseconds max_age{5000};
    // Ids remembered at most; beyond it new commands are dropped rather than risk a repeat.
    std::size_t max_remembered = 65536;
};

class ControlInbox {
  public:
    ControlInbox(const Clock& clock, ControlLimits limits);

    // See Control::on(). Thread-safe.
    void on(std::string action, Control::Handler handler);
    // Forgets every handler (an instance going away while a delivery is in flight).
    void clear();

    // Contract: runs the handler of `command.action` at most once per id, outside the lock, on
    // the calling thread, when the command is fresh; otherwise counts why it was dropped.
    // Returns whether a handler ran. Thread-safe.
    bool receive(const ControlCommand& command);

    // Ids currently remembered (for tests of the memory bound).
    std::size_t remembered() const;

  private:
    void forget_expired(std::int64_t now_ms);

    const Clock& clock_;
    ControlLimits limits_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Control::Handler> handlers_;
    // An id is kept until its command would be dropped as stale anyway: no repeat can get past
    // both checks, and memory holds at most the ids of the last 2 * max_age.
    std::unordered_set<std::string> seen_;
    std::multimap<std::int64_t, std::string> expiry_;  // unix ms -> id, soonest first
};

}  // namespace ibasho
