// The organisations of a deployment: GET|POST /api/orgs, GET|PUT|DELETE /api/orgs/:org.
// Operators manage every organisation; an organiser edits their own; other staff read theirs.
#pragma once

#include "server/api/router.hpp"

namespace ibasho {
class Clock;
class Store;
namespace staff {
class StaffAuth;
class StaffAccounts;
}  // namespace staff
}  // namespace ibasho

namespace ibasho::api {

struct OrgDeps {
    Store& store;
    const staff::StaffAuth& auth;
    const Clock& clock;
    staff::StaffAccounts& accounts;  // an organisation with staff cannot be deleted
};

// Adds the routes; the objects in `deps` must outlive the router.
void add_org_routes(Router& router, OrgDeps deps);

}  // namespace ibasho::api
