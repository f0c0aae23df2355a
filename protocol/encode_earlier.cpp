#include "protocol/encode.hpp"
#include "protocol/json_writer.hpp"

namespace ibasho::protocol {

std::string encode(const EarlierEnd& message) {
    std::string out;
    out.reserve(112 + message.room.size() + message.ref.size());
    detail::ObjectWriter object(out);
    object.string("type", "earlier")
        .string("room", message.room)
        .string("ref", message.ref)
        .number("count", message.count)
        .boolean("more", message.more)
        .number("kept_s", message.kept_s);
    object.close();
    return out;
}

}  // namespace ibasho::protocol
