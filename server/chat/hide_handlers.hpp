// Hiding a message for everyone (staff): its history entry becomes a tombstone, the original
// is kept 10 minutes for unhide, and a hide / unhide room event tells live members.
#pragma once

#include <chrono>

#include "protocol/messages.hpp"

namespace ibasho::chat {

class ClientSession;

// Store kind of a hidden message's original: id "<room>~<seq>", owner = room, 10 min ttl,
// body {"hidden_ms":N,"reason":"...","event":"<the original event bytes, as a JSON string>"}.
inline constexpr const char* hidden_kind = "hidden";
inline constexpr std::chrono::minutes unhide_window{10};

void handle_hide(ClientSession& session, protocol::Hide& m);
void handle_unhide(ClientSession& session, protocol::Unhide& m);

}  // namespace ibasho::chat
