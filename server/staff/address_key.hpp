// The keyed hash of a connection address (DESIGN.md rule 2): HMAC-SHA256 under a random key that
// every node shares through the Store (kind `address_key`, id `current`, 24 h) and that is
// replaced when it expires, so after a day nothing links a hash back to an address.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "server/clock.hpp"
#include "server/store/store.hpp"

namespace ibasho::staff {

inline constexpr std::chrono::milliseconds address_key_ttl = std::chrono::hours(24);
// Every node rereads the key at least this often (besides on each change notice).
inline constexpr std::chrono::milliseconds address_key_refresh = std::chrono::minutes(15);

class AddressKeys {
  public:
    // Holds a random key of its own until start() has read (or made) the shared one.
    AddressKeys(Store& store, const Clock& clock);
    ~AddressKeys();

    // First 16 bytes of HMAC-SHA256(key, address) in hex (32 characters). Thread-safe. The
    // address is used for nothing else and kept nowhere.
    std::string hash(std::string_view address) const;

    // Reads the shared key, creating it when there is none (put with expected version 0, so
    // nodes starting together agree), and rereads it on every change notice.
    void start();
    // Rereads now: a missing or day-old key is replaced. Call at least every
    // address_key_refresh. Completions run on the Store's threads.
    void refresh();

    // When the key in use was made (unix ms), 0 while the local placeholder is in use.
    std::int64_t since_ms() const;
    // When the key in use is replaced at the latest (since_ms + address_key_ttl); 0 while the
    // local placeholder is in use.
    std::int64_t expires_ms() const;

  private:
    struct State;
    std::shared_ptr<State> state_;
};

}  // namespace ibasho::staff
