// Alerts to staff about a member's message (DESIGN.md rule 6; issue 12): raised on the
// writer's node, delivered there at once and to every other node through Control (kept while
// Redis is down, bounded), answered by a staff member ("seen" or a private word), and sent on
// to the organisers when nobody is on duty or nobody answered in five minutes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/messages.hpp"

namespace ibasho {
class Clock;
class Control;
}  // namespace ibasho

namespace ibasho::chat {

class AlertDesk;
class ClientSession;
class LocalSessions;

inline constexpr const char* alert_raise_action = "alert_raise";
inline constexpr const char* alert_answer_action = "alert_answer";

// Raises an alert of `kind` ("crisis" or "word") about the writer's message in `room` (`seq`
// when it was delivered). `on_duty`: a staff member is in the room now; they get it, and the
// organisers only after five minutes without an answer; otherwise the organisers at once.
// At most one alert per writer, room and kind in ten minutes (AlertDesk::claim_window).
void raise_alert(ClientSession& writer, const std::string& kind, const std::string& room,
                 std::optional<std::uint64_t> seq, bool on_duty);

// Staff answering: `ack_alert` ("seen") and `reach_out` (seen, and a private word opened with
// the writer). Both tell every staff member who got the alert (`alert_closed`), are audited,
// and are answered with `done`.
void handle_ack_alert(ClientSession& staff, const protocol::AckAlert& m);
void handle_reach_out(ClientSession& staff, const protocol::ReachOut& m);

// Registers alert_raise and alert_answer (start-up, before commands flow).
void register_alert_control(Control& control, LocalSessions& local, AlertDesk& desk);

// One turn of the node's alert book (every second): escalations due, the outbox retried now
// that Redis may be back (older than ten minutes: dropped and counted; sent: repeated for a
// few seconds, for nodes that re-subscribe later), old alerts forgotten.
void sweep_alerts(AlertDesk& desk, Control& control, LocalSessions& local, const Clock& clock);

}  // namespace ibasho::chat
