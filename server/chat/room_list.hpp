// The room list as the WebSocket's room_list and GET /api/rooms both show it: the catalogue's
// rooms in display order with their live counts from Presence.
#pragma once

#include <string>
#include <vector>

#include "protocol/server_messages.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/presence/presence.hpp"

namespace ibasho::chat {

// The ids to ask Presence::counts() for, in the same order as `rooms.rooms`.
std::vector<std::string> room_ids(const RoomSet& rooms);

// One RoomInfo per room; counts[i] belongs to rooms.rooms[i] (missing counts read as zero).
protocol::RoomList build_room_list(const RoomSet& rooms, const std::vector<RoomCounts>& counts);

}  // namespace ibasho::chat
