// The text of a benchmark message and the few fields the generator reads from server lines.
// The hot path never runs a JSON parser: it finds the keys it needs and reads them in place.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ibasho::bench {

// What a sender writes into `text`: when it was sent (steady clock, ns), who sent it (slot in
// the room) and its per-sender sequence number. Letters only ('a'..'p' as hex digits, 'z' as
// padding): digit runs would look like phone numbers to the server's contact shield and be
// masked, and dots or '@' could look like addresses.
struct Stamp {
    std::int64_t sent_ns = 0;
    std::uint32_t slot = 0;
    std::uint32_t sender_seq = 0;
};

inline constexpr std::size_t stamp_chars = 32;

// Writes the stamp and pads with 'z' to `size` bytes (at least stamp_chars).
std::string encode_text(const Stamp& stamp, std::size_t size);
std::optional<Stamp> decode_text(std::string_view text);

// The kinds of server lines the generator cares about; everything else is `other`.
enum class LineType { message, welcome, joined, error, gap, other };
LineType line_type(std::string_view line);

// The value of "key":<number> in a line, or nothing. `key` includes its quotes and colon,
// e.g. "\"seq\":".
std::optional<std::uint64_t> number_field(std::string_view line, std::string_view key);
// The raw (still escaped) value of "key":"<string>" in a line. `key` is e.g. "\"text\":\"".
std::optional<std::string_view> string_field(std::string_view line, std::string_view key);

}  // namespace ibasho::bench
