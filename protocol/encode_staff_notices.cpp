#include "protocol/encode_staff_notices.hpp"

#include "protocol/json_writer.hpp"

namespace ibasho::protocol {
namespace {

using detail::ObjectWriter;

constexpr std::size_t overhead = 128;

void write_standing(std::string& out, const StandingInfo& s) {
    ObjectWriter object(out);
    object.signed_number("muted_until_ms", s.muted_until_ms)
        .signed_number("removed_until_ms", s.removed_until_ms)
        .number("reminders", s.reminders)
        .number("mutes", s.mutes)
        .number("removes", s.removes)
        .number("bans", s.bans)
        .signed_number("last_ms", s.last_ms)
        .string("note", s.note);
    std::string& events = object.field("events");
    events.push_back('[');
    for (std::size_t i = 0; i < s.events.size(); ++i) {
        if (i != 0) {
            events.push_back(',');
        }
        ObjectWriter e(events);
        e.string("action", s.events[i].action)
            .string("reason", s.events[i].reason)
            .signed_number("at_ms", s.events[i].at_ms);
        e.close();
    }
    events.push_back(']');
    object.close();
}

}  // namespace

std::string encode(const Notice& message) {
    std::string out;
    out.reserve(overhead + message.room.size() + (message.text ? message.text->size() : 0));
    ObjectWriter object(out);
    object.string("type", "notice").string("room", message.room).string("kind", message.kind);
    if (message.until) {
        object.signed_number("until", *message.until);
    }
    if (message.text) {
        object.string("text", *message.text);
    }
    if (message.text_en) {
        object.string("text_en", *message.text_en);
    }
    if (message.reason) {
        object.string("reason", *message.reason);
    }
    if (message.ref) {
        object.string("ref", *message.ref);
    }
    if (message.ends) {
        object.string("ends", *message.ends);
    }
    object.close();
    return out;
}

std::string encode(const Review& message) {
    std::string out;
    out.reserve(overhead + message.room.size() + message.nick.size());
    ObjectWriter object(out);
    object.string("type", "review")
        .string("room", message.room)
        .string("member", message.member)
        .string("nick", message.nick)
        .string("action", message.action)
        .string("reason", message.reason);
    object.close();
    return out;
}

std::string encode(const StandingAnswer& message) {
    std::string out;
    out.reserve(overhead * 4 + message.standing.note.size());
    ObjectWriter object(out);
    object.string("type", "standing").string("room", message.room).string("member", message.member);
    write_standing(object.field("standing"), message.standing);
    object.string("suggest", message.suggest);
    if (!message.ref.empty()) {
        object.string("ref", message.ref);
    }
    object.close();
    return out;
}

std::string encode(const RoleChange& message) {
    std::string out;
    out.reserve(overhead);
    ObjectWriter object(out);
    object.string("type", "role").string("role", message.role).string("reason", message.reason);
    object.close();
    return out;
}

}  // namespace ibasho::protocol
