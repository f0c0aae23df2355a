#include "server/chat/presence_notifier.hpp"

#include "protocol/encode.hpp"

namespace ibasho::chat {

protocol::Presence presence_view(const std::string& room, const std::vector<Member>& members,
                                 const RoomConfig* config) {
    protocol::Presence p;
    p.room = room;
    for (const auto& m : members) {
        ++p.count;
        p.listening += m.listening ? 1 : 0;
    }
    if (config != nullptr && config->presence == PresenceMode::names) {
        p.members.emplace();
        for (const auto& m : members) {
            p.members->push_back({m.member, m.nick, m.listening});
        }
    }
    return p;
}

void connect_presence_notifications(Presence& presence, RoomCatalog& catalog, RoomHub& hub) {
    presence.set_change_sink([&presence, &catalog, &hub](const std::string& room) {
        presence.members(room, [&catalog, &hub, room](Fault f, std::vector<Member> list) {
            if (f != Fault::none) {
                return;
            }
            auto rooms = catalog.snapshot();
            hub.deliver_presence(
                room, make_frame(protocol::encode(presence_view(room, list, rooms->find(room)))));
        });
    });
}

}  // namespace ibasho::chat
