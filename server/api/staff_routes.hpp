// The staff-account endpoints of docs/api.md: login and logout, the caller's own account
// (password, TOTP), invitations, and the organisers' staff list, rooms and deactivation.
// Password work runs on the HashWorker; answers come from whichever thread finishes.
#pragma once

#include <functional>
#include <string_view>

#include "server/api/auth.hpp"
#include "server/api/router.hpp"

namespace ibasho {
class Clock;
class Store;
namespace chat {
class RoomCatalog;
}
namespace staff {
class StaffAccounts;
class StaffTokens;
class Invitations;
class LoginThrottle;
class HashWorker;
}  // namespace staff
}  // namespace ibasho

namespace ibasho::api {

// New passwords: at least this many characters (code points).
inline constexpr std::size_t min_password_chars = 12;

struct StaffDeps {
    staff::StaffAccounts& accounts;
    staff::StaffTokens& tokens;
    staff::Invitations& invitations;
    staff::LoginThrottle& throttle;
    staff::HashWorker& hasher;
    const Clock& clock;
    TokenChecker checker;
    // --behind-tls-proxy: the plain listener's requests count as HTTPS (a proxy terminated it).
    bool behind_tls_proxy = false;
    // Whose each room is, so no account is given another organisation's rooms (null: no check).
    const chat::RoomCatalog* catalog = nullptr;
    // Where organisations are (an operator's invitation names one); null: "main" only.
    Store* store = nullptr;
};

// Adds every staff-account route; the objects in `deps` must outlive the router.
void add_staff_routes(Router& router, StaffDeps deps);

}  // namespace ibasho::api
