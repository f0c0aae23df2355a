// Instants as RFC 3339 text in UTC ("2026-12-12T01:00:00Z"), as the event fields of the wire
// show them. Pure arithmetic (civil-from-days), so no locale or time zone database is read.
#pragma once

#include <cstdint>
#include <string>

namespace ibasho::protocol {

// Whole seconds (milliseconds are dropped), always with the "Z" suffix.
std::string format_utc(std::int64_t unix_ms);

}  // namespace ibasho::protocol
