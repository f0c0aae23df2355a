#include "server/abuse/address_counter.hpp"

namespace ibasho::abuse {

void MemoryAddressCounter::add(std::vector<CountAdd> adds, Done done) {
    std::vector<std::int64_t> totals;
    totals.reserve(adds.size());
    {
        std::lock_guard lock(mutex_);
        const std::int64_t now = clock_.unix_ms();
        std::erase_if(counts_, [now](const auto& kv) { return kv.second.expires_ms <= now; });
        for (const auto& a : adds) {
            auto& c = counts_[a.key];
            c.value += a.delta;
            c.expires_ms = now + a.ttl.count();
            totals.push_back(c.value);
        }
    }
    if (done) {
        done(std::move(totals));
    }
}

std::size_t MemoryAddressCounter::size() const {
    std::lock_guard lock(mutex_);
    const std::int64_t now = clock_.unix_ms();
    std::erase_if(counts_, [now](const auto& kv) { return kv.second.expires_ms <= now; });
    return counts_.size();
}

}  // namespace ibasho::abuse
