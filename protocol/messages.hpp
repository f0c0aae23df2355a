// Client -> server messages as plain structs, one per wire "type".
// The decoder (codec.hpp) produces them already validated; nothing here does I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace ibasho::protocol {

// {"type":"hello","v":1,"resume":"<token>"}
struct Hello {
    int v = 1;
    std::optional<std::string> resume;  // 22 base64url chars
};

// {"type":"rooms"}
struct ListRooms {};

// {"type":"join","room":"...","nick":"...","since":41,"affirm":true,"listening":false}
struct Join {
    std::string room;
    std::string nick;  // raw: 1..max_nick_bytes bytes; moderation/ normalises and applies 1..24
    std::optional<std::uint64_t> since;  // last seq the client saw, to resume from
    bool affirm = false;                 // "this room is for me" (age band, women, ...)
    bool listening = false;              // present without speaking
};

// {"type":"leave","room":"..."}
struct Leave {
    std::string room;
};

// {"type":"say","room":"...","text":"...","id":"..."}
struct Say {
    std::string room;
    std::string text;  // 1..max_text_chars code points, not only whitespace
    std::string id;
};

// {"type":"stamp","room":"...","stamp":"wakaru","id":"...","on":42}
struct Stamp {
    std::string room;
    std::string stamp;  // one of stamp_keys()
    std::string id;
    std::optional<std::uint64_t> on;  // seq of the message being answered, if any
};

// {"type":"status","room":"...","listening":true}
struct SetStatus {
    std::string room;
    bool listening = false;
};

using ClientMessage = std::variant<Hello, ListRooms, Join, Leave, Say, Stamp, SetStatus>;

// Stamps are a small fixed set, by stable key: "like" (👍), "wakaru" (わかる),
// "thanks" (ありがとう), "hug" (🫂). Clients draw the picture; the wire carries only the
// key.
std::span<const std::string_view> stamp_keys() noexcept;
bool is_stamp(std::string_view key) noexcept;

}  // namespace ibasho::protocol
