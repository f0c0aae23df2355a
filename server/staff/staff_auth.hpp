// Turns a staff bearer token into the staff member it belongs to, through the Store: the
// `staff_token` record (by the token's hash) and the `staff` record. Refreshes idle expiry.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "server/staff/staff_identity.hpp"

namespace ibasho {
class Store;
class Clock;
}  // namespace ibasho

namespace ibasho::staff {

// invalid: no such token (never issued, logged out, revoked); expired: past its absolute
// lifetime; inactive: the account was deactivated; must_change: the one-time password has
// not been changed yet (only the password endpoints accept such a token); unavailable: the
// Store did not answer (say so; do not treat the caller as logged out).
enum class AuthResult { ok, invalid, expired, inactive, must_change, unavailable };

std::string_view to_string(AuthResult result) noexcept;

// Token lifetimes (spec: 12 h idle, 7 days absolute).
inline constexpr std::chrono::hours token_idle{12};
inline constexpr std::chrono::hours token_absolute{24 * 7};

class StaffAuth {
  public:
    using Done = std::function<void(AuthResult, std::optional<StaffIdentity>)>;

    StaffAuth(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

    // Looks up `token` (as the client holds it). On ok, the token's idle expiry is pushed
    // forward (at most once a minute, so a busy client costs one write a minute). `done`
    // may run on any thread, possibly before this returns.
    void authenticate(const std::string& token, Done done) const;

    // The same, but a must_change account answers ok (for the password-change endpoint).
    void authenticate_for_password_change(const std::string& token, Done done) const;

  private:
    void lookup(const std::string& token, bool allow_must_change, Done done) const;

    Store& store_;
    const Clock& clock_;
};

// Reads a `staff` record body into an identity; nullopt when it is not a staff record we
// understand. `active` and `must_change` report those flags.
std::optional<StaffIdentity> parse_staff_record(const std::string& id, const std::string& body,
                                                bool* active = nullptr,
                                                bool* must_change = nullptr);

}  // namespace ibasho::staff
