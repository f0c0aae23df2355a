#include "server/abuse/address_limits.hpp"

#include <vector>

namespace ibasho::abuse {
namespace {

constexpr auto key_ttl = 2 * address_limit_window;

std::string key_of(char kind, std::string_view hash, std::int64_t window) {
    std::string k;
    k.reserve(hash.size() + 24);
    k += kind;
    k += ':';
    k += hash;
    k += ':';
    k += std::to_string(window);
    return k;
}

}  // namespace

AddressLimits::AddressLimits(AddressCounter& counter, const Clock& clock,
                             AddressLimitSettings settings)
    : counter_(counter), clock_(clock), settings_(settings) {}

std::int64_t AddressLimits::window_now() const {
    return clock_.unix_ms() / address_limit_window.count();
}

void AddressLimits::admit_connection(const std::string& hash, std::function<void(bool)> done) {
    if (settings_.connections == 0 || hash.empty()) {
        return done(true);
    }
    const std::int64_t limit = settings_.connections;
    // A connection is worth a round trip (it is not the per-message path), and the shared
    // INCRBY makes the count exact across nodes.
    counter_.add({CountAdd{key_of('c', hash, window_now()), 1, key_ttl}},
                 [limit, done = std::move(done)](std::vector<std::int64_t> totals) {
                     done(totals.empty() || totals[0] <= limit);
                 });
}

bool AddressLimits::take_frame(std::string_view hash) {
    if (settings_.frames == 0 || hash.empty()) {
        return true;
    }
    const std::int64_t window = window_now();
    std::lock_guard lock(frames_->mutex);
    auto& entries = frames_->entries;
    auto it = entries.find(hash);
    if (it == entries.end()) {
        it = entries.emplace(std::string(hash), Entry{window}).first;
    }
    Entry& e = it->second;
    if (e.window != window) {
        e = Entry{window};
    }
    if (e.shared + e.pending + e.in_flight >= settings_.frames) {
        return false;
    }
    ++e.pending;
    return true;
}

void AddressLimits::flush() {
    if (settings_.frames == 0) {
        return;
    }
    const std::int64_t window = window_now();
    std::vector<CountAdd> adds;
    std::vector<std::string> hashes;
    {
        std::lock_guard lock(frames_->mutex);
        auto& entries = frames_->entries;
        for (auto it = entries.begin(); it != entries.end();) {
            Entry& e = it->second;
            if (e.window != window) {
                // A past window: what was not sent no longer counts against anything (an
                // answer still on its way finds the entry gone and is dropped).
                it = entries.erase(it);
                continue;
            }
            // An address still active this window asks too when it counted nothing new
            // (an INCRBY of 0), so this node hears what the others let through.
            if (e.window == window && e.in_flight == 0) {
                adds.push_back(CountAdd{key_of('f', it->first, e.window), e.pending, key_ttl});
                hashes.push_back(it->first);
                e.in_flight += e.pending;
                e.pending = 0;
            }
            ++it;
        }
    }
    if (adds.empty()) {
        return;
    }
    std::vector<std::int64_t> deltas;
    deltas.reserve(adds.size());
    for (const auto& a : adds) {
        deltas.push_back(a.delta);
    }
    counter_.add(std::move(adds), [frames = frames_, window, hashes = std::move(hashes),
                                   deltas = std::move(deltas)](std::vector<std::int64_t> totals) {
        std::lock_guard lock(frames->mutex);
        for (std::size_t i = 0; i < hashes.size(); ++i) {
            auto it = frames->entries.find(hashes[i]);
            if (it == frames->entries.end() || it->second.window != window) {
                continue;
            }
            Entry& e = it->second;
            e.in_flight -= deltas[i];
            // Out of reach: keep at least what this node counted itself.
            e.shared = totals.empty() ? e.shared + deltas[i] : std::max(e.shared, totals[i]);
        }
    });
}

}  // namespace ibasho::abuse
