// The single-process Presence: one map per room under a mutex, change signal called directly.
// Used by unit tests and by `--store memory`.
#pragma once

#include <map>
#include <mutex>
#include <unordered_map>

#include "server/presence/presence.hpp"

namespace ibasho {

class MemoryPresence final : public Presence {
  public:
    void set_change_sink(ChangeSink sink) override;
    void join(const std::string& room, Member want, std::uint32_t capacity, NickClash clash,
              JoinDone done) override;
    void leave(const std::string& room, const std::string& member, const std::string& holder,
               Done done) override;
    void set_listening(const std::string& room, const std::string& member, bool listening,
                       Done done) override;
    void mark_spoke(const std::string& room, const std::string& member, Done done) override;
    void members(const std::string& room, ListDone done) override;
    void counts(const std::vector<std::string>& rooms, CountsDone done) override;

  private:
    void changed(const std::string& room);

    std::mutex mutex_;
    ChangeSink sink_;
    // Ordered by member id so listings are stable; join order is not revealed.
    std::unordered_map<std::string, std::map<std::string, Member>> rooms_;
};

}  // namespace ibasho
