#include "server/chat/crisis_alerts.hpp"

#include <memory>
#include <nlohmann/json.hpp>

#include "moderation/policy.hpp"
#include "protocol/encode.hpp"
#include "protocol/encode_safety.hpp"
#include "server/chat/alert_desk.hpp"
#include "server/chat/client_session.hpp"
#include "server/chat/local_sessions.hpp"
#include "server/chat/private_word.hpp"
#include "server/chat/room_records.hpp"
#include "server/chat/staff_notify.hpp"
#include "server/clock.hpp"
#include "server/control/control.hpp"
#include "server/control/control_args.hpp"
#include "server/metrics.hpp"
#include "server/random_token.hpp"
#include "server/staff/audit_log.hpp"

namespace ibasho::chat {
namespace {

using nlohmann::json;
using protocol::ErrorCode;

std::string new_alert_id() {
    return "a_" + random_base64url(12);
}

std::string frame_of(const AlertRecord& a) {
    return protocol::encode(
        protocol::Alert{a.id, a.kind, a.room, a.seq, a.member, a.nick, a.raised_ms, a.escalated});
}

// On this node: the room's staff seated in it, or (escalated) the organisers.
void deliver_alert(LocalSessions& local, const AlertRecord& a) {
    if (a.escalated) {
        deliver_to_staff(local, a.room, frame_of(a), StaffAudience::organisers);
        return;
    }
    auto bytes = std::make_shared<const std::string>(frame_of(a));
    local.for_staff_in_room(a.room, [bytes](ClientSession& s) { s.send(*bytes); });
}

void deliver_closed(LocalSessions& local, const std::string& room, const std::string& alert,
                    const std::string& by, const std::string& action) {
    deliver_to_staff(local, room, protocol::encode(protocol::AlertClosed{alert, by, action}),
                     StaffAudience::room_staff_and_organisers);
}

std::string raise_args(const AlertRecord& a) {
    json args{{"alert", a.id},        {"kind", a.kind},           {"room", a.room},
              {"seq", nullptr},       {"member", a.member},       {"nick", a.nick},
              {"address", a.address}, {"raised_ms", a.raised_ms}, {"escalated", a.escalated}};
    if (a.seq) {
        args["seq"] = *a.seq;
    }
    return args.dump(-1, ' ', false, json::error_handler_t::replace);
}

// A command's first try; a late one (it waited in the outbox for Redis); a repeat of a late one
// that went out (AlertDesk::repeat_late_ms says why).
enum class Sending { first, late, repeat };

void send_queued(Control& control, AlertDesk& desk, QueuedCommand q, Sending how,
                 std::int64_t now_ms);

// To every other node; kept in the desk's outbox while Control cannot send (Redis down).
void send_or_queue(Control& control, AlertDesk& desk, std::string action, std::string room,
                   std::string args, std::int64_t raised_ms) {
    send_queued(control, desk,
                QueuedCommand{std::move(action), std::move(room), std::move(args), raised_ms,
                              new_command_id()},
                Sending::first, 0);
}

void send_queued(Control& control, AlertDesk& desk, QueuedCommand q, Sending how,
                 std::int64_t now_ms) {
    ControlCommand c;
    c.id = q.id;  // one id for every try: a node that hears it twice runs it once
    c.target = ControlTarget::of_room(q.room);
    c.action = q.action;
    c.args = q.args;
    control.send(std::move(c), [&desk, q = std::move(q), how, now_ms](Fault f) mutable {
        if (how == Sending::repeat) {
            return;  // it went out before; a repeat lost is only a repeat
        }
        if (f == Fault::unavailable) {
            desk.queue(std::move(q));
            metrics().alerts_queued.set(static_cast<std::int64_t>(desk.queued()));
        } else if (how == Sending::late) {
            if (q.action == alert_raise_action) {
                metrics().alerts_sent_late.add();
            }
            desk.repeat(std::move(q), now_ms + AlertDesk::repeat_late_ms);
        }
    });
}

void answer_alert(ClientSession& s, const std::string& alert, const std::string& ref,
                  const std::string& action) {
    auto& svc = s.service();
    const auto rec = svc.alerts.find(alert);
    if (!rec || rec->answered) {
        s.send_error(ErrorCode::no_such_alert, ref);
        return;
    }
    moderation::Request ask;
    ask.role = s.role();
    ask.assigned_to_room = s.is_staff_of(rec->room);
    ask.action = moderation::Action::answer_alert;
    ask.now_ms = svc.clock.unix_ms();
    if (const auto d = moderation::decide(ask); !d.allowed()) {
        s.send_error(d.code, ref);
        return;
    }
    if (!svc.alerts.answer(alert)) {
        s.send_error(ErrorCode::no_such_alert, ref);  // another staff member, a moment ago
        return;
    }
    auto finish = [&s, rec = *rec, ref, action] {
        auto& service = s.service();
        const std::string by = s.staff() ? s.staff()->name : std::string();
        staff::record_audit(service.store, service.clock,
                            {by, action == "ack" ? "ack_alert" : "reach_out", rec.room, rec.member,
                             "", audit_org(service.catalog, rec.room)});
        deliver_closed(service.local, rec.room, rec.id, by, action);
        send_or_queue(
            service.control, service.alerts, alert_answer_action, rec.room,
            json{{"alert", rec.id}, {"by", by}, {"action", action}, {"room", rec.room}}.dump(
                -1, ' ', false, json::error_handler_t::replace),
            rec.raised_ms);
        s.send(protocol::encode(protocol::Done{ref, action == "ack" ? "ack_alert" : "reach_out"}));
    };
    if (action == "ack") {
        finish();
        return;
    }
    if (rec->address.empty()) {
        svc.alerts.reopen(alert);
        s.send_error(ErrorCode::no_such_alert, ref);
        return;
    }
    open_private_word(s, {rec->room, rec->member, rec->nick, rec->address},
                      [&s, alert, ref, finish](bool ok) {
                          if (!ok) {
                              s.service().alerts.reopen(alert);
                              s.send_error(ErrorCode::service_degraded, ref);
                              return;
                          }
                          finish();
                      });
}

}  // namespace

void raise_alert(ClientSession& writer, const std::string& kind, const std::string& room,
                 std::optional<std::uint64_t> seq, bool on_duty) {
    const Membership* seat = writer.memberships().find(room);
    if (seat == nullptr) {
        return;
    }
    auto& svc = writer.service();
    const std::int64_t now = svc.clock.unix_ms();
    if (!svc.alerts.claim_window(kind, room, seat->seat.member, now)) {
        metrics().alerts_suppressed.add();
        return;
    }
    AlertRecord a;
    a.id = new_alert_id();
    a.kind = kind;
    a.room = room;
    a.seq = seq;
    a.member = seat->seat.member;
    a.nick = seat->seat.nick;
    a.address = writer.address();
    a.raised_ms = now;
    a.ours = true;
    a.escalated = !on_duty;  // nobody in the room: the organisers at once
    svc.alerts.remember(a);
    metrics().alerts_raised.add();
    if (a.escalated) {
        metrics().alerts_escalated.add();
    }
    // Staff on this node hear at once, whatever Redis does; the others through Control.
    deliver_alert(svc.local, a);
    send_or_queue(svc.control, svc.alerts, alert_raise_action, room, raise_args(a), now);
}

void handle_ack_alert(ClientSession& staff, const protocol::AckAlert& m) {
    answer_alert(staff, m.alert, m.id, "ack");
}

void handle_reach_out(ClientSession& staff, const protocol::ReachOut& m) {
    answer_alert(staff, m.alert, m.id, "reach_out");
}

void register_alert_control(Control& control, LocalSessions& local, AlertDesk& desk) {
    control.on(alert_raise_action, [&control, &local, &desk](const ControlCommand& c) {
        if (c.origin == control.node_id() || c.target.kind != TargetKind::room) {
            return;  // our own: delivered here when it was raised
        }
        const json args = control_args(c);
        AlertRecord a;
        a.id = json_string(args, "alert");
        a.kind = json_string(args, "kind");
        a.room = json_string(args, "room");
        a.member = json_string(args, "member");
        a.nick = json_string(args, "nick");
        a.address = json_string(args, "address");
        if (const auto seq = args.find("seq"); seq != args.end() && seq->is_number_unsigned()) {
            a.seq = seq->get<std::uint64_t>();
        }
        if (const auto at = args.find("raised_ms"); at != args.end() && at->is_number_integer()) {
            a.raised_ms = at->get<std::int64_t>();
        }
        a.escalated = args.value("escalated", false);
        if (a.id.empty() || a.room != c.target.room || (a.kind != "crisis" && a.kind != "word")) {
            return;
        }
        if (const auto known = desk.find(a.id);
            known && (known->answered || known->escalated == a.escalated)) {
            return;  // answered before the escalation reached us, or heard already (a repeat)
        }
        desk.remember(a);
        deliver_alert(local, a);
    });
    control.on(alert_answer_action, [&control, &local, &desk](const ControlCommand& c) {
        if (c.origin == control.node_id()) {
            return;
        }
        const json args = control_args(c);
        const std::string id = json_string(args, "alert");
        const std::string room = json_string(args, "room");
        const std::string action = json_string(args, "action");
        if (id.empty() || room != c.target.room || (action != "ack" && action != "reach_out")) {
            return;
        }
        desk.answer(id);
        deliver_closed(local, room, id, json_string(args, "by"), action);
    });
}

void sweep_alerts(AlertDesk& desk, Control& control, LocalSessions& local, const Clock& clock) {
    const std::int64_t now = clock.unix_ms();
    for (AlertRecord& a : desk.take_due(now)) {
        a.escalated = true;
        metrics().alerts_escalated.add();
        deliver_alert(local, a);
        send_or_queue(control, desk, alert_raise_action, a.room, raise_args(a), a.raised_ms);
    }
    for (auto& q : desk.repeats_due(now)) {
        send_queued(control, desk, std::move(q), Sending::repeat, now);
    }
    if (desk.queued() > 0) {
        std::size_t expired = 0;
        auto ready = desk.take_ready(now, expired);
        metrics().alerts_expired.add(expired);
        for (auto& q : ready) {
            send_queued(control, desk, std::move(q), Sending::late, now);
        }
    }
    metrics().alerts_queued.set(static_cast<std::int64_t>(desk.queued()));
    desk.prune(now);
}

}  // namespace ibasho::chat
