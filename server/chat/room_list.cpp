#include "server/chat/room_list.hpp"

#include "protocol/encode.hpp"

namespace ibasho::chat {

std::vector<std::string> room_ids(const RoomSet& rooms) {
    std::vector<std::string> ids;
    ids.reserve(rooms.rooms.size());
    for (const auto& r : rooms.rooms) {
        ids.push_back(r.id);
    }
    return ids;
}

namespace {

protocol::RoomInfo room_info(const RoomConfig& r, const RoomCounts* counts) {
    protocol::RoomInfo info;
    info.id = r.id;
    info.name = r.name;
    info.description = r.description;
    info.rules = r.rules;
    info.audience = r.audience;
    info.state = std::string(to_string(r.effective_state()));
    info.capacity = r.effective_capacity();
    info.members = counts ? counts->count : 0;
    info.listening = counts ? counts->listening : 0;
    info.presence = r.presence == PresenceMode::names ? "names" : "counts";
    info.slow_mode_s = static_cast<std::uint32_t>(r.slow_mode.count());
    info.typing = r.typing;
    info.limited = r.limited();
    info.shield = r.shield;
    if (!r.pin.empty()) {
        info.pin = r.pin;
    }
    info.supporter_present = r.supporter_present;
    info.staff = counts ? counts->staff : 0;
    info.org = r.org;
    if (r.scheduled) {
        info.event = events::shown_event(r.schedule);
    }
    return info;
}

}  // namespace

protocol::RoomList build_room_list(const RoomSet& rooms, const std::vector<RoomCounts>& counts) {
    protocol::RoomList list;
    list.rooms.reserve(rooms.rooms.size());
    for (std::size_t i = 0; i < rooms.rooms.size(); ++i) {
        list.rooms.push_back(room_info(rooms.rooms[i], i < counts.size() ? &counts[i] : nullptr));
    }
    return list;
}

std::optional<std::size_t> page_start(const RoomSet& rooms,
                                      const std::optional<std::string>& after) {
    if (!after) {
        return 0;
    }
    for (std::size_t i = 0; i < rooms.rooms.size(); ++i) {
        if (rooms.rooms[i].id == *after) {
            return i + 1;
        }
    }
    return std::nullopt;
}

std::vector<std::string> page_candidates(const RoomSet& rooms, std::size_t first) {
    std::vector<std::string> ids;
    for (std::size_t i = first; i < rooms.rooms.size() && ids.size() < room_list_page_rooms; ++i) {
        ids.push_back(rooms.rooms[i].id);
    }
    return ids;
}

protocol::RoomList build_room_page(const RoomSet& rooms, std::size_t first,
                                   const std::vector<RoomCounts>& counts, std::size_t max_bytes) {
    protocol::RoomList page;
    std::size_t bytes = 0;
    std::size_t i = first;
    for (; i < rooms.rooms.size() && page.rooms.size() < room_list_page_rooms; ++i) {
        const std::size_t k = i - first;
        protocol::RoomInfo info =
            room_info(rooms.rooms[i], k < counts.size() ? &counts[k] : nullptr);
        // The room's own object, as it will sit in the array (its brackets stand for a comma).
        const std::size_t size = protocol::encode_rooms({info}).size() - 1;
        if (!page.rooms.empty() && bytes + size > max_bytes) {
            break;
        }
        bytes += size;
        page.rooms.push_back(std::move(info));
    }
    if (i < rooms.rooms.size()) {
        page.next = page.rooms.back().id;
    }
    return page;
}

}  // namespace ibasho::chat
