// Per-address limits that hold across nodes (DESIGN.md rule 2: only the keyed address hash is
// counted): new connections, checked with one shared count each, and WebSocket frames, counted
// here and sent to the shared counts in one batch every flush interval, so a frame costs no
// Redis round trip.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "server/abuse/address_counter.hpp"
#include "server/clock.hpp"

namespace ibasho::abuse {

// Counts run in fixed windows of this length (keys live two windows).
inline constexpr std::chrono::milliseconds address_limit_window = std::chrono::seconds(10);
// How often a node sends its frame counts and learns the other nodes' (App runs flush()).
// Overshoot: what the other nodes let through since their last flush, at most one interval's
// worth of frames each, plus a node's first interval for an address it had not seen.
inline constexpr std::chrono::milliseconds address_flush_interval = std::chrono::milliseconds(100);

struct AddressLimitSettings {
    std::uint32_t connections = 0;  // per window; 0 = no limit
    std::uint32_t frames = 0;       // per window; 0 = no limit
};

class AddressLimits {
  public:
    AddressLimits(AddressCounter& counter, const Clock& clock, AddressLimitSettings settings);

    // A new connection from `hash`: done(true) to serve it, done(false) when the address has
    // had its connections this window on all nodes together. An empty hash, no limit, or
    // counts out of reach (Redis down) serve it. `done` may run on any thread.
    void admit_connection(const std::string& hash, std::function<void(bool)> done);

    // One frame from `hash`: false when the address is past its frames this window, by the
    // shared total last heard plus this node's since. Thread-safe, no I/O.
    bool take_frame(std::string_view hash);

    // Sends the frames counted since the last flush as one batch and takes in the totals (each
    // address that sent frames this window is in it, with 0 when it sent none since).
    void flush();

    bool limits_frames() const { return settings_.frames != 0; }

  private:
    struct Entry {
        std::int64_t window = 0;
        std::int64_t shared = 0;     // the total across nodes, as last heard
        std::int64_t pending = 0;    // counted here, not yet sent
        std::int64_t in_flight = 0;  // sent, not yet answered
    };
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::int64_t window_now() const;

    AddressCounter& counter_;
    const Clock& clock_;
    const AddressLimitSettings settings_;
    // Held by answers still on their way too, so one arriving after this object is gone
    // touches nothing freed.
    struct Frames {
        std::mutex mutex;
        std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries;
    };
    std::shared_ptr<Frames> frames_ = std::make_shared<Frames>();
};

}  // namespace ibasho::abuse
