// Turns Presence change signals into one presence frame per change for the whole node,
// shaped by the room's presence mode (names or counts), shared with local members by the hub.
#pragma once

#include <string>
#include <vector>

#include "protocol/server_messages.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/chat/room_hub.hpp"
#include "server/presence/presence.hpp"

namespace ibasho::chat {

// The presence object members see: counts always, nicknames only where the room shows them.
protocol::Presence presence_view(const std::string& room, const std::vector<Member>& members,
                                 const RoomConfig* config);

// Subscribes to `presence` changes and delivers a frame through `hub` for each.
void connect_presence_notifications(Presence& presence, RoomCatalog& catalog, RoomHub& hub);

}  // namespace ibasho::chat
