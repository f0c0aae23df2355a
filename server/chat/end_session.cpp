#include "server/chat/end_session.hpp"

#include "server/chat/client_session.hpp"
#include "server/chat/control_handlers.hpp"
#include "server/log.hpp"

namespace ibasho::chat {

void handle_end(ClientSession& session, const protocol::End&) {
    Memberships& seats = session.memberships();
    if (seats.ended()) {
        return;
    }
    ChatService& service = session.service();
    const std::string token = seats.record().token;
    // `closed` leaves presence without a `left` frame per room; the record's seats no longer
    // matter because the record itself goes next, and end() keeps anything from saving it.
    seats.leave_all(LeaveReason::closed);
    seats.end();
    service.sessions.remove(token, [](Fault f) {
        if (f != Fault::none) {
            // The record then lives out its idle TTL; the token is not logged, only the fact.
            log::warn("session_end_unsaved", {{"why", "registry unavailable"}});
        }
    });
    service.active.release(token, &session);
    send_session_ended(service.control, token, seats.holder());
    session.connection().close(1000, "session ended");
}

}  // namespace ibasho::chat
