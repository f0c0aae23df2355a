// What a calendar needs to know of an IANA time zone: its UTC offset at an instant, and a
// VTIMEZONE that describes it. Asia/Tokyo is built in; other zones come from ICU's rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ibasho::events {

inline constexpr std::string_view tokyo_zone = "Asia/Tokyo";

// Whether ICU knows `zone` (Asia/Tokyo always). Unknown names are not guessed at.
bool zone_known(std::string_view zone);

// The zone's offset from UTC, in seconds, at `utc_ms`; nullopt for an unknown zone.
std::optional<int> utc_offset_seconds(std::string_view zone, std::int64_t utc_ms);

// The VTIMEZONE component's content lines (unfolded, without line ends), from BEGIN:VTIMEZONE
// to END:VTIMEZONE, with the rules in force near `near_ms` (ICU's simple rules: a standard and,
// where the zone has one, a daylight observance, each with its yearly RRULE). Asia/Tokyo is one
// STANDARD observance at +0900 with no daylight time. nullopt for an unknown zone.
std::optional<std::vector<std::string>> vtimezone_lines(std::string_view zone,
                                                        std::int64_t near_ms);

// "20261212T100000" for the wall-clock time `utc_ms + offset_seconds`; with `utc` true,
// "20261212T010000Z" for `utc_ms` itself (offset ignored).
std::string ical_date_time(std::int64_t utc_ms, int offset_seconds, bool utc = false);

}  // namespace ibasho::events
