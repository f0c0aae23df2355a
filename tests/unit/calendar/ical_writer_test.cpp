#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "server/events/ical_writer.hpp"
#include "server/events/zone_rules.hpp"
#include "tests/unit/calendar/ical_cases.hpp"

using namespace ibasho;
using events::Frequency;
using events::Recurrence;

namespace {

events::Event case_named(const std::string& name) {
    for (auto& [n, e] : test::ical_cases()) {
        if (n == name) {
            return e;
        }
    }
    FAIL("no case " << name);
    return {};
}

std::string write_one(const events::Event& e,
                      events::CalendarLanguage l = events::CalendarLanguage::ja) {
    events::IcalOptions o;
    o.host = "ibasho.example";
    o.now_ms = 1'790'000'000'000;
    o.schedule_url = "https://ibasho.example/#/schedule";
    o.language = l;
    std::string text = events::write_ical({e}, o).text;
    return text;
}

// The content lines joined again (RFC 5545 §3.1 unfolding), for finding a whole property.
std::string unfolded(std::string text) {
    for (auto at = text.find("\r\n "); at != std::string::npos; at = text.find("\r\n ", at)) {
        text.erase(at, 3);
    }
    return text;
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

bool has_line(const std::string& text, const std::string& line) {
    return text.find("\r\n" + line + "\r\n") != std::string::npos;
}

}  // namespace

TEST_CASE("rrule_value writes the three frequencies with UNTIL or COUNT") {
    Recurrence r;
    CHECK(events::rrule_value(r).empty());
    r.freq = Frequency::weekly;
    r.until_ms = 1'801'407'600'000;
    CHECK(events::rrule_value(r) == "FREQ=WEEKLY;UNTIL=20270131T150000Z");
    r.freq = Frequency::biweekly;
    r.until_ms.reset();
    r.count = 4;
    CHECK(events::rrule_value(r) == "FREQ=WEEKLY;INTERVAL=2;COUNT=4");
    r.freq = Frequency::monthly_weekday;
    r.week = 2;
    r.weekday = 6;
    CHECK(events::rrule_value(r) == "FREQ=MONTHLY;BYDAY=2SA;COUNT=4");
    r.week = -1;
    r.weekday = 0;
    CHECK(events::rrule_value(r) == "FREQ=MONTHLY;BYDAY=-1SU;COUNT=4");
}

TEST_CASE("rrule_value never writes UNTIL and COUNT together") {
    Recurrence r;
    r.freq = Frequency::weekly;
    r.until_ms = 1'801'407'600'000;
    r.count = 3;
    CHECK(events::rrule_value(r) == "FREQ=WEEKLY;UNTIL=20270131T150000Z");
}

TEST_CASE("ical_date_time writes local wall-clock time and UTC") {
    CHECK(events::ical_date_time(test::dec12_0100z, 9 * 3600) == "20261212T100000");
    CHECK(events::ical_date_time(test::dec12_0100z, 9 * 3600, true) == "20261212T010000Z");
    CHECK(events::ical_date_time(0, -5 * 3600) == "19691231T190000");
}

TEST_CASE("a single event has the calendar's fixed parts and the event's times in Tokyo") {
    const auto text = write_one(case_named("single"));
    CHECK(text.rfind("BEGIN:VCALENDAR\r\nPRODID:", 0) == 0);
    CHECK(has_line(text, "VERSION:2.0"));
    CHECK(has_line(text, "CALSCALE:GREGORIAN"));
    CHECK(has_line(text, "UID:ev_SingleAAAAAAAAAA@ibasho.example"));
    CHECK(has_line(text, "DTSTAMP:20260921T141320Z"));
    CHECK(has_line(text, "DTSTART;TZID=Asia/Tokyo:20261212T100000"));
    CHECK(has_line(text, "DTEND;TZID=Asia/Tokyo:20261212T113000"));
    CHECK(has_line(text, "SEQUENCE:3"));
    CHECK(has_line(text, "SUMMARY;LANGUAGE=ja:おしゃべり会"));
    CHECK(has_line(text, "URL:https://ibasho.example/#/schedule"));
    CHECK(has_line(text, "STATUS:CONFIRMED"));
    CHECK(text.find("RRULE") == std::string::npos);
    CHECK(text.find("LOCATION") == std::string::npos);  // online
    CHECK(text.size() >= 2);
    CHECK(text.substr(text.size() - 15) == "END:VCALENDAR\r\n");
}

TEST_CASE("Asia/Tokyo's VTIMEZONE is one STANDARD observance at +0900") {
    const auto text = write_one(case_named("single"));
    CHECK(count_of(text, "BEGIN:VTIMEZONE") == 1);
    CHECK(has_line(text, "TZID:Asia/Tokyo"));
    CHECK(has_line(text, "TZOFFSETFROM:+0900"));
    CHECK(has_line(text, "TZOFFSETTO:+0900"));
    CHECK(text.find("DAYLIGHT") == std::string::npos);
}

TEST_CASE("a zone with daylight time gets ICU's STANDARD and DAYLIGHT rules") {
    const auto text = write_one(case_named("london_weekly"));
    CHECK(has_line(text, "TZID:Europe/London"));
    CHECK(count_of(text, "BEGIN:DAYLIGHT") == 1);
    CHECK(count_of(text, "BEGIN:STANDARD") == 1);
    CHECK(has_line(text, "DTSTART;TZID=Europe/London:20270220T100000"));
}

TEST_CASE("a feed has one VTIMEZONE per zone used") {
    std::vector<events::Event> all;
    for (auto& [n, e] : test::ical_cases()) {
        all.push_back(e);
    }
    events::IcalOptions o;
    const auto text = events::write_ical(all, o).text;
    CHECK(count_of(text, "BEGIN:VTIMEZONE") == 2);
    CHECK(count_of(text, "BEGIN:VEVENT") == all.size());
}

TEST_CASE("an unknown zone is written in UTC, with a note") {
    auto e = case_named("weekly_until");
    e.zone = "Mars/Olympus";
    events::IcalOptions o;
    const auto result = events::write_ical({e}, o);
    CHECK(has_line(result.text, "DTSTART:20261212T010000Z"));
    CHECK(result.text.find("VTIMEZONE") == std::string::npos);
    REQUIRE(result.notes.size() == 1);
    CHECK(result.notes[0].find("Mars/Olympus") != std::string::npos);
}

TEST_CASE("an event's empty zone is the default zone") {
    auto e = case_named("single");
    e.zone = "";
    CHECK(has_line(write_one(e), "DTSTART;TZID=Asia/Tokyo:20261212T100000"));
}

TEST_CASE("recurrence is an RRULE and a cancelled occurrence an EXDATE in the zone") {
    const auto text = write_one(case_named("monthly_until_cancelled"));
    CHECK(has_line(text, "RRULE:FREQ=MONTHLY;BYDAY=2SA;UNTIL=20270630T150000Z"));
    CHECK(has_line(text, "EXDATE;TZID=Asia/Tokyo:20270109T100000"));
    CHECK(has_line(text, "STATUS:CONFIRMED"));
}

TEST_CASE("a monthly rule without its week takes it from the first start's local date") {
    CHECK(has_line(write_one(case_named("monthly_count")), "RRULE:FREQ=MONTHLY;BYDAY=2SA;COUNT=3"));
    auto last = case_named("monthly_last");
    CHECK(has_line(write_one(last), "RRULE:FREQ=MONTHLY;BYDAY=-1SA;COUNT=3"));
}

TEST_CASE("a cancelled single event is STATUS:CANCELLED, not an EXDATE") {
    const auto text = write_one(case_named("single_cancelled"));
    CHECK(has_line(text, "STATUS:CANCELLED"));
    CHECK(text.find("EXDATE") == std::string::npos);
}

TEST_CASE("an in-person event has an escaped LOCATION in both languages") {
    const auto text = unfolded(write_one(case_named("in_person")));
    CHECK(text.find("LOCATION;LANGUAGE=ja:区民センター 2階\\; 会議室A\\, 駅から5分 / Ward "
                    "centre\\, 2F\\; room A") != std::string::npos);
}

TEST_CASE("nothing about supporters, rooms or who joined is ever written") {
    for (auto& [name, e] : test::ical_cases()) {
        for (auto lang : {events::CalendarLanguage::ja, events::CalendarLanguage::en}) {
            const auto text = write_one(e, lang);
            INFO(name);
            CHECK(text.find("ATTENDEE") == std::string::npos);
            CHECK(text.find("ORGANIZER") == std::string::npos);
            CHECK(text.find("st_") == std::string::npos);
            CHECK(text.find("tsudoi") == std::string::npos);
            CHECK(text.find("@") == text.find("@ibasho.example"));  // the UID's only
        }
    }
}

TEST_CASE("Japanese leads by default, English with language en") {
    const auto ja = write_one(case_named("paired"));
    CHECK(has_line(ja, "SUMMARY;LANGUAGE=ja:ご本人とご家族の会"));
    const auto en = write_one(case_named("paired"), events::CalendarLanguage::en);
    CHECK(has_line(en, "SUMMARY;LANGUAGE=en:Lived experience and family"));
}

TEST_CASE("every physical line is at most 75 octets and ends with CRLF") {
    const auto text = write_one(case_named("long_japanese"));
    std::size_t start = 0;
    std::size_t lines = 0;
    while (start < text.size()) {
        const auto end = text.find("\r\n", start);
        REQUIRE(end != std::string::npos);
        CHECK(end - start <= 75);
        CHECK(text.substr(start, end - start).find('\n') == std::string::npos);
        start = end + 2;
        ++lines;
    }
    CHECK(lines > 20);
    CHECK(count_of(text, "\r\n ") >= 3);  // the summary and description were folded
}
