#include "server/chat/control_handlers.hpp"

#include <nlohmann/json.hpp>

#include "server/chat/active_sessions.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/chat/room_hub.hpp"
#include "server/control/control.hpp"
#include "server/control/control_args.hpp"
#include "server/log.hpp"

namespace ibasho::chat {
void register_control_handlers(Control& control, ActiveSessions& active, RoomCatalog& catalog,
                               RoomHub& hub) {
    control.on(disconnect_action, [&active](const ControlCommand& c) {
        if (c.target.kind != TargetKind::session || c.target.session.empty()) {
            return;
        }
        const auto args = control_args(c);
        const auto except = args.find("except");
        active.supersede_remote(c.target.session, except != args.end() && except->is_string()
                                                      ? except->get<std::string>()
                                                      : std::string());
    });
    control.on(room_state_action, [&catalog, &hub](const ControlCommand& c) {
        if (c.target.kind != TargetKind::room) {
            return;
        }
        const auto args = control_args(c);
        const auto it = args.find("state");
        const auto state = it != args.end() && it->is_string()
                               ? moderation::room_state_from_string(it->get<std::string>())
                               : std::nullopt;
        if (!state) {
            return;
        }
        if (catalog.set_state(c.target.room, *state)) {
            log::info("room_state", {{"room", c.target.room}, {"state", to_string(*state)}});
        }
        // Closing empties the room on every node, even where the state was already closed
        // (a reload that read the file first): leaving twice does nothing.
        if (*state == moderation::RoomState::closed) {
            hub.close_room(c.target.room);
        }
    });
}

void send_session_resumed(Control& control, const std::string& token, const std::string& keep) {
    ControlCommand c;
    c.target = ControlTarget::of_session(session_address(token));
    c.action = disconnect_action;
    c.args = nlohmann::json{{"code", 4004}, {"except", keep}}.dump();
    control.send(std::move(c), nullptr);
}

void send_session_ended(Control& control, const std::string& token, const std::string& keep) {
    // The same retirement as a resume elsewhere: the holder leaves without touching presence or
    // the record (this node already left the rooms and removed the record).
    ControlCommand c;
    c.target = ControlTarget::of_session(session_address(token));
    c.action = disconnect_action;
    c.args = nlohmann::json{{"code", 4004}, {"except", keep}, {"ended", true}}.dump();
    control.send(std::move(c), nullptr);
}

void send_room_state(Control& control, const std::string& room, moderation::RoomState state) {
    ControlCommand c;
    c.target = ControlTarget::of_room(room);
    c.action = room_state_action;
    c.args = nlohmann::json{{"state", moderation::to_string(state)}}.dump();
    control.send(std::move(c), nullptr);
}

}  // namespace ibasho::chat
