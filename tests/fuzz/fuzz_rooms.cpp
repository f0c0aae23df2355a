// The rooms-file parser (parse_rooms): whatever the file holds, it returns a room set whose
// ids are unique and well formed, or throws ConfigError; nothing else may come out.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "protocol/validate.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto rooms = ibasho::chat::parse_rooms(text);
        std::set<std::string> ids;
        for (const auto& room : rooms->rooms) {
            if (!ibasho::protocol::is_room_id(room.id) || !ids.insert(room.id).second ||
                rooms->find(room.id) != &room || room.audience.empty()) {
                std::abort();
            }
        }
    } catch (const ibasho::ConfigError&) {
    }
    return 0;
}
