// Staff bearer tokens: 256 random bits handed to the client once, stored only as their SHA-256
// (kind `staff_token`, owner = staff id), living 12 h past their last use and 7 days at most.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "server/clock.hpp"
#include "server/store/store.hpp"

namespace ibasho::staff {

inline constexpr std::chrono::milliseconds token_idle = std::chrono::hours(12);
inline constexpr std::chrono::milliseconds token_absolute = std::chrono::hours(24 * 7);
// A token used again within this keeps its stored expiry: no write per API call.
inline constexpr std::chrono::milliseconds token_touch_interval = std::chrono::minutes(1);

// The Store id of a token: hex(SHA-256(token)).
std::string token_id(std::string_view token);
// 43 base64url characters, as random_base64url(32) writes them.
bool looks_like_staff_token(std::string_view token);
// How long a token created at `created_ms` may live from `now_ms`: min(idle, the rest of the
// absolute lifetime); zero or less means it is over.
std::chrono::milliseconds token_ttl(std::int64_t created_ms, std::int64_t now_ms);

struct TokenInfo {
    std::string staff;  // the staff id
    std::int64_t created_ms = 0;
    std::int64_t seen_ms = 0;
    std::int64_t expires_ms = 0;  // when it ends if unused (unix ms)
};

class StaffTokens {
  public:
    // ok: the new raw token (the only copy) and when it expires unless used.
    using IssueDone = std::function<void(StoreResult, std::string token, std::int64_t expires_ms)>;
    // ok with the token's record; not_found for unknown, expired or malformed; unavailable.
    using CheckDone = std::function<void(StoreResult, TokenInfo)>;
    using Done = std::function<void(StoreResult)>;

    StaffTokens(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

    void issue(const std::string& staff_id, IssueDone done);
    // Looks a raw token up and, when it was last seen over token_touch_interval ago, moves its
    // idle expiry (bounded by the absolute one). Completions may run on any thread.
    void check(const std::string& token, CheckDone done);
    // Removes one token (ok also when it was already gone).
    void revoke(const std::string& token, Done done);
    // Removes every token of a staff member except the one whose id is `keep_id` (if any).
    void revoke_all(const std::string& staff_id, Done done, std::string keep_id = {});

  private:
    Store& store_;
    const Clock& clock_;
};

}  // namespace ibasho::staff
