// The occurrences of an event between two instants: weekly, every other week and monthly by
// weekday keep the first start's wall-clock time in the event's zone across DST changes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "server/events/event.hpp"

namespace ibasho::events {

struct Occurrence {
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;
    std::uint32_t index = 0;  // 0 for the first start; counts cancelled ones too
    bool cancelled = false;   // a single cancelled occurrence (Event::cancelled_ms)
};

// At most this many occurrences come back from one call: bounded work whatever is asked.
inline constexpr std::size_t occurrences_max = 2000;

// Every occurrence that overlaps [from_ms, to_ms) (start < to_ms and end > from_ms), in order,
// cancelled ones included and marked. Respects recurrence.until_ms (no start after it) and
// recurrence.count (indexes below it). Work is proportional to the result, not to how far
// `from_ms` lies past the first start. An event with an unknown zone has none.
std::vector<Occurrence> occurrences(const Event& event, std::int64_t from_ms, std::int64_t to_ms,
                                    std::size_t max = occurrences_max);

// The occurrence that starts exactly at `start_ms`, if the event has one (cancelled or not).
std::optional<Occurrence> occurrence_at(const Event& event, std::int64_t start_ms);

// True when the two events have a live occurrence each whose windows (start - open_before_min
// .. end) overlap in [from_ms, to_ms) and they share a room; `at_ms` gets the start of `other`'s
// first such occurrence.
bool windows_clash(const Event& event, const Event& other, std::int64_t from_ms, std::int64_t to_ms,
                   std::int64_t* at_ms = nullptr);

}  // namespace ibasho::events
