// One Store over two: each kind goes to the durable or the ephemeral store by store_roles, so
// the callers keep one Store and the composition root decides where each kind's data sits.
#pragma once

#include <memory>

#include "server/store/store.hpp"

namespace ibasho {

class SplitStore final : public Store {
  public:
    // Owns both. `ephemeral` gets the kinds store_roles::is_ephemeral() names; `durable` the
    // rest. They must not share their data (two RedisStores on one Redis and prefix would tell
    // every watcher of each change twice): with one Redis, use one store.
    SplitStore(std::unique_ptr<Store> durable, std::unique_ptr<Store> ephemeral);

    void get(const std::string& kind, const std::string& id, GetDone done) override;
    void list(const std::string& kind, const std::optional<std::string>& owner,
              ListDone done) override;
    void put(StoreRecord record, std::uint64_t expected_version, PutDone done) override;
    void remove(const std::string& kind, const std::string& id, std::uint64_t expected_version,
                RemoveDone done) override;
    // Told of both stores' changes; a resync from either is passed on as it comes.
    void watch(WatchFn fn) override;

  private:
    Store& of(const std::string& kind);

    std::unique_ptr<Store> durable_;
    std::unique_ptr<Store> ephemeral_;
};

}  // namespace ibasho
