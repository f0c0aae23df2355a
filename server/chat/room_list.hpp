// The room list as the WebSocket's room_list and GET /api/rooms both show it: the catalogue's
// rooms in display order with their live counts from Presence.
#pragma once

#include <optional>
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

// The WebSocket's room list comes in pages, so that a long list never arrives as one frame
// bigger than a client's send queue: at most this many rooms, and at most a byte budget.
inline constexpr std::size_t room_list_page_rooms = 100;
inline constexpr std::size_t room_list_page_bytes = 32 * 1024;

// Where the page after room `after` starts (0 without one); nullopt when `after` is no room
// (the list changed under the client: it starts again from the first page).
std::optional<std::size_t> page_start(const RoomSet& rooms,
                                      const std::optional<std::string>& after);
// The ids a page starting at `first` may hold, to ask Presence::counts() for.
std::vector<std::string> page_candidates(const RoomSet& rooms, std::size_t first);
// The page: rooms from `first` while their JSON fits in max_bytes (always at least one), with
// `next` set to its last room's id when more rooms follow. counts[k] is rooms[first + k]'s.
protocol::RoomList build_room_page(const RoomSet& rooms, std::size_t first,
                                   const std::vector<RoomCounts>& counts, std::size_t max_bytes);

}  // namespace ibasho::chat
