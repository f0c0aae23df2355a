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
                         std::string_view text, std::string_view id, std::string_view badge,
                         bool shielded, std::optional<std::uint64_t> re) {
    EventParts p;
    p.head = head_for("message", room);
    p.middle.reserve(40 + from.size() + nick.size() + text.size());
    append_field(p.middle, "from", from);
    append_field(p.middle, "nick", nick);
    append_field(p.middle, "text", text);
    p.middle += ",\"ts\":";
    append_field(p.tail, "id", id);
    if (re) {
        p.tail += ",\"re\":";
        p.tail += std::to_string(*re);
    }
    if (!badge.empty()) {
        append_field(p.tail, "badge", badge);
    }
    if (shielded) {
        p.tail += ",\"shielded\":true";
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

EventParts hidden_parts(std::string_view room, std::string_view reason) {
    EventParts p;
    p.head = head_for("hidden", room);
    p.middle = ",\"ts\":";
    append_field(p.tail, "reason", reason);
    p.tail += '}';
    return p;
}

EventParts hide_parts(std::string_view room, std::uint64_t target, std::string_view reason) {
    EventParts p;
    p.head = head_for("hide", room);
    p.middle = ",\"target\":" + std::to_string(target);
    append_field(p.middle, "reason", reason);
    p.middle += ",\"ts\":";
    p.tail = "}";
    return p;
}

EventParts unhide_parts(std::string_view room, std::uint64_t target, std::string_view message) {
    EventParts p;
    p.head = head_for("unhide", room);
    p.middle.reserve(40 + message.size());
    p.middle = ",\"target\":" + std::to_string(target);
    p.middle += ",\"message\":";
    p.middle.append(message);
    p.middle += ",\"ts\":";
    p.tail = "}";
    return p;
}

std::optional<EventParts> split_event(std::string_view event, std::uint64_t seq, std::int64_t ts) {
    const std::string seq_field = "\"seq\":" + std::to_string(seq);
    const std::string ts_field = ",\"ts\":" + std::to_string(ts);
    const auto s = event.find(seq_field);
    if (s == std::string_view::npos) {
        return std::nullopt;
    }
    const auto head_end = s + 6;  // after `"seq":`
    const auto seq_end = s + seq_field.size();
    const auto t = event.find(ts_field, seq_end);
    if (t == std::string_view::npos) {
        return std::nullopt;
    }
    const auto ts_at = t + 6;  // after `,"ts":`
    const auto ts_end = t + ts_field.size();
    // The numbers must end where the fields do (seq 4 is not the start of seq 42).
    auto digit_at = [&](std::size_t i) {
        return i < event.size() && event[i] >= '0' && event[i] <= '9';
    };
    if (digit_at(seq_end) || digit_at(ts_end)) {
        return std::nullopt;
    }
    EventParts p;
    p.head = std::string(event.substr(0, head_end));
    p.middle = std::string(event.substr(seq_end, ts_at - seq_end));
    p.tail = std::string(event.substr(ts_end));
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
