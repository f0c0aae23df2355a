// A room's live settings, changed by staff with room controls: state, slow mode, pin, shield,
// supporter-present. Kept in the Store (kind `room_live`, id = room, no ttl) and in the catalogue.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "moderation/room_state.hpp"
#include "protocol/messages.hpp"

namespace ibasho::chat {

struct RoomConfig;

// While the shield is on, slow mode is at least this.
inline constexpr std::uint32_t shield_slow_mode_s = 30;

struct RoomLive {
    moderation::RoomState state = moderation::RoomState::open;
    std::uint32_t slow_mode_s = 0;
    bool shield = false;
    // The slow mode staff asked for while the shield was on (or had before it): restored by
    // shield_off.
    std::uint32_t slow_before_shield_s = 0;
    bool supporter_present = false;
    std::string pin;  // empty: nothing pinned

    bool operator==(const RoomLive&) const = default;
};

// The room's current settings as a live record (the starting point of its first control).
RoomLive live_of(const RoomConfig& room);
// Writes the live settings over what the rooms file said.
void apply_live(RoomConfig& room, const RoomLive& live);

// One control's effect (pure): the shield raises slow mode to at least 30 s and remembers the
// slow mode to restore; a slow_mode change under the shield is remembered, and held at 30 s.
RoomLive with_control(RoomLive live, const protocol::RoomControl& control);

// The Store body and the control command's args: {"state":"open","slow_mode_s":30,...}.
std::string to_json(const RoomLive& live);
// nullopt for anything that is not such an object (the Store and the channel are not trusted).
std::optional<RoomLive> room_live_from_json(std::string_view text);

inline constexpr const char* room_live_kind = "room_live";

}  // namespace ibasho::chat
