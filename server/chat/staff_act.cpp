#include "server/chat/staff_act.hpp"

#include "server/chat/client_session.hpp"

namespace ibasho::chat {

bool may_act(ClientSession& session, const RoomConfig& room, moderation::Action action,
             const std::string& ref) {
    moderation::Request ask;
    ask.role = session.role();
    ask.assigned_to_room = session.is_staff_of(room.id);
    ask.action = action;
    ask.room.state = room.state;
    ask.now_ms = session.service().clock.unix_ms();
    const auto d = moderation::decide(ask);
    if (!d.allowed()) {
        session.send_error(d.code, ref);
        return false;
    }
    return true;
}

std::string audit_name(const ClientSession& session) {
    return session.staff() ? session.staff()->name : std::string(to_string(session.role()));
}

std::optional<StaffAct> begin_staff_act(ClientSession& session, const std::string& room,
                                        moderation::Action action, const std::string& ref) {
    const auto rooms = session.service().catalog.snapshot();
    const RoomConfig* config = rooms->find(room);
    if (config == nullptr) {
        session.send_error(protocol::ErrorCode::no_such_room, ref);
        return std::nullopt;
    }
    if (!may_act(session, *config, action, ref)) {
        return std::nullopt;
    }
    return StaffAct{
        session.service(), audit_name(session),
        session.guarded([&session](std::function<void(ClientSession&)> fn) { fn(session); })};
}

}  // namespace ibasho::chat
