// The Store over Redis: a hash per record, a sorted-set index per kind and per (kind, owner)
// scored by expiry, compare-and-set in one Lua script per write, and a PUBLISH per change.
#pragma once

#include <string>
#include <vector>

#include "server/redis/redis_node.hpp"
#include "server/redis/script.hpp"
#include "server/store/store.hpp"

namespace ibasho {

class RedisStore final : public Store {
  public:
    // Registers its channel route on `node`: build it before node.start().
    explicit RedisStore(redis::Node& node);

    void get(const std::string& kind, const std::string& id, GetDone done) override;
    void list(const std::string& kind, const std::optional<std::string>& owner,
              ListDone done) override;
    void put(StoreRecord record, std::uint64_t expected_version, PutDone done) override;
    void remove(const std::string& kind, const std::string& id, std::uint64_t expected_version,
                RemoveDone done) override;
    void watch(WatchFn fn) override;

    // Key and channel names (exposed for tests).
    std::string record_key(const std::string& kind, const std::string& id) const;
    std::string kind_index(const std::string& kind) const;
    std::string owner_index(const std::string& kind, const std::string& owner) const;
    std::string channel() const;

  private:
    // On the Redis loop thread.
    void on_message(std::string_view payload);
    void on_subscribed();
    void tell(const StoreChange& change);

    redis::Node& node_;
    std::vector<WatchFn> watchers_;  // loop thread only
    int subscriptions_ = 0;          // confirmations seen; any after the first is a resync
    redis::Script get_script_;
    redis::Script list_script_;
    redis::Script put_script_;
    redis::Script remove_script_;
};

}  // namespace ibasho
