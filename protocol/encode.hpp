// Encoding of server -> client messages: one compact line of JSON each, "type" first.
// Callers serialise once per message and share the bytes with every recipient.
#pragma once

#include <string>
#include <vector>

#include "protocol/server_messages.hpp"

namespace ibasho::protocol {

// Each returns one JSON object with no trailing newline and no raw newline inside, so several
// can be joined with '\n' into one WebSocket frame. UTF-8 text is kept as is; control
// characters, quotes, backslashes and U+2028/U+2029 are escaped; ill-formed UTF-8 becomes
// U+FFFD. Fields appear in struct order; optional fields only when set. Room events
// (Message, StampEvent) are written by protocol/room_event.hpp, the same writer the Broker's
// path uses, so these are byte for byte what clients receive.
std::string encode(const Welcome& message);
std::string encode(const RoomList& message);
std::string encode(const Joined& message);
std::string encode(const Message& message);
std::string encode(const StampEvent& message);
std::string encode(const PresenceUpdate& message);
std::string encode(const Gap& message);
std::string encode(const Left& message);
std::string encode(const Done& message);
std::string encode(const EarlierEnd& message);  // encode_earlier.cpp
std::string encode(const Preview& message);     // encode_preview.cpp
std::string encode(const ErrorFrame& message);

// The array of room objects inside a room_list, on its own: GET /api/rooms answers
// {"rooms":<this>}, so both surfaces show rooms written by one encoder.
std::string encode_rooms(const std::vector<RoomInfo>& rooms);

}  // namespace ibasho::protocol
