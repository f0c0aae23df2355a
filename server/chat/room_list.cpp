#include "server/chat/room_list.hpp"

namespace ibasho::chat {

std::vector<std::string> room_ids(const RoomSet& rooms) {
    std::vector<std::string> ids;
    ids.reserve(rooms.rooms.size());
    for (const auto& r : rooms.rooms) {
        ids.push_back(r.id);
    }
    return ids;
}

protocol::RoomList build_room_list(const RoomSet& rooms, const std::vector<RoomCounts>& counts) {
    protocol::RoomList list;
    list.rooms.reserve(rooms.rooms.size());
    for (std::size_t i = 0; i < rooms.rooms.size(); ++i) {
        const RoomConfig& r = rooms.rooms[i];
        protocol::RoomInfo info;
        info.id = r.id;
        info.name = r.name;
        info.description = r.description;
        info.rules = r.rules;
        info.audience = r.audience;
        info.state = std::string(to_string(r.state));
        info.capacity = r.capacity;
        info.members = i < counts.size() ? counts[i].count : 0;
        info.listening = i < counts.size() ? counts[i].listening : 0;
        info.presence = r.presence == PresenceMode::names ? "names" : "counts";
        info.slow_mode_s = static_cast<std::uint32_t>(r.slow_mode.count());
        info.typing = r.typing;
        info.limited = r.limited();
        info.shield = r.shield;
        if (!r.pin.empty()) {
            info.pin = r.pin;
        }
        info.supporter_present = r.supporter_present;
        info.staff = i < counts.size() ? counts[i].staff : 0;
        list.rooms.push_back(std::move(info));
    }
    return list;
}

}  // namespace ibasho::chat
