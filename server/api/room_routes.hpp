// An organisation's rooms: GET|POST /api/orgs/:org/rooms, GET|PUT|DELETE
// /api/orgs/:org/rooms/:room. Staff of the organisation read; its organisers write. The Store's
// watch carries every write to each node's catalogue (chat/room_records.*).
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

struct RoomDeps {
    Store& store;
    const staff::StaffAuth& auth;
    const Clock& clock;
};

// Adds the routes; the objects in `deps` must outlive the router.
void add_room_routes(Router& router, RoomDeps deps);

}  // namespace ibasho::api
