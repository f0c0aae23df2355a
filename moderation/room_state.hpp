// A room's live state, shared by the rooms file, the control channel and the policy layer:
// open, locked (no new members), paused (only staff write), closed.
#pragma once

#include <optional>
#include <string_view>

namespace ibasho::moderation {

enum class RoomState { open, locked, paused, closed };

std::string_view to_string(RoomState state) noexcept;
// The inverse of to_string; nullopt for anything else.
std::optional<RoomState> room_state_from_string(std::string_view name) noexcept;

}  // namespace ibasho::moderation
