#include "moderation/room_state.hpp"

namespace ibasho::moderation {

std::string_view to_string(RoomState state) noexcept {
    switch (state) {
        case RoomState::open:
            return "open";
        case RoomState::locked:
            return "locked";
        case RoomState::paused:
            return "paused";
        case RoomState::closed:
            return "closed";
    }
    return "closed";
}

std::optional<RoomState> room_state_from_string(std::string_view name) noexcept {
    for (RoomState s : {RoomState::open, RoomState::locked, RoomState::paused, RoomState::closed}) {
        if (to_string(s) == name) {
            return s;
        }
    }
    return std::nullopt;
}

}  // namespace ibasho::moderation
