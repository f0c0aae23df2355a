#include "server/chat/event_frame.hpp"

#include "protocol/room_event.hpp"

namespace ibasho::chat {
namespace {

std::string dedupe(std::string_view member, std::string_view client_id) {
    std::string key;
    key.reserve(member.size() + client_id.size() + 1);
    key += member;
    key += ':';
    key += client_id;
    return key;
}

EventDraft draft_of(std::string_view room, protocol::EventParts parts, std::string_view member,
                    std::string_view client_id) {
    EventDraft d;
    d.room = std::string(room);
    d.head = std::move(parts.head);
    d.middle = std::move(parts.middle);
    d.tail = std::move(parts.tail);
    d.dedupe_key = dedupe(member, client_id);
    return d;
}

}  // namespace

EventDraft message_draft(std::string_view room, std::string_view member, std::string_view nick,
                         std::string_view text, std::string_view client_id, std::string_view badge,
                         bool shielded, std::optional<std::uint64_t> re) {
    return draft_of(
        room, protocol::message_parts(room, member, nick, text, client_id, badge, shielded, re),
        member, client_id);
}

EventDraft stamp_draft(std::string_view room, std::string_view member, std::string_view nick,
                       std::string_view stamp, std::string_view client_id,
                       std::optional<std::uint64_t> on, std::string_view badge) {
    return draft_of(room, protocol::stamp_parts(room, member, nick, stamp, client_id, on, badge),
                    member, client_id);
}

}  // namespace ibasho::chat
