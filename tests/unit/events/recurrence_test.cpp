// Occurrences of an event: weekly in a DST zone keeps the wall time, every other week across
// a year boundary, monthly by weekday (the 2nd Saturday, the last Friday), until and count,
// cancelled ones marked, bounded work far ahead, windows and overlaps; the book read from
// several threads while it changes.
#include <catch2/catch.hpp>

#include "server/events/event_book.hpp"
#include "server/events/event_json.hpp"
#include "server/events/recurrence.hpp"
#include "server/store/memory_store.hpp"

#include <atomic>
#include <thread>

using namespace ibasho::events;

namespace {

std::int64_t utc(const char* text) {
    const auto t = parse_rfc3339(text);
    REQUIRE(t);
    return *t;
}

Event make(const char* start, const char* end, const char* zone, Frequency freq, int week = 0,
           int weekday = 0) {
    Event e;
    e.id = "ev_AAAAAAAAAAAAAAAA";
    e.org = "main";
    e.start_ms = utc(start);
    e.end_ms = utc(end);
    e.zone = zone;
    e.recurrence.freq = freq;
    e.recurrence.week = week;
    e.recurrence.weekday = weekday;
    e.rooms = {{"tsudoi", "", {}}};
    return e;
}

std::vector<std::string> starts(const std::vector<Occurrence>& os) {
    std::vector<std::string> out;
    for (const auto& o : os) {
        out.push_back(format_utc(o.start_ms));
    }
    return out;
}

}  // namespace

TEST_CASE("a one-off event has one occurrence", "[events][recurrence]") {
    const Event e =
        make("2026-12-12T01:00:00Z", "2026-12-12T02:30:00Z", "Asia/Tokyo", Frequency::none);
    CHECK(starts(occurrences(e, 0, utc("2030-01-01T00:00:00Z"))) ==
          std::vector<std::string>{"2026-12-12T01:00:00Z"});
    // Overlap, not containment: a range inside the event finds it; one after it does not.
    CHECK(occurrences(e, utc("2026-12-12T02:00:00Z"), utc("2026-12-12T02:10:00Z")).size() == 1);
    CHECK(occurrences(e, utc("2026-12-12T02:30:00Z"), utc("2026-12-13T00:00:00Z")).empty());
    CHECK(occurrences(e, 0, utc("2026-12-12T01:00:00Z")).empty());
}

TEST_CASE("weekly in Europe/Berlin keeps 10:00 local across the DST change",
          "[events][recurrence]") {
    const Event e =
        make("2027-03-20T09:00:00Z", "2027-03-20T10:00:00Z", "Europe/Berlin", Frequency::weekly);
    CHECK(starts(occurrences(e, 0, utc("2027-04-04T00:00:00Z"))) ==
          std::vector<std::string>{"2027-03-20T09:00:00Z", "2027-03-27T09:00:00Z",
                                   "2027-04-03T08:00:00Z"});
}

TEST_CASE("every other week across a year boundary, and until", "[events][recurrence]") {
    // Tuesday 29 December 2026, 19:00 in Tokyo.
    Event e =
        make("2026-12-29T10:00:00Z", "2026-12-29T11:00:00Z", "Asia/Tokyo", Frequency::biweekly);
    e.recurrence.until_ms = utc("2027-01-26T10:00:00Z");  // inclusive: that one still starts
    const auto all = occurrences(e, 0, utc("2028-01-01T00:00:00Z"));
    CHECK(starts(all) == std::vector<std::string>{"2026-12-29T10:00:00Z", "2027-01-12T10:00:00Z",
                                                  "2027-01-26T10:00:00Z"});
    CHECK(all[2].index == 2);
}

TEST_CASE("monthly on the 2nd Saturday, cancelled marked, count", "[events][recurrence]") {
    Event e = make("2026-12-12T01:00:00Z", "2026-12-12T02:30:00Z", "Asia/Tokyo",
                   Frequency::monthly_weekday, 2, 6);
    e.cancelled_ms = {utc("2027-01-09T01:00:00Z")};
    e.recurrence.count = 4;
    const auto all = occurrences(e, 0, utc("2030-01-01T00:00:00Z"));
    CHECK(starts(all) == std::vector<std::string>{"2026-12-12T01:00:00Z", "2027-01-09T01:00:00Z",
                                                  "2027-02-13T01:00:00Z", "2027-03-13T01:00:00Z"});
    CHECK_FALSE(all[0].cancelled);
    CHECK(all[1].cancelled);
    CHECK(occurrence_at(e, utc("2027-02-13T01:00:00Z")));
    CHECK_FALSE(occurrence_at(e, utc("2027-02-13T01:00:01Z")));
    CHECK_FALSE(occurrence_at(e, utc("2027-04-10T01:00:00Z")));  // the 5th: past the count
}

TEST_CASE("monthly on the last Friday, in a zone with DST", "[events][recurrence]") {
    // Friday 25 December 2026 18:00 in New York (23:00Z); the last Friday of each month after.
    const Event e = make("2026-12-25T23:00:00Z", "2026-12-26T00:00:00Z", "America/New_York",
                         Frequency::monthly_weekday, -1, 5);
    CHECK(starts(occurrences(e, 0, utc("2027-04-01T00:00:00Z"))) ==
          std::vector<std::string>{"2026-12-25T23:00:00Z", "2027-01-29T23:00:00Z",
                                   "2027-02-26T23:00:00Z", "2027-03-26T22:00:00Z"});
}

TEST_CASE("far ahead: the same answer, bounded work", "[events][recurrence]") {
    const Event e =
        make("2026-12-12T01:00:00Z", "2026-12-12T02:00:00Z", "Asia/Tokyo", Frequency::weekly);
    // Saturday 10:00 Tokyo, 30 years on: one occurrence in a one-week range.
    const auto far = occurrences(e, utc("2056-12-01T00:00:00Z"), utc("2056-12-08T00:00:00Z"));
    REQUIRE(far.size() == 1);
    CHECK(format_utc(far[0].start_ms) == "2056-12-02T01:00:00Z");
    CHECK(far[0].index == (utc("2056-12-02T01:00:00Z") - e.start_ms) / (7 * 86'400'000LL));
    // An open-ended event over a century is cut at the cap.
    CHECK(occurrences(e, 0, utc("2199-01-01T00:00:00Z")).size() == occurrences_max);
    const Event monthly = make("2026-12-12T01:00:00Z", "2026-12-12T02:00:00Z", "Asia/Tokyo",
                               Frequency::monthly_weekday, 2, 6);
    const auto m = occurrences(monthly, utc("2046-06-01T00:00:00Z"), utc("2046-07-01T00:00:00Z"));
    REQUIRE(m.size() == 1);
    CHECK(format_utc(m[0].start_ms) == "2046-06-09T01:00:00Z");  // the 2nd Saturday
}

TEST_CASE("windows: opens before start, one per room, pair_room for paired events",
          "[events][windows]") {
    Event e = make("2026-12-12T01:00:00Z", "2026-12-12T02:30:00Z", "Asia/Tokyo", Frequency::weekly);
    e.rooms = {{"honnin", "lived", {"st_a"}}, {"kazoku", "family", {"st_b"}}};
    e.capacity = 12;
    e.cancelled_ms = {utc("2026-12-19T01:00:00Z")};
    const auto w = event_windows(e, utc("2026-12-12T00:00:00Z"), utc("2026-12-26T00:55:00Z"));
    // The 12th (two rooms), the 19th cancelled, the 26th opens at 00:50Z (inside the range).
    REQUIRE(w.size() == 4);
    CHECK(w[0].room == "honnin");
    CHECK(w[0].pair_room == "kazoku");
    CHECK(w[1].pair_room == "honnin");
    CHECK(w[1].side == "family");
    CHECK(w[1].supporters == std::vector<std::string>{"st_b"});
    CHECK(w[0].opens_ms == utc("2026-12-12T00:50:00Z"));
    CHECK(w[0].starts_ms == utc("2026-12-12T01:00:00Z"));
    CHECK(w[0].ends_ms == utc("2026-12-12T02:30:00Z"));
    CHECK(w[0].capacity == 12);
    CHECK(w[2].starts_ms == utc("2026-12-26T01:00:00Z"));
    // A range ending just before the window opens sees nothing of it.
    CHECK(event_windows(e, utc("2026-12-26T00:00:00Z"), utc("2026-12-26T00:49:59Z")).empty());
    // In person: no windows.
    e.rooms.clear();
    CHECK(event_windows(e, 0, utc("2030-01-01T00:00:00Z")).empty());
}

TEST_CASE("overlaps: windows in a shared room, cancelled ones do not count", "[events][windows]") {
    Event a = make("2026-12-12T01:00:00Z", "2026-12-12T02:00:00Z", "Asia/Tokyo", Frequency::weekly);
    a.id = "ev_aaaaaaaaaaaaaaaa";
    // b starts 5 minutes after a ends, but opens 10 minutes before its start: a clash.
    Event b = make("2026-12-26T02:05:00Z", "2026-12-26T03:00:00Z", "Asia/Tokyo", Frequency::none);
    b.id = "ev_bbbbbbbbbbbbbbbb";
    std::int64_t at = 0;
    CHECK(windows_clash(b, a, 0, utc("2028-01-01T00:00:00Z"), &at));
    CHECK(at == utc("2026-12-26T01:00:00Z"));
    b.open_before_min = 5;  // now it opens as a ends
    CHECK_FALSE(windows_clash(b, a, 0, utc("2028-01-01T00:00:00Z")));
    b.open_before_min = 10;
    a.cancelled_ms = {utc("2026-12-26T01:00:00Z")};
    CHECK_FALSE(windows_clash(b, a, 0, utc("2028-01-01T00:00:00Z")));
    a.cancelled_ms.clear();
    b.rooms = {{"other", "", {}}};
    CHECK_FALSE(windows_clash(b, a, 0, utc("2028-01-01T00:00:00Z")));
    // A clash past the horizon is not looked at.
    b.rooms = {{"tsudoi", "", {}}};
    CHECK_FALSE(windows_clash(b, a, utc("2027-01-01T00:00:00Z"), utc("2028-01-01T00:00:00Z")));
}

TEST_CASE("event book: readers on other threads while events are written", "[events][book]") {
    ibasho::ManualClock clock;
    ibasho::MemoryStore store{clock};
    EventBook book(store);
    book.start();
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> reads{0};
    std::atomic<bool> went_back{false};
    const std::int64_t until = utc("2027-01-01T00:00:00Z");
    std::vector<std::thread> readers;
    // Catch's assertions are for the test's own thread: readers only note what they saw.
    for (int t = 0; t < 3; ++t) {
        readers.emplace_back([&] {
            std::size_t last = 0;
            while (!stop) {
                const std::size_t n = book.windows_between(0, until).size();
                // Events are only added: a reader never sees the book shrink or go past 100.
                if (n < last || n > 100) {
                    went_back = true;
                }
                last = n;
                ++reads;
            }
        });
    }
    for (int i = 0; i < 100; ++i) {
        Event e =
            make("2026-12-12T01:00:00Z", "2026-12-12T02:00:00Z", "Asia/Tokyo", Frequency::none);
        e.id = new_event_id();
        e.rooms = {{"room-" + std::to_string(i), "", {}}};
        e.audience = {"open"};
        e.title.ja = "つどい";
        store.put({"event", e.id, "main", 0, to_json(e).dump(), {}}, 0, nullptr);
    }
    stop = true;
    for (auto& t : readers) {
        t.join();
    }
    CHECK(book.snapshot()->events.size() == 100);
    CHECK(book.windows_between(0, utc("2027-01-01T00:00:00Z")).size() == 100);
    CHECK(reads > 0);
    CHECK_FALSE(went_back);
}
