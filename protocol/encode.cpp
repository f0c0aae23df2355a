#include "protocol/encode.hpp"

#include "protocol/json_writer.hpp"
#include "protocol/limits.hpp"
#include "protocol/room_event.hpp"
#include "protocol/utc_time.hpp"

namespace ibasho::protocol {
namespace {

using detail::ObjectWriter;

// Room for the punctuation, keys and numbers of a frame; strings are added on top. Escaping
// can still grow a string, which costs one extra allocation at worst.
constexpr std::size_t fixed_overhead = 128;

void write_localized(std::string& out, const LocalizedText& text) {
    ObjectWriter object(out);
    object.string("ja", text.ja).string("en", text.en);
    object.close();
}

void write_event(ObjectWriter& object, const EventWindowInfo& event) {
    std::string& field = object.field("event");
    ObjectWriter inner(field);
    inner.string("id", event.id)
        .string("opens", format_utc(event.opens_ms))
        .string("starts", format_utc(event.starts_ms))
        .string("ends", format_utc(event.ends_ms));
    inner.close();
}

void write_room(std::string& out, const RoomInfo& room) {
    ObjectWriter object(out);
    object.string("id", room.id);
    write_localized(object.field("name"), room.name);
    write_localized(object.field("description"), room.description);
    write_localized(object.field("rules"), room.rules);
    std::string& audience = object.field("audience");
    audience.push_back('[');
    for (std::size_t i = 0; i < room.audience.size(); ++i) {
        if (i != 0) {
            audience.push_back(',');
        }
        append_quoted(audience, room.audience[i]);
    }
    audience.push_back(']');
    object.string("state", room.state)
        .number("capacity", room.capacity)
        .number("members", room.members)
        .number("listening", room.listening)
        .string("presence", room.presence)
        .number("slow_mode_s", room.slow_mode_s)
        .boolean("typing", room.typing)
        .boolean("limited", room.limited)
        .boolean("supporter_present", room.supporter_present)
        .number("staff", room.staff)
        .string("org", room.org);
    // Live settings appear only while set, so a room list without them reads as before.
    if (room.shield) {
        object.boolean("shield", true);
    }
    if (room.pin) {
        object.string("pin", *room.pin);
    }
    if (room.event) {
        write_event(object, *room.event);
    }
    object.close();
}

std::size_t localized_size(const LocalizedText& text) {
    return text.ja.size() + text.en.size() + 20;
}

std::size_t rooms_estimate(const std::vector<RoomInfo>& rooms) {
    std::size_t estimate = fixed_overhead;
    for (const RoomInfo& room : rooms) {
        estimate += fixed_overhead * 2 + room.id.size() + room.org.size() +
                    localized_size(room.name) + localized_size(room.description) +
                    localized_size(room.rules) + room.audience.size() * 16 + (room.event ? 120 : 0);
    }
    return estimate;
}

void write_rooms(std::string& out, const std::vector<RoomInfo>& rooms) {
    out.push_back('[');
    for (std::size_t i = 0; i < rooms.size(); ++i) {
        if (i != 0) {
            out.push_back(',');
        }
        write_room(out, rooms[i]);
    }
    out.push_back(']');
}

}  // namespace

std::string encode(const Welcome& message) {
    std::string out;
    out.reserve(fixed_overhead + message.session.size());
    ObjectWriter object(out);
    object.string("type", "welcome")
        .string("session", message.session)
        .number("v", static_cast<std::uint64_t>(version))
        .boolean("resumed", message.resumed)
        .number("idle_ttl_s", message.idle_ttl_s)
        .string("role", message.role);
    if (message.staff_name) {
        std::string& staff = object.field("staff");
        ObjectWriter inner(staff);
        inner.string("name", *message.staff_name);
        std::string& rooms = inner.field("rooms");
        rooms.push_back('[');
        for (std::size_t i = 0; i < message.staff_rooms.size(); ++i) {
            if (i > 0) {
                rooms.push_back(',');
            }
            append_quoted(rooms, message.staff_rooms[i]);
        }
        rooms.push_back(']');
        inner.close();
    }
    object.close();
    return out;
}

std::string encode(const RoomList& message) {
    std::string out;
    out.reserve(rooms_estimate(message.rooms));
    ObjectWriter object(out);
    object.string("type", "room_list");
    write_rooms(object.field("rooms"), message.rooms);
    if (message.after) {
        object.string("after", *message.after);
    }
    if (message.next) {
        object.string("next", *message.next);
    }
    object.close();
    return out;
}

std::string encode_rooms(const std::vector<RoomInfo>& rooms) {
    std::string out;
    out.reserve(rooms_estimate(rooms));
    write_rooms(out, rooms);
    return out;
}

std::string encode(const Joined& message) {
    std::string out;
    out.reserve(fixed_overhead + message.room.size() + message.member.size() + message.nick.size());
    ObjectWriter object(out);
    object.string("type", "joined")
        .string("room", message.room)
        .string("member", message.member)
        .string("nick", message.nick)
        .number("seq", message.seq)
        .boolean("listening", message.listening)
        .boolean("resumed", message.resumed);
    if (!message.badge.empty()) {
        object.string("badge", message.badge);
    }
    if (message.supporter_present) {
        object.boolean("supporter_present", true).number("staff", message.staff);
    }
    if (message.event) {
        write_event(object, *message.event);
    }
    object.close();
    return out;
}

// Room events have one writer, shared with the Broker's path, so what tests and docs check
// is byte for byte what clients receive.
std::string encode(const Message& message) {
    const EventParts p = message_parts(message.room, message.from, message.nick, message.text,
                                       message.id, message.badge, message.shielded, message.re);
    return assemble_event(p.head, message.seq, p.middle, message.ts, p.tail);
}

std::string encode(const StampEvent& message) {
    const EventParts p = stamp_parts(message.room, message.from, message.nick, message.stamp,
                                     message.id, message.on, message.badge);
    return assemble_event(p.head, message.seq, p.middle, message.ts, p.tail);
}

std::string encode(const PresenceUpdate& message) {
    std::size_t estimate = fixed_overhead + message.room.size();
    if (message.members) {
        for (const MemberInfo& member : *message.members) {
            estimate += 48 + member.member.size() + member.nick.size();
        }
    }
    std::string out;
    out.reserve(estimate);
    ObjectWriter object(out);
    object.string("type", "presence")
        .string("room", message.room)
        .number("count", message.count)
        .number("listening", message.listening);
    if (message.members) {
        std::string& members = object.field("members");
        members.push_back('[');
        bool first = true;
        for (const MemberInfo& member : *message.members) {
            if (!first) {
                members.push_back(',');
            }
            first = false;
            ObjectWriter entry(members);
            entry.string("member", member.member)
                .string("nick", member.nick)
                .boolean("listening", member.listening);
            if (!member.badge.empty()) {
                entry.string("badge", member.badge);
            }
            entry.close();
        }
        members.push_back(']');
    }
    object.number("staff", message.staff).number("quiet", message.quiet);
    object.close();
    return out;
}

std::string encode(const Gap& message) {
    std::string out;
    out.reserve(fixed_overhead + message.room.size());
    ObjectWriter object(out);
    object.string("type", "gap")
        .string("room", message.room)
        .number("from", message.from)
        .number("to", message.to);
    object.close();
    return out;
}

std::string encode(const Left& message) {
    std::string out;
    out.reserve(fixed_overhead + message.room.size() + message.reason.size());
    ObjectWriter object(out);
    object.string("type", "left").string("room", message.room);
    if (!message.reason.empty()) {
        object.string("reason", message.reason);
    }
    object.close();
    return out;
}

std::string encode(const Done& message) {
    std::string out;
    out.reserve(fixed_overhead + message.ref.size() + message.action.size());
    ObjectWriter object(out);
    object.string("type", "done").string("ref", message.ref).string("action", message.action);
    object.close();
    return out;
}

std::string encode(const ErrorFrame& message) {
    const Error& error = message.error;
    std::string out;
    // A message is always sent, so a caller that left it empty still gives people a sentence.
    out.reserve(fixed_overhead + error.message.size() + error.ref.size());
    ObjectWriter object(out);
    object.string("type", "error")
        .string("code", to_string(error.code))
        .string("message", error.message.empty() ? default_message(error.code) : error.message);
    if (!error.ref.empty()) {
        object.string("ref", error.ref);
    }
    if (message.retry_after_ms) {
        object.number("retry_after_ms", *message.retry_after_ms);
    }
    if (!message.room.empty()) {
        object.string("room", message.room);
    }
    if (!message.suggestions.empty()) {
        std::string& list = object.field("suggestions");
        list.push_back('[');
        for (std::size_t i = 0; i < message.suggestions.size(); ++i) {
            if (i > 0) {
                list.push_back(',');
            }
            append_quoted(list, message.suggestions[i]);
        }
        list.push_back(']');
    }
    object.close();
    return out;
}

}  // namespace ibasho::protocol
