#include "protocol/room_event.hpp"

#include <charconv>

#include "protocol/json_escape.hpp"

namespace ibasho::protocol {
namespace {

std::string head_for(std::string_view type, std::string_view room) {
    std::string head;
    head.reserve(40 + room.size());
    head += "{\"type\":\"";
    head += type;
    head += "\",\"room\":";
    append_quoted(head, room);
    head += ",\"seq\":";
    return head;
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
    out += ",\"";
    out += name;
    out += "\":";
    append_quoted(out, value);
}

}  // namespace

EventParts message_parts(std::string_view room, std::string_view from, std::string_view nick,
                         std::string_view text, std::string_view id, std::string_view badge) {
    EventParts p;
    p.head = head_for("message", room);
    p.middle.reserve(40 + from.size() + nick.size() + text.size());
    append_field(p.middle, "from", from);
    append_field(p.middle, "nick", nick);
    append_field(p.middle, "text", text);
    p.middle += ",\"ts\":";
    append_field(p.tail, "id", id);
    if (!badge.empty()) {
        append_field(p.tail, "badge", badge);
    }
    p.tail += '}';
    return p;
}

EventParts stamp_parts(std::string_view room, std::string_view from, std::string_view nick,
                       std::string_view stamp, std::string_view id, std::optional<std::uint64_t> on,
                       std::string_view badge) {
    EventParts p;
    p.head = head_for("stamp", room);
    p.middle.reserve(40 + from.size() + nick.size() + stamp.size());
    append_field(p.middle, "from", from);
    append_field(p.middle, "nick", nick);
    append_field(p.middle, "stamp", stamp);
    p.middle += ",\"ts\":";
    append_field(p.tail, "id", id);
    if (on) {
        p.tail += ",\"on\":";
        p.tail += std::to_string(*on);
    }
    if (!badge.empty()) {
        append_field(p.tail, "badge", badge);
    }
    p.tail += '}';
    return p;
}

std::string assemble_event(std::string_view head, std::uint64_t seq, std::string_view middle,
                           std::int64_t ts, std::string_view tail) {
    char seq_s[24];
    char ts_s[24];
    const auto seq_end = std::to_chars(seq_s, seq_s + sizeof seq_s, seq).ptr;
    const auto ts_end = std::to_chars(ts_s, ts_s + sizeof ts_s, ts).ptr;
    std::string out;
    out.reserve(head.size() + middle.size() + tail.size() +
                static_cast<std::size_t>(seq_end - seq_s) +
                static_cast<std::size_t>(ts_end - ts_s));
    out.append(head);
    out.append(seq_s, seq_end);
    out.append(middle);
    out.append(ts_s, ts_end);
    out.append(tail);
    return out;
}

}  // namespace ibasho::protocol
