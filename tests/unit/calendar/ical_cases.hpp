// The events the calendar tests write: one of each shape the spec names (single, weekly,
// every other week, 2nd Saturday monthly, with UNTIL and COUNT, cancelled, in person, paired,
// long Japanese text, a zone with daylight time). Shared by the unit tests and ical_fixtures.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "server/events/event.hpp"

namespace ibasho::test {

// 2026-12-12T01:00:00Z, a Saturday (10:00 in Tokyo), the 2nd Saturday of December 2026.
inline constexpr std::int64_t dec12_0100z = 1'797'037'200'000;
inline constexpr std::int64_t hour_ms = 3'600'000;
inline constexpr std::int64_t day_ms = 24 * hour_ms;

std::vector<std::pair<std::string, events::Event>> ical_cases();

}  // namespace ibasho::test
