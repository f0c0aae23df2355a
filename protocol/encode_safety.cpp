#include "protocol/encode_safety.hpp"

#include "protocol/json_writer.hpp"

namespace ibasho::protocol {
namespace {

using detail::ObjectWriter;

constexpr std::size_t overhead = 160;

}  // namespace

std::string encode(const HelpCard& message) {
    std::string out;
    out.reserve(overhead + message.room.size() + message.ref.size() + message.lines_json.size());
    ObjectWriter object(out);
    object.string("type", "help_card")
        .string("room", message.room)
        .string("ref", message.ref)
        .boolean("on_duty", message.on_duty);
    object.field("lines").append(message.lines_json.empty() ? "[]" : message.lines_json);
    object.close();
    return out;
}

std::string encode(const Alert& message) {
    std::string out;
    out.reserve(overhead + message.room.size() + message.nick.size());
    ObjectWriter object(out);
    object.string("type", "alert")
        .string("alert", message.alert)
        .string("kind", message.kind)
        .string("room", message.room);
    if (message.seq) {
        object.number("seq", *message.seq);
    } else {
        object.field("seq").append("null");
    }
    object.string("member", message.member)
        .string("nick", message.nick)
        .signed_number("at", message.at)
        .boolean("escalated", message.escalated);
    object.close();
    return out;
}

std::string encode(const AlertClosed& message) {
    std::string out;
    out.reserve(overhead + message.by.size());
    ObjectWriter object(out);
    object.string("type", "alert_closed")
        .string("alert", message.alert)
        .string("by", message.by)
        .string("action", message.action);
    object.close();
    return out;
}

}  // namespace ibasho::protocol
