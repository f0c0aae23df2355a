// Staff endpoints for the queue of a room: GET /api/reports?room=, GET /api/asks?room= and
// POST /api/reports/:id/resolve. Bearer token required (401), staff of the room only (403).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "server/api/router.hpp"

namespace ibasho {
class ReasonList;
class Clock;
class Control;
class Store;
namespace staff {
class StaffAuth;
}
namespace chat {
class RoomCatalog;
}
}  // namespace ibasho

namespace ibasho::api {

struct ReportDeps {
    Store& store;
    const Clock& clock;
    Control& control;
    const staff::StaffAuth& auth;
    ReasonList& reasons;  // a resolution's reason must be on the organisation's list
    // Whose each room is: staff see and resolve their own organisation's queues only.
    const chat::RoomCatalog& catalog;
};

// Adds the routes to `router`; `deps` must outlive it.
void add_report_routes(Router& router, ReportDeps deps);

}  // namespace ibasho::api
