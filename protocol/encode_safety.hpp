// The frames of the safety features (issue 12): the help card a writer gets privately, and
// the alerts staff get about a crisis line or a blocked word, each one compact JSON line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ibasho::protocol {

// {"type":"help_card","room":"r","ref":"c12","on_duty":true,"lines":[...]}: to the writer
// alone. `lines_json` is a JSON array already written by the help directory's reader (at most
// three lines), inserted as it is.
struct HelpCard {
    std::string room;
    std::string ref;
    bool on_duty = false;
    std::string lines_json = "[]";
};

// {"type":"alert","alert":"a_...","kind":"crisis","room":"r","seq":42,"member":"m","nick":"n",
//  "at":1734567890000,"escalated":false}: to staff. `seq` is null when the message was not
// delivered. No text: staff read the room.
struct Alert {
    std::string alert;
    std::string kind;  // "crisis" or "word"
    std::string room;
    std::optional<std::uint64_t> seq;
    std::string member;
    std::string nick;
    std::int64_t at = 0;
    bool escalated = false;
};

// {"type":"alert_closed","alert":"a_...","by":"さくら","action":"ack"}: someone answered it.
struct AlertClosed {
    std::string alert;
    std::string by;
    std::string action;  // "ack" or "reach_out"
};

std::string encode(const HelpCard& message);
std::string encode(const Alert& message);
std::string encode(const AlertClosed& message);

}  // namespace ibasho::protocol
