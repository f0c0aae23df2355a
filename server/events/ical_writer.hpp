// RFC 5545 calendars from events: VCALENDAR with one VTIMEZONE per zone used and one VEVENT
// per event (recurrence, cancelled occurrences, place). Pure: no clock, no Store, no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/events/event.hpp"

namespace ibasho::events {

// Which language leads. Japanese first (the people this is for read it first): SUMMARY and
// LOCATION in Japanese, the English title and text after the Japanese in DESCRIPTION. English
// leads the other way round (?lang=en), for people who read English first.
enum class CalendarLanguage { ja, en };

struct IcalOptions {
    std::string host = "ibasho";  // UID = "<event id>@<host>"
    std::int64_t now_ms = 0;      // DTSTAMP: when this calendar was written
    CalendarLanguage language = CalendarLanguage::ja;
    std::string schedule_url;                 // URL of each event ("" leaves it out); absolute
    std::string calendar_name;                // X-WR-CALNAME ("" leaves it out)
    std::string default_zone = "Asia/Tokyo";  // for events whose zone is ""
};

struct IcalResult {
    std::string text;                // the whole VCALENDAR, CRLF line ends, folded
    std::vector<std::string> notes;  // events written in UTC because their zone is unknown
};

// The calendar of `events`, in the order given. Never an ATTENDEE, an ORGANIZER, a supporter or
// anything about who joined: an event's rooms and supporters are not written at all.
IcalResult write_ical(const std::vector<Event>& events, const IcalOptions& options);

// The RRULE value for `r` ("FREQ=WEEKLY;INTERVAL=2;UNTIL=20270630T150000Z",
// "FREQ=MONTHLY;BYDAY=2SA;COUNT=6"); "" for none. RFC 5545 allows UNTIL or COUNT, not both:
// with both, UNTIL is written (the bound a reader can check without expanding the rule).
std::string rrule_value(const Recurrence& r);

}  // namespace ibasho::events
