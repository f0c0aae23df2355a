// Staff endpoints for the queue of a room: GET /api/reports?room=, GET /api/asks?room= and
// POST /api/reports/:id/resolve. Bearer token required (401), staff of the room only (403).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "server/api/router.hpp"

namespace ibasho {
class Clock;
class Control;
class Store;
namespace staff {
class StaffAuth;
}
}  // namespace ibasho

namespace ibasho::api {

struct ReportDeps {
    Store& store;
    const Clock& clock;
    Control& control;
    const staff::StaffAuth& auth;
};

// Adds the routes to `router`; `deps` must outlive it.
void add_report_routes(Router& router, ReportDeps deps);

// The token of an `Authorization: Bearer <token>` header, or "" (scheme matched without
// case). Private until the shared helper (server/api/auth.*) lands.
std::string bearer_token(std::string_view authorization);

// The raw value of `name` in a query string ("room=a&x=1"), percent-decoded; nullopt when
// absent or badly encoded.
std::optional<std::string> query_value(std::string_view query, std::string_view name);

}  // namespace ibasho::api
