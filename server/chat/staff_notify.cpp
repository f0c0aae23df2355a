#include "server/chat/staff_notify.hpp"

#include <memory>
#include <nlohmann/json.hpp>

#include "protocol/encode_reports.hpp"
#include "server/chat/client_session.hpp"
#include "server/chat/local_sessions.hpp"
#include "server/chat/private_word.hpp"
#include "server/chat/report_store.hpp"
#include "server/control/control.hpp"
#include "server/control/control_args.hpp"

namespace ibasho::chat {
namespace {

bool skipped(const ClientSession& s, const std::string& except_staff) {
    return !except_staff.empty() && s.staff() && s.staff()->id == except_staff;
}

StaffAudience audience_of(const nlohmann::json& args) {
    return json_string(args, "to") == "organisers" ? StaffAudience::organisers
                                                   : StaffAudience::room_staff_and_organisers;
}

const char* audience_name(StaffAudience a) {
    return a == StaffAudience::organisers ? "organisers" : "staff";
}

}  // namespace

void deliver_to_staff(LocalSessions& local, const std::string& room, std::string frame,
                      StaffAudience audience, const std::string& except_staff) {
    auto bytes = std::make_shared<const std::string>(std::move(frame));
    const bool with_room_staff = audience == StaffAudience::room_staff_and_organisers;
    if (with_room_staff) {
        local.for_staff_in_room(room, [bytes, except_staff](ClientSession& s) {
            if (!skipped(s, except_staff)) {
                s.send(*bytes);
            }
        });
    }
    local.for_organisers([bytes, except_staff, room, with_room_staff](ClientSession& s) {
        // Organisers hear of their own organisation's rooms only.
        if (skipped(s, except_staff) || !s.is_staff_of(room)) {
            return;
        }
        // Seated in the room as its staff: the visit above has it already.
        if (with_room_staff) {
            if (const Membership* m = s.memberships().find(room); m != nullptr && m->staff) {
                return;
            }
        }
        s.send(*bytes);
    });
}

void send_staff_frame(Control& control, const std::string& room, const std::string& frame,
                      StaffAudience audience, const std::string& except_staff) {
    ControlCommand c;
    c.target = ControlTarget::of_room(room);
    c.action = staff_frame_action;
    c.args =
        nlohmann::json{{"frame", frame}, {"to", audience_name(audience)}, {"except", except_staff}}
            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    control.send(std::move(c), nullptr);
}

void send_report_push(Control& control, const std::string& room, const std::string& report_id,
                      StaffAudience audience) {
    ControlCommand c;
    c.target = ControlTarget::of_room(room);
    c.action = report_push_action;
    c.args = nlohmann::json{{"report", report_id}, {"to", audience_name(audience)}}.dump();
    control.send(std::move(c), nullptr);
}

void register_reports_control(Control& control, LocalSessions& local, Store& store) {
    control.on(staff_frame_action, [&local](const ControlCommand& c) {
        if (c.target.kind != TargetKind::room || c.target.room.empty()) {
            return;
        }
        const auto args = control_args(c);
        std::string frame = json_string(args, "frame");
        if (frame.empty()) {
            return;
        }
        deliver_to_staff(local, c.target.room, std::move(frame), audience_of(args),
                         json_string(args, "except"));
    });
    control.on(report_push_action, [&local, &store](const ControlCommand& c) {
        if (c.target.kind != TargetKind::room || c.target.room.empty()) {
            return;
        }
        const auto args = control_args(c);
        const std::string id = json_string(args, "report");
        if (id.empty() || !valid_id(id)) {
            return;
        }
        const StaffAudience audience = audience_of(args);
        ReportStore(store).get_report(id, [&local, room = c.target.room, audience](
                                              StoreResult r, std::optional<ReportRecord> rec) {
            // Resolved before it got here, or the Store did not answer: staff see it in
            // their queue on their next join instead.
            if (r != StoreResult::ok || !rec || rec->view.room != room) {
                return;
            }
            deliver_to_staff(local, room, protocol::encode(protocol::ReportPush{rec->view}),
                             audience);
        });
    });
    register_private_word_control(control, local, store);
}

}  // namespace ibasho::chat
