// What staff do to one member of a room: remind, mute, remove, ban, and read or annotate the
// member's standing. Each asks the policy layer, writes the standing, reaches the member on
// whatever node through Control, is audited, and is answered with `done` (or an error).
#pragma once

#include "protocol/messages.hpp"

namespace ibasho::chat {

class ClientSession;

void handle_remind(ClientSession& session, protocol::Remind& m);
void handle_sanction(ClientSession& session, protocol::Sanction& m);
void handle_standing(ClientSession& session, protocol::StandingQuery& m);
void handle_standing_note(ClientSession& session, protocol::StandingNote& m);

}  // namespace ibasho::chat
