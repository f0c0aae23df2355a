// The door of every staff-only route outside the account routes: a valid bearer token of an
// account that has set its own password, and (with_organiser) the organiser role.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "server/api/message.hpp"
#include "server/api/respond.hpp"
#include "server/staff/staff_identity.hpp"

namespace ibasho::staff {
class StaffAuth;
}

namespace ibasho::api {

using StaffHandler = std::function<void(staff::StaffIdentity who)>;

// Runs `fn` with the caller when the token is good; otherwise answers itself: 401
// unauthorized (none, unknown, expired, revoked, inactive), 403 password_change_required, 503
// service_degraded (the Store did not answer). `fn` may run on any thread.
void with_staff(const staff::StaffAuth& auth, const Request& request, const Respond& respond,
                StaffHandler fn);
// The same, and 403 forbidden unless the caller is an organiser (an operator is not: they
// manage organisations, not what happens inside one).
void with_organiser(const staff::StaffAuth& auth, const Request& request, const Respond& respond,
                    StaffHandler fn);

// Who an organisation's route admits: any of its staff, or only its organisers.
enum class OrgDoor { staff, organisers };
// Runs `fn` when the caller is staff of `org` (for OrgDoor::organisers, one of its organisers,
// else 403 with `forbidden`). Anyone else, operators included, hears 404: another
// organisation's records are simply not there.
void with_org_staff(const staff::StaffAuth& auth, const Request& request, std::string org,
                    const Respond& respond, OrgDoor door, std::string forbidden, StaffHandler fn);

// The value of `name` in a query string ("room=a&before=b"), percent-decoded; nullopt when
// absent or badly encoded.
std::optional<std::string> query_value(std::string_view query, std::string_view name);

}  // namespace ibasho::api
