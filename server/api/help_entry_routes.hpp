// An organisation's help directory entries over HTTP: GET|POST /api/orgs/:org/help and
// GET|PUT|DELETE /api/orgs/:org/help/:id (staff of the organisation read, its organisers write).
#pragma once

#include "server/api/router.hpp"

namespace ibasho {
class Clock;
class Store;
namespace staff {
class StaffAuth;
}
}  // namespace ibasho

namespace ibasho::api {

struct HelpEntryDeps {
    Store& store;
    const staff::StaffAuth& auth;
    const Clock& clock;
};

// Adds the routes to `router`; `deps` must outlive it. Another organisation's path or entry is
// 404 (never a hint that it exists); a supporter's write is 403; every write is audited.
void add_help_entry_routes(Router& router, HelpEntryDeps deps);

}  // namespace ibasho::api
