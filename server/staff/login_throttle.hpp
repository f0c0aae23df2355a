// Failed staff logins counted per account and per address hash (`login_fail` records, 15 min
// from the first failure): at 5 for an account or 20 for an address, further attempts wait until
// the count expires. A successful login clears the account's count.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "server/clock.hpp"
#include "server/store/store.hpp"

namespace ibasho::staff {

inline constexpr std::chrono::milliseconds login_fail_window = std::chrono::minutes(15);
inline constexpr std::int64_t max_account_failures = 5;
inline constexpr std::int64_t max_address_failures = 20;

class LoginThrottle {
  public:
    // nullopt: go ahead; a duration: refuse, and tell the caller to wait this long.
    using CheckDone = std::function<void(StoreResult, std::optional<std::chrono::seconds>)>;
    using Done = std::function<void(StoreResult)>;

    explicit LoginThrottle(Store& store) : store_(store) {}

    // `name_hash` is display_name_hash() of the name tried (any text works: it is only a key);
    // `address_hash` may be empty (no address known), and is then not counted.
    void check(const std::string& name_hash, const std::string& address_hash, CheckDone done);
    void failed(const std::string& name_hash, const std::string& address_hash, Done done);
    void succeeded(const std::string& name_hash, Done done);

  private:
    void bump(std::string id, int attempts_left, Done done);

    Store& store_;
};

}  // namespace ibasho::staff
