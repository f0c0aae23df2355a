// The one writer of room events (`message`, `stamp`): the fields before and after the seq and
// ts that only the Broker knows, and the function that joins them into what clients receive.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/server_messages.hpp"

namespace ibasho::protocol {

// A room event before it is sequenced, in the frozen core order (type, room, seq, from, nick,
// text or stamp, ts, id, ...): `head` ends where the seq goes, `middle` runs from the seq to
// where the ts goes, `tail` from the ts to the end. The Broker carries the three as opaque
// bytes and every node finishes the frame with assemble_event() alone. No part contains a raw
// byte below 0x20 (JSON text escapes them), so a store can separate them with one such byte.
struct EventParts {
    std::string head;
    std::string middle;
    std::string tail;
};

// `badge` ("supporter" / "organiser"; empty for participants) goes last, after the frozen
// core fields, so clients that know only the core read the event unchanged; then
// `"shielded":true` when the contact shield masked something in the text (staff mark it).
// `re` (issue 13, a quoted reply: the seq of the message answered) comes right after `id`,
// the last frozen field, and before the badge.
EventParts message_parts(std::string_view room, std::string_view from, std::string_view nick,
                         std::string_view text, std::string_view id, std::string_view badge = {},
                         bool shielded = false, std::optional<std::uint64_t> re = std::nullopt);
EventParts stamp_parts(std::string_view room, std::string_view from, std::string_view nick,
                       std::string_view stamp, std::string_view id, std::optional<std::uint64_t> on,
                       std::string_view badge = {});

// A hidden message's place in history: {"type":"hidden","room","seq","ts","reason"} (the seq
// and ts of the message it replaces).
EventParts hidden_parts(std::string_view room, std::string_view reason);
// The room events that tell live members: {"type":"hide","room","seq","target","reason","ts"}
// and {"type":"unhide","room","seq","target","message":<the original object>,"ts"}.
// `message` is a complete event this writer produced (it is embedded as is).
EventParts hide_parts(std::string_view room, std::uint64_t target, std::string_view reason);
EventParts unhide_parts(std::string_view room, std::uint64_t target, std::string_view message);

// The inverse of assemble_event() for an event this writer produced with `seq` and `ts`:
// the parts that assemble it again (to restore a hidden message into history). nullopt when
// `event` does not have that shape. The cut points are found structurally: inside a JSON
// string every '"' is escaped, so `"seq":` and `,"ts":` can only be the fields themselves.
std::optional<EventParts> split_event(std::string_view event, std::uint64_t seq, std::int64_t ts);

// head + seq + middle + ts + tail: the complete object, the same bytes for every recipient.
std::string assemble_event(std::string_view head, std::uint64_t seq, std::string_view middle,
                           std::int64_t ts, std::string_view tail);

// Byte that separates the parts where they are stored as one string (Redis history).
inline constexpr char event_parts_separator = '\x1f';

}  // namespace ibasho::protocol
