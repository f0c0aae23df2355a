// Reading a control command's JSON args: the channel is not trusted input, so anything that
// does not parse is an empty object and a field of the wrong type reads as empty or zero.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "server/control/control.hpp"

namespace ibasho {

nlohmann::json control_args(const ControlCommand& command);

// The string at `key`, or "" when absent or not a string.
std::string json_string(const nlohmann::json& object, const char* key);

// The integer at `key`, or 0 when absent or not an integer.
std::int64_t json_int(const nlohmann::json& object, const char* key);

}  // namespace ibasho
