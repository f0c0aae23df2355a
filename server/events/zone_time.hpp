// Wall-clock time in an IANA zone and back (ICU's zone data), plus the calendar arithmetic of
// local dates that recurrence needs: weekdays, "the 2nd Saturday", the last weekday of a month.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ibasho::events {

// The organisations' zone unless they set another.
inline constexpr std::string_view default_zone = "Asia/Tokyo";

// A date and wall-clock time with no zone attached.
struct LocalTime {
    int year = 1970;
    int month = 1;  // 1..12
    int day = 1;    // 1..31
    int hour = 0;
    int minute = 0;
    int second = 0;
    int millisecond = 0;
};

// True for a zone ICU knows by an IANA name ("Asia/Tokyo", "Europe/Berlin"); false for "",
// unknown names and custom offsets such as "GMT+9".
bool valid_zone(std::string_view zone);

// The wall-clock time at `utc_ms` in `zone`; nullopt for an unknown zone.
std::optional<LocalTime> to_local(std::int64_t utc_ms, std::string_view zone);

// The instant a wall-clock time names in `zone`, resolved as RFC 5545 does (so the iCal feed
// and the schedule agree): a time skipped by a DST change uses the offset before the change
// (02:30 on a spring-forward night is 03:30 summer time), and a repeated time is the first of
// the two. nullopt for an unknown zone.
std::optional<std::int64_t> to_utc(const LocalTime& local, std::string_view zone);

// The zone's total offset from UTC at `utc_ms` (standard + DST), in ms; nullopt when unknown.
std::optional<std::int32_t> offset_ms(std::int64_t utc_ms, std::string_view zone);

// One change of a zone's offset, for VTIMEZONE (RFC 5545 3.6.5).
struct ZoneTransition {
    std::int64_t at_ms = 0;  // the instant (UTC) of the change
    std::int32_t offset_before_ms = 0;
    std::int32_t offset_after_ms = 0;
    bool dst_after = false;  // the new offset is daylight saving time
    std::string name_after;  // "CEST", "JST" when ICU knows a short name; else ""
};

// Every offset change in [from_ms, to_ms), oldest first (empty for a zone with none then, such
// as Asia/Tokyo today); at most `max` of them. Empty for an unknown zone.
std::vector<ZoneTransition> transitions_between(std::string_view zone, std::int64_t from_ms,
                                                std::int64_t to_ms, std::size_t max = 64);

// Civil-date arithmetic (proleptic Gregorian), zone-free.
std::int64_t days_from_civil(int year, int month, int day);  // days since 1970-01-01
LocalTime civil_from_days(std::int64_t days);                // the date of that day, 00:00
int weekday_of(int year, int month, int day);                // 0 = Sunday .. 6 = Saturday
int days_in_month(int year, int month);
// Which `weekday_of` this date is in its month: 1 for days 1-7, ... 5 for days 29-31.
inline int week_of_month(int day) {
    return (day - 1) / 7 + 1;
}
// True when no later day of the same month falls on the same weekday.
bool is_last_weekday_of_month(int year, int month, int day);
// The day of the month of the `week`-th `weekday` (week 1..5, or -1 for the last); 0 when the
// month has no such day (a 5th Saturday in a month with four).
int nth_weekday_of_month(int year, int month, int week, int weekday);

}  // namespace ibasho::events
