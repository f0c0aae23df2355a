// The HTTP API's bearer-token check, answered by StaffAuth: the same rules as the WebSocket's
// staff sign-in, so a token means the same thing on both doors.
#pragma once

#include "server/api/auth.hpp"

namespace ibasho::staff {

class StaffAuth;

// `auth` must outlive the checker. An account still on its one-time password is `ok` here:
// the routes themselves allow such a caller only the password, me and logout endpoints.
api::TokenChecker make_token_checker(const StaffAuth& auth);

}  // namespace ibasho::staff
