// Encoding of client -> server messages, for the load generator, tests and native clients.
// Output decodes back to the same struct with decode(); the server never calls these.
#pragma once

#include <string>

#include "protocol/messages.hpp"

namespace ibasho::protocol {

// One compact JSON object, "type" first. Optional fields and false flags are left out, which
// the decoder reads as their defaults.
std::string encode(const Hello& message);
std::string encode(const ListRooms& message);
std::string encode(const Join& message);
std::string encode(const Leave& message);
std::string encode(const Say& message);
std::string encode(const Stamp& message);
std::string encode(const SetStatus& message);
std::string encode(const ClientMessage& message);

}  // namespace ibasho::protocol
