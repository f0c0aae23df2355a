#include "protocol/encode_client.hpp"

#include "protocol/json_writer.hpp"

namespace ibasho::protocol {
namespace {

using detail::ObjectWriter;

constexpr std::size_t fixed_overhead = 96;

}  // namespace

std::string encode(const Hello& message) {
    std::string out;
    out.reserve(fixed_overhead);
    ObjectWriter object(out);
    object.string("type", "hello").signed_number("v", message.v);
    if (message.resume) {
        object.string("resume", *message.resume);
    }
    if (message.staff) {
        object.string("staff", *message.staff);
    }
    object.close();
    return out;
}

std::string encode(const ListRooms& message) {
    if (!message.after) {
        return R"({"type":"rooms"})";
    }
    std::string out;
    ObjectWriter object(out);
    object.string("type", "rooms").string("after", *message.after);
    object.close();
    return out;
}

std::string encode(const Join& message) {
    std::string out;
    out.reserve(fixed_overhead + message.room.size() + message.nick.size());
    ObjectWriter object(out);
    object.string("type", "join").string("room", message.room).string("nick", message.nick);
    if (message.since) {
        object.number("since", *message.since);
    }
    if (message.affirm) {
        object.boolean("affirm", true);
    }
    if (message.listening) {
        object.boolean("listening", true);
    }
    object.close();
    return out;
}

std::string encode(const Leave& message) {
    std::string out;
    out.reserve(fixed_overhead + message.room.size());
    ObjectWriter object(out);
    object.string("type", "leave").string("room", message.room);
    object.close();
    return out;
}

std::string encode(const Say& message) {
    std::string out;
    out.reserve(fixed_overhead + message.room.size() + message.text.size() + message.id.size());
    ObjectWriter object(out);
    object.string("type", "say")
        .string("room", message.room)
        .string("text", message.text)
        .string("id", message.id);
    object.close();
    return out;
}

std::string encode(const Stamp& message) {
    std::string out;
    out.reserve(fixed_overhead + message.room.size() + message.id.size());
    ObjectWriter object(out);
    object.string("type", "stamp")
        .string("room", message.room)
        .string("stamp", message.stamp)
        .string("id", message.id);
    if (message.on) {
        object.number("on", *message.on);
    }
    object.close();
    return out;
}

std::string encode(const SetStatus& message) {
    std::string out;
    out.reserve(fixed_overhead + message.room.size());
    ObjectWriter object(out);
    object.string("type", "status")
        .string("room", message.room)
        .boolean("listening", message.listening);
    object.close();
    return out;
}

std::string encode(const ClientMessage& message) {
    return std::visit([](const auto& m) { return encode(m); }, message);
}

}  // namespace ibasho::protocol
