// RFC 5545's text rules on their own: escaping TEXT values, and content lines ended by CRLF and
// folded at 75 octets without splitting a UTF-8 character. No calendar knowledge here.
#pragma once

#include <string>
#include <string_view>

namespace ibasho::events {

// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, every line break
// (CRLF, LF or CR) written as "\n", and other control characters (never valid in TEXT) left out.
std::string escape_text(std::string_view text);

// Appends `line` (one unfolded content line, no line break in it) to `out`, folded so that no
// physical line is longer than 75 octets before its CRLF: a continuation starts with one space,
// and a fold never falls inside a UTF-8 sequence.
void append_folded(std::string& out, std::string_view line);

inline constexpr std::size_t ical_line_octets = 75;

}  // namespace ibasho::events
