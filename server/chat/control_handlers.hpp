// What this node does with the chat core's control commands: retire a session that resumed
// on another node (4004), and apply a room's new live state everywhere at once.
#pragma once

#include <string>

#include "moderation/room_state.hpp"

namespace ibasho {
class Control;
}

namespace ibasho::chat {

class ActiveSessions;
class RoomCatalog;
class RoomHub;

inline constexpr const char* disconnect_action = "disconnect";
inline constexpr const char* room_state_action = "room_state";

// Registers the handlers on `control` (start-up, before commands flow).
void register_control_handlers(Control& control, ActiveSessions& active, RoomCatalog& catalog,
                               RoomHub& hub);

// Asks every other node to retire its connection for `token`, keeping the one marked `keep`.
void send_session_resumed(Control& control, const std::string& token, const std::string& keep);

// Asks every other node to close its connection for `token` at once: the session ended (quick
// exit). The connection marked `keep` closes itself.
void send_session_ended(Control& control, const std::string& token, const std::string& keep);

// Asks every node (this one included) to put `room` into `state`.
void send_room_state(Control& control, const std::string& room, moderation::RoomState state);

}  // namespace ibasho::chat
