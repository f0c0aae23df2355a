// Staff routes about moderation itself: the audit trail (organisers) and the editable list of
// reason codes every staff action carries.
#pragma once

namespace ibasho {
class Store;
namespace staff {
class StaffAuth;
}
}  // namespace ibasho

namespace ibasho::api {

class Router;

struct ModerationDeps {
    Store& store;
    const staff::StaffAuth& auth;
};

// GET /api/audit, GET /api/reasons, PUT /api/reasons. `deps` must outlive the router.
void add_moderation_routes(Router& router, ModerationDeps deps);

}  // namespace ibasho::api
