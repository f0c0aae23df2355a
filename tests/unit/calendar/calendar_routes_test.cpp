#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "server/clock.hpp"
#include "server/events/calendar_routes.hpp"
#include "tests/unit/calendar/ical_cases.hpp"

using namespace ibasho;
using events::CalendarFeeds;
using events::CalendarRequest;

namespace {

struct Feeds {
    ManualClock clock{1'790'000'000'000};
    std::shared_ptr<std::vector<events::Event>> events =
        std::make_shared<std::vector<events::Event>>();
    CalendarFeeds feeds{[e = events] { return *e; }, clock};

    Feeds() {
        for (auto& [n, e] : test::ical_cases()) {
            events->push_back(e);
        }
    }

    api::Response get(std::string_view path, std::string_view query = {},
                      std::string_view inm = {}) {
        CalendarRequest r;
        r.path = path;
        r.query = query;
        r.if_none_match = inm;
        r.host = "ibasho.example:8443";
        r.https = true;
        return feeds.answer(r);
    }
};

std::size_t vevents(const std::string& text) {
    std::size_t n = 0;
    for (auto at = text.find("BEGIN:VEVENT"); at != std::string::npos;
         at = text.find("BEGIN:VEVENT", at + 1)) {
        ++n;
    }
    return n;
}

// The quoted part of a weak tag, as a client would send it back.
std::string strong_part(std::string_view tag) {
    REQUIRE(tag.substr(0, 2) == "W/");
    return std::string(tag.substr(2));
}

}  // namespace

TEST_CASE("the calendar paths are /calendar.ics and those under /calendar/") {
    CHECK(CalendarFeeds::handles("/calendar.ics"));
    CHECK(CalendarFeeds::handles("/calendar/ev_AbCdEfGhIjKlMnOp.ics"));
    CHECK_FALSE(CalendarFeeds::handles("/calendar"));
    CHECK_FALSE(CalendarFeeds::handles("/calendar.icsx"));
    CHECK_FALSE(CalendarFeeds::handles("/api/schedule"));
}

TEST_CASE("the feed is text/calendar with a weak ETag and every upcoming event") {
    Feeds f;
    const auto r = f.get("/calendar.ics");
    CHECK(r.status == 200);
    CHECK(r.header_value("Content-Type") == "text/calendar; charset=utf-8");
    CHECK(r.header_value("Cache-Control") == "no-cache");
    CHECK(r.header_value("ETag").substr(0, 3) == "W/\"");
    CHECK(r.header_value("Content-Disposition").empty());
    CHECK(vevents(r.body) == f.events->size());
    CHECK(r.body.find("UID:ev_SingleAAAAAAAAAA@ibasho.example\r\n") != std::string::npos);
    CHECK(r.body.find("URL:https://ibasho.example:8443/#/schedule\r\n") != std::string::npos);
}

TEST_CASE("If-None-Match with the feed's ETag is 304 with no body") {
    Feeds f;
    const auto first = f.get("/calendar.ics");
    const std::string tag(first.header_value("ETag"));
    const auto again = f.get("/calendar.ics", {}, tag);
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(again.header_value("ETag") == tag);
    CHECK(f.get("/calendar.ics", {}, strong_part(tag)).status == 304);
    CHECK(f.get("/calendar.ics", {}, "\"other\"").status == 200);
}

TEST_CASE("the ETag stays while only the time of writing moves, and changes with an event") {
    Feeds f;
    const std::string tag(f.get("/calendar.ics").header_value("ETag"));
    f.clock.advance(std::chrono::minutes(5));
    const auto later = f.get("/calendar.ics");
    CHECK(later.header_value("ETag") == tag);
    CHECK(f.get("/calendar.ics", {}, tag).status == 304);
    (*f.events)[0].version = 4;
    const auto edited = f.get("/calendar.ics", {}, tag);
    CHECK(edited.status == 200);
    CHECK(edited.header_value("ETag") != tag);
}

TEST_CASE("the feed keeps the same order whatever order the events come in") {
    Feeds f;
    const std::string tag(f.get("/calendar.ics").header_value("ETag"));
    std::reverse(f.events->begin(), f.events->end());
    CHECK(f.get("/calendar.ics").header_value("ETag") == tag);
}

TEST_CASE("org and audience filter the feed") {
    Feeds f;
    (*f.events)[0].org = "kita-npo";
    const auto kita = f.get("/calendar.ics", "org=kita-npo");
    CHECK(vevents(kita.body) == 1);
    CHECK(kita.body.find("ev_SingleAAAAAAAAAA") != std::string::npos);
    CHECK(vevents(f.get("/calendar.ics", "org=nowhere").body) == 0);
    const auto family = f.get("/calendar.ics", "audience=family");
    CHECK(vevents(family.body) == 2);  // the family meeting and the paired event
    CHECK(family.body.find("ev_MonthlyUntilAAAA") != std::string::npos);
    CHECK(family.body.find("ev_PairedAAAAAAAAAA") != std::string::npos);
    CHECK(vevents(f.get("/calendar.ics", "org=main&audience=family").body) == 2);
}

TEST_CASE("a bad query parameter is 400 naming it") {
    Feeds f;
    for (const auto* q : {"org=Main%20Org", "audience=%3Cb%3E", "lang=fr"}) {
        const auto r = f.get("/calendar.ics", q);
        INFO(q);
        CHECK(r.status == 400);
        CHECK(r.header_value("Content-Type") == "text/plain; charset=utf-8");
    }
    CHECK(f.get("/calendar.ics", "lang=fr").body.rfind("lang:", 0) == 0);
}

TEST_CASE("lang=en leads with English") {
    Feeds f;
    const auto r = f.get("/calendar.ics", "lang=en");
    CHECK(r.body.find("SUMMARY;LANGUAGE=en:Chat circle\r\n") != std::string::npos);
}

TEST_CASE("events whose every occurrence has ended leave the feed") {
    Feeds f;
    // 2027-02-01: past the weekly and biweekly UNTIL (2027-01-31) and the single events.
    f.clock.advance(std::chrono::milliseconds(1'801'440'000'000 - 1'790'000'000'000));
    const auto body = f.get("/calendar.ics").body;
    CHECK(body.find("ev_SingleAAAAAAAAAA") == std::string::npos);
    CHECK(body.find("ev_WeeklyUntilAAAAA") == std::string::npos);
    CHECK(body.find("ev_BiweeklyUntilAAA") == std::string::npos);
    CHECK(body.find("ev_MonthlyUntilAAAA") != std::string::npos);  // until June
    CHECK(body.find("ev_LondonWeeklyAAAA") != std::string::npos);  // starts later
}

TEST_CASE("still_ahead: single by its end, recurring by UNTIL or COUNT, open-ended always") {
    events::Event e;
    e.start_ms = 1000 * test::day_ms;
    e.end_ms = e.start_ms + test::hour_ms;
    CHECK(events::still_ahead(e, e.end_ms - 1));
    CHECK_FALSE(events::still_ahead(e, e.end_ms));
    e.recurrence.freq = events::Frequency::weekly;
    CHECK(events::still_ahead(e, e.end_ms + 10'000 * test::day_ms));
    e.recurrence.count = 3;  // the last ends 14 days and an hour after the start
    CHECK(events::still_ahead(e, e.start_ms + 14 * test::day_ms + test::hour_ms - 1));
    CHECK_FALSE(events::still_ahead(e, e.start_ms + 16 * test::day_ms + test::hour_ms));
    e.recurrence.count.reset();
    e.recurrence.until_ms = e.start_ms + 30 * test::day_ms;
    CHECK_FALSE(events::still_ahead(e, e.start_ms + 31 * test::day_ms));
}

TEST_CASE("one event's calendar is a download of that event only") {
    Feeds f;
    const auto r = f.get("/calendar/ev_PairedAAAAAAAAAA.ics");
    CHECK(r.status == 200);
    CHECK(r.header_value("Content-Type") == "text/calendar; charset=utf-8");
    CHECK(r.header_value("Content-Disposition") ==
          "attachment; filename=\"ev_PairedAAAAAAAAAA.ics\"");
    CHECK(r.header_value("Cache-Control") == "no-store");
    CHECK(vevents(r.body) == 1);
    const std::string tag(r.header_value("ETag"));
    const auto again = f.get("/calendar/ev_PairedAAAAAAAAAA.ics", {}, tag);
    CHECK(again.status == 304);
    CHECK(again.body.empty());
}

TEST_CASE("one event's calendar is there even after it has ended") {
    Feeds f;
    f.clock.advance(std::chrono::hours(24 * 365));
    CHECK(f.get("/calendar/ev_SingleAAAAAAAAAA.ics").status == 200);
}

TEST_CASE("an unknown event or path under /calendar/ is 404") {
    Feeds f;
    for (const auto* p : {"/calendar/ev_UnknownAAAAAAAAA.ics", "/calendar/ev_PairedAAAAAAAAAA",
                          "/calendar/nothing.ics", "/calendar/", "/calendar/a/b.ics",
                          "/calendar/ev_PairedAAAAAAAAAA.ics.ics"}) {
        INFO(p);
        const auto r = f.get(p);
        CHECK(r.status == 404);
        CHECK(r.header_value("Content-Type") == "text/plain; charset=utf-8");
    }
}

TEST_CASE("a Host header that is not a plain host name is not written into the calendar") {
    Feeds f;
    CalendarRequest r;
    r.path = "/calendar.ics";
    r.host = "evil.example/\r\nATTENDEE:x";
    const auto answer = f.feeds.answer(r);
    CHECK(answer.status == 200);
    CHECK(answer.body.find("evil") == std::string::npos);
    CHECK(answer.body.find("UID:ev_SingleAAAAAAAAAA@ibasho\r\n") != std::string::npos);
    CHECK(answer.body.find("URL:") == std::string::npos);
}
