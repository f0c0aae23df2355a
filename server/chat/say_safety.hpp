// What a say's safety verdict means for the writer and the room's staff (DESIGN.md rules 5
// and 6, issue 12): the private notices and help card, delivery or not, and the alert.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "server/broker/broker.hpp"
#include "server/chat/say_screen.hpp"

namespace ibasho::chat {

class ClientSession;
struct RoomSet;

// {"type":"notice","kind":"contact_masked","ref":...}: once per message, to the writer.
void tell_masked(ClientSession& writer, const std::string& room, const std::string& ref);

// A flagged say (screen.flagged()): the help card to the writer first when it speaks of a
// crisis (within a second, on this node, whatever Redis does), then the message published
// unless a blocked word hides it ("not_shown" to the writer), then the alert with its seq.
// `on_duty`: whether staff are in the room, when the caller knows it already; asked otherwise.
void say_flagged(ClientSession& writer, const std::string& room, const std::string& ref,
                 EventDraft draft, const SayScreen& screen, std::shared_ptr<const RoomSet> rooms,
                 std::optional<bool> on_duty);

// A chat flood (FloodWatch said so): a short automatic mute in `room` with a private notice
// saying until when, instead of closing the connection.
void mute_for_flood(ClientSession& writer, const std::string& room);

}  // namespace ibasho::chat
