// The Lua scripts behind RedisPresence: join with capacity and nickname checks, leave, status,
// members, counts and the sweep of expired members, each atomic on Redis.
#pragma once

#include <string>

namespace ibasho::presence_scripts {

extern const std::string join_lua;
extern const char* const leave_lua;
extern const char* const status_lua;
extern const char* const spoke_lua;
extern const std::string members_lua;
extern const std::string counts_lua;
extern const std::string reap_lua;

}  // namespace ibasho::presence_scripts
