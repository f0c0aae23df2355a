#include "server/store/memory_store.hpp"

#include <algorithm>

namespace ibasho {

using std::chrono::steady_clock;

MemoryStoreBackend::Entry* MemoryStoreBackend::live(const Key& key, steady_clock::time_point now) {
    auto it = entries_.find(key);
    if (it == entries_.end())
        return nullptr;
    if (it->second.expires && *it->second.expires <= now) {
        entries_.erase(it);
        return nullptr;
    }
    return &it->second;
}

StoreRecord MemoryStoreBackend::to_record(const Key& key, const Entry& e,
                                          steady_clock::time_point now) const {
    StoreRecord r{key.first, key.second, e.owner, e.version, e.body, std::chrono::milliseconds(0)};
    if (e.expires) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(*e.expires - now);
        r.ttl = std::max(left, std::chrono::milliseconds(1));
    }
    return r;
}

void MemoryStoreBackend::notify(std::unique_lock<std::mutex>& lock, StoreChange change) {
    pending_.push_back(std::move(change));
    if (delivering_)
        return;  // the thread delivering now will reach this change, in order
    delivering_ = true;
    while (!pending_.empty()) {
        StoreChange next = std::move(pending_.front());
        pending_.pop_front();
        std::vector<Store::WatchFn> fns;
        fns.reserve(watchers_.size());
        for (const auto& w : watchers_)
            fns.push_back(w.second);
        lock.unlock();
        for (const auto& fn : fns)
            fn(next);
        lock.lock();
    }
    delivering_ = false;
}

MemoryStore::MemoryStore(const Clock& clock)
    : backend_(std::make_shared<MemoryStoreBackend>(clock)) {}

MemoryStore::MemoryStore(std::shared_ptr<MemoryStoreBackend> backend)
    : backend_(std::move(backend)) {}

MemoryStore::~MemoryStore() {
    std::lock_guard lock(backend_->mutex_);
    std::erase_if(backend_->watchers_, [this](const auto& w) { return w.first == this; });
}

void MemoryStore::get(const std::string& kind, const std::string& id, GetDone done) {
    if (!valid_kind(kind) || !valid_id(id)) {
        if (done)
            done(StoreResult::invalid, {});
        return;
    }
    StoreResult result = StoreResult::not_found;
    StoreRecord out;
    {
        std::lock_guard lock(backend_->mutex_);
        const auto now = backend_->clock_.now();
        const MemoryStoreBackend::Key key{kind, id};
        if (const auto* e = backend_->live(key, now)) {
            out = backend_->to_record(key, *e, now);
            result = StoreResult::ok;
        }
    }
    if (done)
        done(result, std::move(out));
}

void MemoryStore::list(const std::string& kind, const std::optional<std::string>& owner,
                       ListDone done) {
    if (!valid_kind(kind) || (owner && !valid_owner(*owner))) {
        if (done)
            done(StoreResult::invalid, {});
        return;
    }
    std::vector<StoreRecord> out;
    {
        std::lock_guard lock(backend_->mutex_);
        const auto now = backend_->clock_.now();
        auto& entries = backend_->entries_;
        auto it = entries.lower_bound({kind, std::string()});
        while (it != entries.end() && it->first.first == kind) {
            const auto& e = it->second;
            if (e.expires && *e.expires <= now) {
                it = entries.erase(it);
                continue;
            }
            if (!owner || e.owner == *owner)
                out.push_back(backend_->to_record(it->first, e, now));
            ++it;
        }
    }
    if (done)
        done(StoreResult::ok, std::move(out));
}

void MemoryStore::put(StoreRecord record, std::uint64_t expected, PutDone done) {
    if (!valid_record(record)) {
        if (done)
            done(StoreResult::invalid, 0);
        return;
    }
    std::unique_lock lock(backend_->mutex_);
    const auto now = backend_->clock_.now();
    MemoryStoreBackend::Key key{record.kind, record.id};
    auto* e = backend_->live(key, now);
    const std::uint64_t current = e ? e->version : 0;
    if (expected != any_version && expected != current) {
        lock.unlock();
        if (done)
            done(expected != 0 && current == 0 ? StoreResult::not_found : StoreResult::conflict,
                 current);
        return;
    }
    auto& entry = backend_->entries_[key];
    entry.owner = std::move(record.owner);
    entry.version = current + 1;
    entry.body = std::move(record.body);
    entry.expires.reset();
    if (record.ttl.count() > 0)
        entry.expires = now + record.ttl;
    const std::uint64_t version = entry.version;
    backend_->notify(lock, StoreChange{std::move(key.first), std::move(key.second), version});
    lock.unlock();
    if (done)
        done(StoreResult::ok, version);
}

void MemoryStore::remove(const std::string& kind, const std::string& id, std::uint64_t expected,
                         RemoveDone done) {
    if (!valid_kind(kind) || !valid_id(id)) {
        if (done)
            done(StoreResult::invalid);
        return;
    }
    std::unique_lock lock(backend_->mutex_);
    const MemoryStoreBackend::Key key{kind, id};
    auto* e = backend_->live(key, backend_->clock_.now());
    StoreResult result = StoreResult::ok;
    if (e == nullptr) {
        result = StoreResult::not_found;
    } else if (expected != any_version && expected != e->version) {
        result = StoreResult::conflict;
    } else {
        backend_->entries_.erase(key);
        backend_->notify(lock, StoreChange{kind, id, 0});
    }
    lock.unlock();
    if (done)
        done(result);
}

void MemoryStore::watch(WatchFn fn) {
    if (!fn)
        return;
    std::lock_guard lock(backend_->mutex_);
    backend_->watchers_.emplace_back(this, std::move(fn));
}

}  // namespace ibasho
