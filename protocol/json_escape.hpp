// JSON string escaping for the encoder's hot path: bulk-copies safe runs, escapes the rest.
// Output is always valid UTF-8 JSON that never holds a raw newline or U+2028/U+2029.
#pragma once

#include <string>
#include <string_view>

namespace ibasho::protocol {

// Appends `s` as the inside of a JSON string (no quotes). Escapes '"', '\\', every control
// character (C0, DEL, C1) and U+2028/U+2029; keeps other UTF-8 as is; replaces ill-formed
// UTF-8 with U+FFFD so one bad input string can never make a frame unparsable.
void append_escaped(std::string& out, std::string_view s);

// Appends `s` as a complete JSON string, quotes included.
void append_quoted(std::string& out, std::string_view s);

std::string json_quote(std::string_view s);

}  // namespace ibasho::protocol
