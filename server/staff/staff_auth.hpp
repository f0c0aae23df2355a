// Turns a staff bearer token into the staff member it belongs to, through the Store: the
// `staff_token` record (by the token's hash) and the `staff` record. Refreshes idle expiry.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "server/staff/staff_identity.hpp"
#include "server/staff/staff_tokens.hpp"

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

class StaffAuth {
  public:
    using Done = std::function<void(AuthResult, std::optional<StaffIdentity>)>;

    StaffAuth(Store& store, const Clock& clock) : store_(store), tokens_(store, clock) {}

    // Looks up `token` (as the client holds it) through StaffTokens::check, which also pushes
    // its idle expiry forward (at most once a minute, never past the 7-day end), then the
    // account. `done` may run on any thread, possibly before this returns.
    void authenticate(const std::string& token, Done done) const;

    // The same, but a must_change account answers ok (for the password-change endpoint).
    void authenticate_for_password_change(const std::string& token, Done done) const;

  private:
    void lookup(const std::string& token, bool allow_must_change, Done done) const;

    Store& store_;
    // The token rules (hash, expiry, refresh) live in StaffTokens; its callbacks hold `this`,
    // so it lives as long as this object. Mutable: checking refreshes the token's expiry.
    mutable StaffTokens tokens_;
};

struct Account;
// Who an account is, as a session carries it.
StaffIdentity identity_of(const Account& account);

}  // namespace ibasho::staff
