// The one allow-list of Redis key families that may live without a TTL (all of them the
// Store's records and indexes); every other key a seam writes must expire.
#pragma once

#include <array>
#include <string_view>

namespace ibasho::durable_keys {

// Families relative to the node's prefix. The `{s}` hash tag keeps every Store key in one
// Redis Cluster slot, so one Lua script may touch a record and its indexes together.
inline constexpr std::string_view store_record = "{s}:r:";       // + kind:id  -> hash v, o, b
inline constexpr std::string_view store_kind_index = "{s}:k:";   // + kind     -> zset id
inline constexpr std::string_view store_owner_index = "{s}:o:";  // + kind:owner -> zset id

inline constexpr std::array<std::string_view, 3> families{store_record, store_kind_index,
                                                          store_owner_index};

// Whether `key` (with `prefix` still on it) belongs to a family allowed to have no TTL.
bool may_live_without_ttl(std::string_view prefix, std::string_view key);

}  // namespace ibasho::durable_keys
