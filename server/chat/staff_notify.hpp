// Pushes to staff on every node: the staff seated in a room and the organisers signed in
// anywhere, through Control, so a report or an ask made on one node reaches them on all.
#pragma once

#include <string>

namespace ibasho {
class Control;
class Store;
}  // namespace ibasho

namespace ibasho::chat {

class LocalSessions;

inline constexpr const char* staff_frame_action = "staff_frame";
inline constexpr const char* report_push_action = "report_push";

enum class StaffAudience {
    room_staff_and_organisers,  // the room's staff seated in it, and every organiser
    organisers,                 // organisers only (reports about a private support operator)
};

// On this node: `frame` to the audience of `room`, once per session (an organiser seated in
// the room as staff is not sent it twice), skipping the sessions of `except_staff` (an id).
void deliver_to_staff(LocalSessions& local, const std::string& room, std::string frame,
                      StaffAudience audience, const std::string& except_staff = {});

// The same on every node. For small frames only (asks, closings): Control carries 8 KiB.
void send_staff_frame(Control& control, const std::string& room, const std::string& frame,
                      StaffAudience audience, const std::string& except_staff = {});

// A new report: every node reads the record (the text is in the Store, not in the command)
// and pushes {"type":"report",...} to its share of the audience.
void send_report_push(Control& control, const std::string& room, const std::string& report_id,
                      StaffAudience audience);

// Registers every Control action of reports and the private word (staff_frame, report_push,
// and private_word.hpp's). Start-up, before commands flow; called by the App and the tests.
void register_reports_control(Control& control, LocalSessions& local, Store& store);

}  // namespace ibasho::chat
