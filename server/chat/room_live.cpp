#include "server/chat/room_live.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "server/chat/room_catalog.hpp"

namespace ibasho::chat {

using moderation::RoomState;
using protocol::RoomControlKind;

RoomLive live_of(const RoomConfig& room) {
    RoomLive live;
    live.state = room.state;
    live.slow_mode_s = static_cast<std::uint32_t>(room.slow_mode.count());
    live.shield = room.shield;
    live.slow_before_shield_s = live.slow_mode_s;
    live.supporter_present = room.supporter_present;
    live.pin = room.pin;
    return live;
}

void apply_live(RoomConfig& room, const RoomLive& live) {
    room.state = live.state;
    room.slow_mode = std::chrono::seconds(live.slow_mode_s);
    room.shield = live.shield;
    room.supporter_present = live.supporter_present;
    room.pin = live.pin;
}

RoomLive with_control(RoomLive live, const protocol::RoomControl& c) {
    switch (c.control) {
        case RoomControlKind::slow_mode:
            if (live.shield) {
                live.slow_before_shield_s = c.seconds;
                live.slow_mode_s = std::max(c.seconds, shield_slow_mode_s);
            } else {
                live.slow_mode_s = c.seconds;
            }
            break;
        case RoomControlKind::lock:
            live.state = RoomState::locked;
            break;
        case RoomControlKind::pause:
            live.state = RoomState::paused;
            break;
        case RoomControlKind::close:
            live.state = RoomState::closed;
            break;
        case RoomControlKind::unlock:
        case RoomControlKind::resume:
        case RoomControlKind::open:
            live.state = RoomState::open;
            break;
        case RoomControlKind::pin:
            live.pin = c.text.value_or(std::string());
            break;
        case RoomControlKind::unpin:
            live.pin.clear();
            break;
        case RoomControlKind::shield_on:
            if (!live.shield) {
                live.shield = true;
                live.slow_before_shield_s = live.slow_mode_s;
                live.slow_mode_s = std::max(live.slow_mode_s, shield_slow_mode_s);
            }
            break;
        case RoomControlKind::shield_off:
            if (live.shield) {
                live.shield = false;
                live.slow_mode_s = live.slow_before_shield_s;
            }
            break;
        case RoomControlKind::supporter_present_on:
            live.supporter_present = true;
            break;
        case RoomControlKind::supporter_present_off:
            live.supporter_present = false;
            break;
    }
    return live;
}

std::string to_json(const RoomLive& live) {
    return nlohmann::json{{"state", moderation::to_string(live.state)},
                          {"slow_mode_s", live.slow_mode_s},
                          {"shield", live.shield},
                          {"slow_before_shield_s", live.slow_before_shield_s},
                          {"supporter_present", live.supporter_present},
                          {"pin", live.pin}}
        .dump();
}

std::optional<RoomLive> room_live_from_json(std::string_view text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) {
        return std::nullopt;
    }
    RoomLive live;
    const auto state = j.find("state");
    const auto parsed = state != j.end() && state->is_string()
                            ? moderation::room_state_from_string(state->get<std::string>())
                            : std::nullopt;
    if (!parsed) {
        return std::nullopt;
    }
    live.state = *parsed;
    auto seconds = [&](const char* key, std::uint32_t& out) {
        const auto it = j.find(key);
        if (it == j.end()) {
            return true;
        }
        if (!it->is_number_unsigned() || it->get<std::uint64_t>() > 3600) {
            return false;
        }
        out = it->get<std::uint32_t>();
        return true;
    };
    auto flag = [&](const char* key, bool& out) {
        const auto it = j.find(key);
        if (it == j.end()) {
            return true;
        }
        if (!it->is_boolean()) {
            return false;
        }
        out = it->get<bool>();
        return true;
    };
    if (!seconds("slow_mode_s", live.slow_mode_s) ||
        !seconds("slow_before_shield_s", live.slow_before_shield_s) ||
        !flag("shield", live.shield) || !flag("supporter_present", live.supporter_present)) {
        return std::nullopt;
    }
    if (const auto pin = j.find("pin"); pin != j.end()) {
        if (!pin->is_string()) {
            return std::nullopt;
        }
        live.pin = pin->get<std::string>();
    }
    return live;
}

}  // namespace ibasho::chat
