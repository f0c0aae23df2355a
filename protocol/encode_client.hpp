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
// Staff, reports and the private word (encode_client_staff.cpp).
std::string encode(const Hide& message);
std::string encode(const Unhide& message);
std::string encode(const Remind& message);
std::string encode(const Sanction& message);
std::string encode(const RoomControl& message);
std::string encode(const Admit& message);
std::string encode(const StandingQuery& message);
std::string encode(const StandingNote& message);
std::string encode(const Report& message);
std::string encode(const ResolveReport& message);
std::string encode(const Ask& message);
std::string encode(const AcceptAsk& message);
std::string encode(const PrivateSay& message);
std::string encode(const PrivateEnd& message);
std::string encode(const AckAlert& message);
std::string encode(const ReachOut& message);
std::string encode(const End& message);
std::string encode(const ClientMessage& message);

}  // namespace ibasho::protocol
