#include "protocol/encode_room_controls.hpp"

#include "protocol/json_writer.hpp"

namespace ibasho::protocol {

using detail::ObjectWriter;

std::string encode(const RoomStateFrame& message) {
    std::string out;
    out.reserve(160 + message.room.size() + (message.pin ? message.pin->size() : 0));
    ObjectWriter object(out);
    object.string("type", "room_state")
        .string("room", message.room)
        .string("state", message.state)
        .number("slow_mode_s", message.slow_mode_s)
        .boolean("shield", message.shield)
        .boolean("supporter_present", message.supporter_present);
    if (message.pin) {
        object.string("pin", *message.pin);
    }
    object.close();
    return out;
}

std::string encode(const Held& message) {
    std::string out;
    ObjectWriter object(out);
    object.string("type", "held").string("room", message.room);
    object.close();
    return out;
}

std::string encode(const Waiting& message) {
    std::string out;
    ObjectWriter object(out);
    object.string("type", "waiting")
        .string("room", message.room)
        .string("member", message.member)
        .string("nick", message.nick);
    object.close();
    return out;
}

std::string encode(const WaitingGone& message) {
    std::string out;
    ObjectWriter object(out);
    object.string("type", "waiting_gone")
        .string("room", message.room)
        .string("member", message.member);
    object.close();
    return out;
}

}  // namespace ibasho::protocol
