// Control commands on the wire: one compact JSON object per command. decode() never throws;
// anything it cannot read (wrong types, missing fields, oversize) comes back as nullopt.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "server/control/control.hpp"

namespace ibasho::control_wire {

// Bounds on what decode() accepts; generous next to any real command.
inline constexpr std::size_t max_payload = 16 * 1024;
inline constexpr std::size_t max_name = 128;  // id, action, origin, addresses
inline constexpr std::size_t max_args = 8 * 1024;

// {"v":1,"id":..,"k":"s|m|r","s":session,"r":room,"m":member,"a":action,"x":args text,
//  "o":origin,"t":sent_ms}; only the address fields of the target's kind are written.
std::string encode(const ControlCommand& command);
std::optional<ControlCommand> decode(std::string_view payload);

}  // namespace ibasho::control_wire
