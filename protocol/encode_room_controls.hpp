// Server messages of the room controls and the shield: the room's live settings (room_state),
// a joiner held at the door (held) and the staff's view of the waiting list (waiting, gone).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ibasho::protocol {

// {"type":"room_state","room":"r","state":"open","slow_mode_s":30,"shield":false,
//  "supporter_present":false,"pin":"..."}: a presence-like frame (no seq), sent to every member
// when a setting changes and after `joined`.
struct RoomStateFrame {
    std::string room;
    std::string state;  // "open", "locked", "paused", "closed"
    std::uint32_t slow_mode_s = 0;
    bool shield = false;
    bool supporter_present = false;
    std::optional<std::string> pin;  // absent: nothing pinned
};

// {"type":"held","room":"r"}: the shield holds this join until a supporter admits it.
struct Held {
    std::string room;
};

// {"type":"waiting","room":"r","member":"m1","nick":"..."}: to the room's staff; `member` is
// the id the joiner will have once admitted (what `admit` names).
struct Waiting {
    std::string room;
    std::string member;
    std::string nick;
};

// {"type":"waiting_gone","room":"r","member":"m1"}: that joiner is no longer waiting (they
// left, or a supporter let them in).
struct WaitingGone {
    std::string room;
    std::string member;
};

std::string encode(const RoomStateFrame& message);
std::string encode(const Held& message);
std::string encode(const Waiting& message);
std::string encode(const WaitingGone& message);

}  // namespace ibasho::protocol
