#include "server/store/split_store.hpp"

#include "server/store/store_roles.hpp"

namespace ibasho {

SplitStore::SplitStore(std::unique_ptr<Store> durable, std::unique_ptr<Store> ephemeral)
    : durable_(std::move(durable)), ephemeral_(std::move(ephemeral)) {}

Store& SplitStore::of(const std::string& kind) {
    return store_roles::is_ephemeral(kind) ? *ephemeral_ : *durable_;
}

void SplitStore::get(const std::string& kind, const std::string& id, GetDone done) {
    of(kind).get(kind, id, std::move(done));
}

void SplitStore::list(const std::string& kind, const std::optional<std::string>& owner,
                      ListDone done) {
    of(kind).list(kind, owner, std::move(done));
}

void SplitStore::put(StoreRecord record, std::uint64_t expected_version, PutDone done) {
    Store& to = of(record.kind);
    to.put(std::move(record), expected_version, std::move(done));
}

void SplitStore::remove(const std::string& kind, const std::string& id,
                        std::uint64_t expected_version, RemoveDone done) {
    of(kind).remove(kind, id, expected_version, std::move(done));
}

void SplitStore::watch(WatchFn fn) {
    if (!fn)
        return;
    durable_->watch(fn);
    ephemeral_->watch(std::move(fn));
}

}  // namespace ibasho
