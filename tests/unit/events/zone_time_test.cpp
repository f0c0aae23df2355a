// Wall-clock time in IANA zones: Asia/Tokyo (no DST), Europe/Berlin and America/New_York
// across their DST changes (a skipped and a repeated hour resolved as RFC 5545 does), the
// zone's transitions for VTIMEZONE, and the calendar arithmetic recurrence relies on.
#include <catch2/catch.hpp>

#include "server/events/event_json.hpp"
#include "server/events/zone_time.hpp"

using namespace ibasho::events;

namespace {

std::int64_t utc(const char* text) {
    const auto t = parse_rfc3339(text);
    REQUIRE(t);
    return *t;
}

LocalTime local(int y, int mo, int d, int h, int mi) {
    LocalTime t;
    t.year = y;
    t.month = mo;
    t.day = d;
    t.hour = h;
    t.minute = mi;
    return t;
}

}  // namespace

TEST_CASE("zone names: IANA zones only", "[events][zone]") {
    CHECK(valid_zone("Asia/Tokyo"));
    CHECK(valid_zone("Europe/Berlin"));
    CHECK(valid_zone("America/New_York"));
    CHECK_FALSE(valid_zone(""));
    CHECK_FALSE(valid_zone("Asia/Nowhere"));
    CHECK_FALSE(valid_zone("GMT+9"));
    CHECK_FALSE(valid_zone("JST"));
    CHECK_FALSE(valid_zone(std::string(200, 'a')));
}

TEST_CASE("Asia/Tokyo is UTC+9 all year", "[events][zone]") {
    CHECK(to_utc(local(2026, 12, 12, 10, 0), "Asia/Tokyo") == utc("2026-12-12T01:00:00Z"));
    CHECK(to_utc(local(2027, 7, 1, 0, 30), "Asia/Tokyo") == utc("2027-06-30T15:30:00Z"));
    const auto t = to_local(utc("2026-12-31T15:00:00Z"), "Asia/Tokyo");
    REQUIRE(t);
    CHECK(t->year == 2027);
    CHECK(t->month == 1);
    CHECK(t->day == 1);
    CHECK(t->hour == 0);
    CHECK(offset_ms(utc("2027-07-01T00:00:00Z"), "Asia/Tokyo") == 9 * 3'600'000);
    CHECK(
        transitions_between("Asia/Tokyo", utc("2026-01-01T00:00:00Z"), utc("2030-01-01T00:00:00Z"))
            .empty());
    CHECK_FALSE(to_utc(local(2026, 1, 1, 0, 0), "Nowhere/Zone"));
}

TEST_CASE("Europe/Berlin across DST: wall time kept, gap and repeat as RFC 5545",
          "[events][zone]") {
    // 10:00 in winter is 09:00Z, in summer 08:00Z.
    CHECK(to_utc(local(2027, 3, 27, 10, 0), "Europe/Berlin") == utc("2027-03-27T09:00:00Z"));
    CHECK(to_utc(local(2027, 3, 28, 10, 0), "Europe/Berlin") == utc("2027-03-28T08:00:00Z"));
    // 02:30 does not exist on 28 March 2027: the offset before the change (+01:00) applies.
    CHECK(to_utc(local(2027, 3, 28, 2, 30), "Europe/Berlin") == utc("2027-03-28T01:30:00Z"));
    // 02:30 happens twice on 25 October 2026: the first one (+02:00).
    CHECK(to_utc(local(2026, 10, 25, 2, 30), "Europe/Berlin") == utc("2026-10-25T00:30:00Z"));
    const auto back = to_local(utc("2027-03-28T08:00:00Z"), "Europe/Berlin");
    REQUIRE(back);
    CHECK(back->hour == 10);

    const auto tr = transitions_between("Europe/Berlin", utc("2026-06-01T00:00:00Z"),
                                        utc("2027-06-01T00:00:00Z"));
    REQUIRE(tr.size() == 2);
    CHECK(tr[0].at_ms == utc("2026-10-25T01:00:00Z"));
    CHECK(tr[0].offset_before_ms == 2 * 3'600'000);
    CHECK(tr[0].offset_after_ms == 1 * 3'600'000);
    CHECK_FALSE(tr[0].dst_after);
    CHECK(tr[1].at_ms == utc("2027-03-28T01:00:00Z"));
    CHECK(tr[1].dst_after);
}

TEST_CASE("America/New_York across the end of DST", "[events][zone]") {
    CHECK(to_utc(local(2026, 10, 31, 10, 0), "America/New_York") == utc("2026-10-31T14:00:00Z"));
    CHECK(to_utc(local(2026, 11, 7, 10, 0), "America/New_York") == utc("2026-11-07T15:00:00Z"));
    CHECK(offset_ms(utc("2026-11-07T15:00:00Z"), "America/New_York") == -5 * 3'600'000);
}

TEST_CASE("calendar arithmetic: weekdays, nth and last weekday of a month", "[events][zone]") {
    CHECK(weekday_of(2026, 12, 12) == 6);  // a Saturday
    CHECK(weekday_of(1970, 1, 1) == 4);
    CHECK(weekday_of(2000, 2, 29) == 2);
    CHECK(days_in_month(2028, 2) == 29);
    CHECK(days_in_month(2100, 2) == 28);
    CHECK(days_in_month(2000, 2) == 29);
    CHECK(nth_weekday_of_month(2027, 1, 2, 6) == 9);
    CHECK(nth_weekday_of_month(2027, 2, 2, 6) == 13);
    CHECK(nth_weekday_of_month(2027, 1, -1, 6) == 30);
    CHECK(nth_weekday_of_month(2027, 2, -1, 5) == 26);
    CHECK(nth_weekday_of_month(2027, 2, 5, 6) == 0);  // February 2027 has four Saturdays
    CHECK(week_of_month(12) == 2);
    CHECK(week_of_month(29) == 5);
    CHECK(is_last_weekday_of_month(2026, 12, 26));
    CHECK_FALSE(is_last_weekday_of_month(2026, 12, 19));
    const LocalTime d = civil_from_days(days_from_civil(2026, 12, 31) + 1);
    CHECK(d.year == 2027);
    CHECK(d.month == 1);
    CHECK(d.day == 1);
}
