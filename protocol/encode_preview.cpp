#include "protocol/encode.hpp"
#include "protocol/json_writer.hpp"

namespace ibasho::protocol {

std::string encode(const Preview& message) {
    std::size_t estimate = 128 + message.room.size() + message.ref.size();
    for (const std::string& m : message.messages) {
        estimate += m.size() + 1;
    }
    std::string out;
    out.reserve(estimate);
    detail::ObjectWriter object(out);
    object.string("type", "preview")
        .string("room", message.room)
        .string("ref", message.ref)
        .string("view", message.view);
    if (message.view == "messages") {
        object.number("count", message.count).number("quiet", message.quiet);
        // Each entry is a room event as the encoder wrote it (one JSON object, no raw newline):
        // copied in as it is, so what a reader previews is what members were sent.
        std::string& list = object.field("messages");
        list.push_back('[');
        for (std::size_t i = 0; i < message.messages.size(); ++i) {
            if (i > 0) {
                list.push_back(',');
            }
            list += message.messages[i];
        }
        list.push_back(']');
    }
    object.close();
    return out;
}

}  // namespace ibasho::protocol
