// Instants as the API writes them: RFC 3339 with an offset read in, UTC written out. Kept to
// the profile events use (years 2000..2199, at most nine fraction digits, milliseconds kept).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ibasho::events {

// RFC 3339 "2026-12-12T10:00:00+09:00" (or "...Z", fractions allowed) to unix ms; nullopt for
// anything else, and for years outside 2000..2199.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);
// "2026-12-12T01:00:00Z" (".250Z" when there are milliseconds).
std::string format_utc(std::int64_t unix_ms);

}  // namespace ibasho::events
