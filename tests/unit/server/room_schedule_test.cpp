#include <catch2/catch.hpp>

#include "protocol/utc_time.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/config.hpp"
#include "server/events/room_schedule.hpp"
#include "server/events/static_windows.hpp"

// The pure parts of the room scheduler (issue 14): a room's schedule from its windows and now,
// the effective state and capacity the catalogue gives, the UTC text on the wire, and the
// test-only windows file.

using namespace ibasho;
using namespace ibasho::events;

namespace {

constexpr std::int64_t minute = 60'000;
constexpr std::int64_t now = 1'790'000'000'000;

RoomWindow window(std::int64_t opens, std::int64_t starts, std::int64_t ends,
                  std::string event = "ev_AAAAAAAAAAAAAAAA") {
    RoomWindow w;
    w.room = "tsudoi";
    w.event_id = std::move(event);
    w.opens_ms = opens;
    w.starts_ms = starts;
    w.ends_ms = ends;
    return w;
}

}  // namespace

TEST_CASE("format_utc writes RFC 3339 UTC, whole seconds", "[schedule]") {
    CHECK(protocol::format_utc(0) == "1970-01-01T00:00:00Z");
    CHECK(protocol::format_utc(1'790'000'000'999) == "2026-09-21T14:13:20Z");
    CHECK(protocol::format_utc(1'796'000'000'000) == "2026-11-30T00:53:20Z");
    CHECK(protocol::format_utc(951'782'400'000) == "2000-02-29T00:00:00Z");  // a leap day
    CHECK(protocol::format_utc(-1) == "1969-12-31T23:59:59Z");
}

TEST_CASE("derive_schedule: nothing, next, shown, open, ended", "[schedule]") {
    CHECK(derive_schedule({}, now) == RoomSchedule{});

    // Opening in two days: known (for the refusal) but not shown yet.
    auto far = derive_schedule(
        {window(now + 48 * 60 * minute, now + 49 * 60 * minute, now + 50 * 60 * minute)}, now);
    REQUIRE(far.window);
    CHECK_FALSE(far.open);
    CHECK_FALSE(far.shown);
    CHECK_FALSE(shown_event(far));

    // Beyond the lookahead: unknown.
    CHECK_FALSE(
        derive_schedule(
            {window(now + lookahead_ms + 1, now + lookahead_ms + 2, now + lookahead_ms + 3)}, now)
            .window);

    // Within 24 h: shown, closed; the earlier of two is the next one.
    const auto soon = window(now + 10 * minute, now + 20 * minute, now + 80 * minute);
    const auto later = window(now + 120 * minute, now + 130 * minute, now + 190 * minute, "ev_B");
    auto s = derive_schedule({later, soon}, now);
    REQUIRE(s.window);
    CHECK(s.window->event_id == soon.event_id);
    CHECK(s.shown);
    CHECK_FALSE(s.open);
    const auto info = shown_event(s);
    REQUIRE(info);
    CHECK(info->opens_ms == soon.opens_ms);
    CHECK(info->ends_ms == soon.ends_ms);

    // Open from opens_ms (inclusive) to ends_ms (exclusive).
    CHECK_FALSE(derive_schedule({soon}, soon.opens_ms - 1).open);
    CHECK(derive_schedule({soon}, soon.opens_ms).open);
    CHECK(derive_schedule({soon}, soon.ends_ms - 1).open);
    const auto after = derive_schedule({soon, later}, soon.ends_ms);
    CHECK_FALSE(after.open);
    CHECK(after.window->event_id == "ev_B");

    CHECK(last_ended({soon, later}, soon.ends_ms)->event_id == soon.event_id);
    CHECK_FALSE(last_ended({soon, later}, soon.ends_ms - 1));
    CHECK(occurrence_key(soon) != occurrence_key(later));
}

TEST_CASE("a scheduled room is closed outside its windows and takes the event's capacity",
          "[schedule]") {
    chat::RoomCatalog catalog(chat::parse_rooms(R"({"rooms":[
      {"id":"tsudoi","name":{"ja":"つどい","en":"Meeting"},"audience":["open"],"scheduled":true,"capacity":30},
      {"id":"open","name":{"ja":"ひろば","en":"Open"},"audience":["open"]}]})"));
    const chat::RoomConfig* room = catalog.snapshot()->find("tsudoi");
    CHECK(room->effective_state() == chat::RoomState::closed);
    CHECK(room->effective_capacity() == 30);
    CHECK(catalog.snapshot()->find("open")->effective_state() == chat::RoomState::open);

    auto w = window(now, now, now + 60 * minute);
    w.capacity = 12;
    w.supporters = {"st_a"};
    const RoomSchedule open = derive_schedule({w}, now);
    CHECK(catalog.set_schedule("tsudoi", open));
    CHECK_FALSE(catalog.set_schedule("tsudoi", open));  // unchanged: no new snapshot
    CHECK_FALSE(catalog.set_schedule("nowhere", open));
    room = catalog.snapshot()->find("tsudoi");
    CHECK(room->effective_state() == chat::RoomState::open);
    CHECK(room->effective_capacity() == 12);
    CHECK(room->event_supporter("st_a"));
    CHECK_FALSE(room->event_supporter("st_b"));

    // Staff's live state still applies within the window; a reload keeps the schedule.
    catalog.set_state("tsudoi", chat::RoomState::locked);
    CHECK(catalog.snapshot()->find("tsudoi")->effective_state() == chat::RoomState::locked);
    catalog.replace(chat::parse_rooms(R"({"rooms":[
      {"id":"tsudoi","name":{"ja":"つどい","en":"Meeting"},"audience":["open"],"scheduled":true}]})"));
    CHECK(catalog.snapshot()->find("tsudoi")->schedule.open);
}

TEST_CASE("the test-only windows file is read strictly", "[schedule]") {
    const auto ok = parse_windows(R"({"windows":[{"room":"tsudoi","event":"ev_A","opens_ms":1,
        "starts_ms":2,"ends_ms":3,"capacity":4,"supporters":["st_a"],"side":"lived",
        "pair_room":"kazoku"},{"room":"r","event":"ev_B","starts_ms":5,"ends_ms":6}]})");
    REQUIRE(ok.size() == 2);
    CHECK(ok[0].capacity == 4);
    CHECK(ok[0].pair_room == "kazoku");
    CHECK(ok[1].opens_ms == 5);  // opens at the start when not given
    const StaticWindows source(ok);
    CHECK(source.windows_between(4, 10).size() == 1);
    CHECK(source.windows_between(0, 10).size() == 2);

    auto field_of = [](const std::string& text) {
        try {
            parse_windows(text);
        } catch (const ConfigError& e) {
            return e.field();
        }
        return std::string("no error");
    };
    CHECK(field_of("[]") == "schedule-windows");
    CHECK(field_of(R"({"windows":[{"event":"e","starts_ms":1,"ends_ms":2}]})") ==
          "schedule-windows[0].room");
    CHECK(field_of(R"({"windows":[{"room":"r","event":"e","starts_ms":1,"ends_ms":"2"}]})") ==
          "schedule-windows[0].ends_ms");
    CHECK(field_of(R"({"windows":[{"room":"r","event":"e","starts_ms":3,"ends_ms":2}]})") ==
          "schedule-windows[0]");
}
