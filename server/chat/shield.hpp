// The shield: while it is on, a newcomer's join waits at the door (held) until the room's
// staff admit them; the staff on every node see who is waiting. Held joiners live in the Store.
#pragma once

#include <string>

#include "protocol/messages.hpp"

namespace ibasho::chat {

class ClientSession;
struct ChatService;
struct RoomConfig;

// Store kind of a held joiner: id "<room>~<member>", owner = room, 1 h ttl, body
// {"member","nick","address":"<session address>","affirm","listening"}.
inline constexpr const char* held_kind = "held";
inline constexpr const char* shield_waiting_action = "shield_waiting";
inline constexpr const char* shield_gone_action = "shield_waiting_gone";
inline constexpr const char* shield_admit_action = "shield_admit";

// The policy answered a join with `held`: the session waits, the staff hear of it.
void hold_joiner(ClientSession& session, const RoomConfig& room, const protocol::Join& join);

// `admit` from staff: the held joiner comes in (on whichever node holds them).
void handle_admit(ClientSession& session, protocol::Admit& m);

// The shield went off: everyone waiting in `room` comes in.
void admit_all(ChatService& service, const std::string& room);

// The waiting list of `room`, one `waiting` frame per joiner, to this staff session.
void send_waiting_list(ClientSession& session, const std::string& room);

// The session closed: it no longer waits anywhere, and the staff are told.
void forget_holds(ClientSession& session);

// Control actions of the shield (called by register_room_controls).
void register_shield_control(ChatService& service);

}  // namespace ibasho::chat
