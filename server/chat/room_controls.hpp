// Room controls: staff change a room's live settings (state, slow mode, pin, shield,
// supporter-present); the Store keeps them and every node applies them through Control.
#pragma once

#include <string>

#include "moderation/policy.hpp"
#include "protocol/encode_room_controls.hpp"
#include "protocol/messages.hpp"
#include "server/chat/room_catalog.hpp"

namespace ibasho::chat {

class ClientSession;
struct ChatService;

// Control action: args are the room's complete live settings (room_live.hpp's JSON).
inline constexpr const char* room_live_action = "room_live";

// Registers the room-control and shield actions on the node's Control (start-up, once).
void register_room_controls(ChatService& service);

// Reads every live record from the Store and applies what differs from the catalogue: at
// start-up and whenever Redis comes back (commands sent meanwhile never reached this node).
void load_live_settings(ChatService& service);

// `room_control` from a client: staff of the room only (else `forbidden`), audited, `done`.
void handle_room_control(ClientSession& session, protocol::RoomControl& m);

// After `joined`: the room's live settings, and for its staff the shield's waiting list.
void after_joined(ClientSession& session, const std::string& room);

protocol::RoomStateFrame room_state_of(const RoomConfig& room);

}  // namespace ibasho::chat
