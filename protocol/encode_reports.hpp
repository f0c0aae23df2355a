// Server -> client messages of reports and the private word (docs/protocol.md): the structs
// and their encoders, one compact line of JSON each, "type" first, like encode.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ibasho::protocol {

// One open report as staff see it. Never anything about who reported it.
struct ReportView {
    std::string id;  // "r_..."
    std::string room;
    std::uint64_t seq = 0;
    std::string reason;  // a ReportReason name
    std::string text;    // a copy of the reported message's text
    std::string member;  // the reported message's author (per-room member id)
    std::string nick;
    std::int64_t created_ms = 0;
    std::optional<std::string> note;
};

// A request for a private word, as staff see it.
struct AskView {
    std::string id;  // "q_..."
    std::string room;
    std::string member;
    std::string nick;
    std::int64_t created_ms = 0;
};

// {"type":"report","report":{...}}: a new report, to the room's staff and organisers.
struct ReportPush {
    ReportView report;
};
// {"type":"report_closed","report":"r_..."}: another staff member resolved or dismissed it.
struct ReportClosed {
    std::string report;
};
// {"type":"queue","room":"r","reports":[...],"asks":[...]}: what waits in a room, after joined.
struct StaffQueue {
    std::string room;
    std::vector<ReportView> reports;
    std::vector<AskView> asks;
};
// {"type":"ask_waiting","room":"r","ask":"q_..."}: to the participant who asked.
struct AskWaiting {
    std::string room;
    std::string ask;
};
// {"type":"ask","ask":{...}}: to the room's staff and organisers.
struct AskPush {
    AskView ask;
};
// {"type":"ask_taken","ask":"q_..."}: another supporter accepted it (or it was withdrawn).
struct AskTaken {
    std::string ask;
};
// {"type":"private_message","thread":"q_..","n":1,"from":"member","nick":"..","text":"..",
//  "ts":..,"id":".."}: one line of a private thread, to both sides.
struct PrivateMessage {
    std::string thread;
    std::uint64_t n = 0;  // 1, 2, ... in the thread
    std::string from;     // "staff" or "member"
    std::string nick;     // the participant's nickname, or the staff member's display name
    std::string text;
    std::int64_t ts = 0;
    std::string id;  // the writer's client message id
};
// {"type":"private_open","thread":"q_..","room":"r","staff":"<name>","member":"m1",
//  "nick":".."} (+ "lines":[...] when a reconnecting side gets the thread back).
struct PrivateOpen {
    std::string thread;
    std::string room;
    std::string staff;  // display name
    std::string member;
    std::string nick;
    std::optional<std::vector<PrivateMessage>> lines;
};
// {"type":"private_ended","thread":"q_..","by":"staff"|"member"}
struct PrivateEnded {
    std::string thread;
    std::string by;
};

std::string encode(const ReportPush& message);
std::string encode(const ReportClosed& message);
std::string encode(const StaffQueue& message);
std::string encode(const AskWaiting& message);
std::string encode(const AskPush& message);
std::string encode(const AskTaken& message);
std::string encode(const PrivateMessage& message);
std::string encode(const PrivateOpen& message);
std::string encode(const PrivateEnded& message);

// The arrays on their own, for the HTTP API ({"reports":<this>}, {"asks":<this>}): one
// writer for both surfaces.
std::string encode_reports(const std::vector<ReportView>& reports);
std::string encode_asks(const std::vector<AskView>& asks);

}  // namespace ibasho::protocol
