// Quick exit on the server: `end` ends the session for good, so whatever a shared device kept
// of it (the token in sessionStorage) is worthless at once, on every node.
#pragma once

#include "protocol/messages.hpp"

namespace ibasho::chat {

class ClientSession;

// Leaves every room (presence updated), removes the session record (memory or Redis) so the
// token never resumes, asks every other node to close its connection of the session (Control
// `disconnect`), and closes this connection normally (1000). Nothing is answered.
void handle_end(ClientSession& session, const protocol::End& m);

}  // namespace ibasho::chat
