// An organisation's events over HTTP (docs/api.md, "Events"): list, create, read, replace,
// delete, and cancel or restore one occurrence. Staff of the organisation read; its organisers
// write, with rooms and supporters checked (this organisation's) and overlaps in a room refused.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace ibasho {
class Clock;
class Store;
namespace chat {
class RoomCatalog;
}
namespace staff {
class StaffAuth;
}
namespace api {
class Router;
}
}  // namespace ibasho

namespace ibasho::events {

// How far ahead a new or changed event is checked for overlaps with every other event.
inline constexpr std::int64_t overlap_horizon_ms = 2LL * 366 * 86'400'000;

struct EventRouteDeps {
    Store& store;
    const staff::StaffAuth& auth;
    const Clock& clock;
    const chat::RoomCatalog& catalog;
};

// GET|POST /api/orgs/:org/events, GET|PUT|DELETE /api/orgs/:org/events/:id,
// POST /api/orgs/:org/events/:id/cancel and /uncancel. `deps` must outlive the router.
void add_event_routes(api::Router& router, EventRouteDeps deps);

// The zone of organisation `org`'s record ("zone"), or Asia/Tokyo when it has none or the
// Store does not answer. `done` may run on any thread.
void org_zone(Store& store, const std::string& org, std::function<void(std::string)> done);

}  // namespace ibasho::events
