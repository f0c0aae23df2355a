#include "server/chat/event_frame.hpp"

#include "protocol/json_escape.hpp"

namespace ibasho::chat {
namespace {

std::string head_for(std::string_view type, std::string_view room) {
    std::string head;
    head.reserve(48 + room.size());
    head += "{\"type\":\"";
    head += type;
    head += "\",\"room\":";
    protocol::append_quoted(head, room);
    head += ",\"seq\":";
    return head;
}

std::string dedupe(std::string_view member, std::string_view client_id) {
    std::string key;
    key.reserve(member.size() + client_id.size() + 1);
    key += member;
    key += ':';
    key += client_id;
    return key;
}

}  // namespace

EventDraft message_draft(std::string_view room, std::string_view member, std::string_view nick,
                         std::string_view text, std::string_view client_id) {
    EventDraft d;
    d.room = std::string(room);
    d.head = head_for("message", room);
    d.tail.reserve(64 + nick.size() + text.size() + client_id.size());
    d.tail += ",\"from\":";
    protocol::append_quoted(d.tail, member);
    d.tail += ",\"nick\":";
    protocol::append_quoted(d.tail, nick);
    d.tail += ",\"text\":";
    protocol::append_quoted(d.tail, text);
    d.tail += ",\"id\":";
    protocol::append_quoted(d.tail, client_id);
    d.tail += '}';
    d.dedupe_key = dedupe(member, client_id);
    return d;
}

EventDraft stamp_draft(std::string_view room, std::string_view member, std::string_view nick,
                       std::string_view stamp, std::string_view client_id,
                       std::optional<std::uint64_t> on) {
    EventDraft d;
    d.room = std::string(room);
    d.head = head_for("stamp", room);
    d.tail += ",\"from\":";
    protocol::append_quoted(d.tail, member);
    d.tail += ",\"nick\":";
    protocol::append_quoted(d.tail, nick);
    d.tail += ",\"stamp\":";
    protocol::append_quoted(d.tail, stamp);
    d.tail += ",\"id\":";
    protocol::append_quoted(d.tail, client_id);
    if (on) {
        d.tail += ",\"on\":";
        d.tail += std::to_string(*on);
    }
    d.tail += '}';
    d.dedupe_key = dedupe(member, client_id);
    return d;
}

}  // namespace ibasho::chat
