// Turns Presence change signals into presence frames for the whole node, merging changes that
// come close together, shaped by the room's mode (names or counts) and shared through the hub.
#pragma once

#include <string>
#include <vector>

#include "protocol/server_messages.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/chat/room_hub.hpp"
#include "server/presence/presence.hpp"

namespace ibasho::chat {

// Whether others may see this member's nickname (issue 13, "looking without being seen"): staff
// (they sit under their display name, with a badge) and members who wrote or stamped in this
// visit. Everyone else is only part of the `quiet` number, in every room.
bool named(const Member& m);

// The presence object members see: counts always, nicknames only where the room shows them and
// only of `named` members.
protocol::PresenceUpdate presence_view(const std::string& room, const std::vector<Member>& members,
                                       const RoomConfig* config);

// Subscribes to `presence` changes and delivers frames through `hub`: at most one look-up per
// room at a time, and one more after it when something changed meanwhile.
void connect_presence_notifications(Presence& presence, RoomCatalog& catalog, RoomHub& hub);

}  // namespace ibasho::chat
