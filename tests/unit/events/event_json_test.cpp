// The event JSON: a good body parsed and written back in UTC, offsets accepted, the week of a
// monthly event derived (a 5th weekday refused unless "last" is asked for), and a table of bad
// bodies, each refused naming its field.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "server/events/event_json.hpp"
#include "server/store/store.hpp"

using namespace ibasho;
using namespace ibasho::events;
using nlohmann::json;

namespace {

json good() {
    return json::parse(R"({
      "title":{"ja":"家族のつどい","en":"Family meeting"},
      "description":{"ja":"月に一度","en":"Once a month"},
      "start":"2026-12-12T10:00:00+09:00","end":"2026-12-12T11:30:00+09:00",
      "audience":["family"],"capacity":20,
      "rooms":[{"room":"tsudoi-honnin","side":"lived","supporters":["st_a1"]},
               {"room":"tsudoi-kazoku","side":"family","supporters":["st_b2"]}],
      "place":null,
      "recurrence":{"freq":"monthly_weekday","until":"2027-06-30T15:00:00Z"},
      "cancelled":["2027-01-09T10:00:00+09:00"],
      "open_before_min":15})");
}

std::string field_of(const json& body) {
    Event e;
    const auto p = parse_event(body, e);
    return p ? p->field : "(accepted)";
}

}  // namespace

TEST_CASE("event JSON: a paired monthly event, in with offsets, out in UTC", "[events][json]") {
    Event e;
    REQUIRE_FALSE(parse_event(good(), e));
    CHECK(e.start_ms == *parse_rfc3339("2026-12-12T01:00:00Z"));
    CHECK(e.zone == "Asia/Tokyo");  // the organisation's zone by default
    CHECK(e.paired());
    CHECK(e.recurrence.freq == Frequency::monthly_weekday);
    CHECK(e.recurrence.week == 2);
    CHECK(e.recurrence.weekday == 6);
    CHECK(e.open_before_min == 15);
    e.id = "ev_AbCdEfGhIjKlMnOp";
    e.org = "main";
    const json out = to_json(e);
    CHECK(out["id"] == "ev_AbCdEfGhIjKlMnOp");
    CHECK(out["org"] == "main");
    CHECK(out["start"] == "2026-12-12T01:00:00Z");
    CHECK(out["end"] == "2026-12-12T02:30:00Z");
    CHECK(out["cancelled"] == json::array({"2027-01-09T01:00:00Z"}));
    CHECK(out["recurrence"]["until"] == "2027-06-30T15:00:00Z");
    CHECK(out["recurrence"]["week"] == 2);
    CHECK(out["place"].is_null());
    CHECK(out["rooms"][1]["supporters"] == json::array({"st_b2"}));

    // Its own output parses back to the same event (the record's body is this).
    StoreRecord rec{"event", "ev_AbCdEfGhIjKlMnOp", "main", 3, out.dump(), {}};
    const auto back = event_from_record(rec);
    REQUIRE(back);
    CHECK(to_json(*back) == out);
    CHECK(back->version == 3);
    rec.body = "{\"title\":1}";
    CHECK_FALSE(event_from_record(rec));
}

TEST_CASE("event JSON: in person, defaults, another zone", "[events][json]") {
    json b = good();
    b["rooms"] = json::array();
    b["place"] = {{"ja", "市民会館 2階"}, {"en", "Civic hall, 2F"}};
    b["zone"] = "Europe/Berlin";
    b.erase("open_before_min");
    b.erase("capacity");
    b.erase("description");
    b["recurrence"] = {{"freq", "weekly"}, {"count", 10}};
    Event e;
    REQUIRE_FALSE(parse_event(b, e));
    CHECK_FALSE(e.online());
    CHECK(e.place.en == "Civic hall, 2F");
    CHECK(e.open_before_min == 10);
    CHECK(e.capacity == 0);
    CHECK(e.zone == "Europe/Berlin");
    CHECK(e.recurrence.count == 10u);
    CHECK(e.recurrence.weekday == 6);  // 02:00 Saturday in Berlin
    ParseOptions osaka;
    osaka.org_zone = "America/New_York";
    b.erase("zone");
    REQUIRE_FALSE(parse_event(b, e, osaka));
    CHECK(e.zone == "America/New_York");
}

TEST_CASE("event JSON: the week of a monthly event", "[events][json]") {
    json b = good();
    // Saturday 26 December 2026 is the 4th and the last Saturday: 4 by default, -1 if asked.
    b["start"] = "2026-12-26T10:00:00+09:00";
    b["end"] = "2026-12-26T11:00:00+09:00";
    Event e;
    REQUIRE_FALSE(parse_event(b, e));
    CHECK(e.recurrence.week == 4);
    b["recurrence"]["week"] = -1;
    REQUIRE_FALSE(parse_event(b, e));
    CHECK(e.recurrence.week == -1);
    b["recurrence"]["week"] = 3;
    CHECK(field_of(b) == "recurrence.week");
    // Tuesday 29 December 2026 is a 5th Tuesday: refused unless the last one is asked for.
    b["start"] = "2026-12-29T10:00:00+09:00";
    b["end"] = "2026-12-29T11:00:00+09:00";
    b["recurrence"].erase("week");
    CHECK(field_of(b) == "recurrence.week");
    b["recurrence"]["week"] = -1;
    CHECK(field_of(b) == "(accepted)");
    // The 2nd Saturday is not the last one.
    b["start"] = "2026-12-12T10:00:00+09:00";
    b["end"] = "2026-12-12T11:00:00+09:00";
    CHECK(field_of(b) == "recurrence.week");
    b["recurrence"]["week"] = 2;
    b["recurrence"]["weekday"] = 5;
    CHECK(field_of(b) == "recurrence.weekday");
}

TEST_CASE("event JSON: bad bodies name their field", "[events][json]") {
    struct Case {
        const char* what;
        std::function<void(json&)> edit;
        const char* field;
    };
    const std::vector<Case> cases{
        {"an unknown field", [](json& b) { b["colour"] = "red"; }, "colour"},
        {"no title", [](json& b) { b.erase("title"); }, "title"},
        {"an empty title",
         [](json& b) {
             b["title"] = {{"ja", ""}, {"en", ""}};
         },
         "title"},
        {"a title in French", [](json& b) { b["title"]["fr"] = "x"; }, "title.fr"},
        {"a long title", [](json& b) { b["title"]["ja"] = std::string(201, 'a'); }, "title.ja"},
        {"a number for description", [](json& b) { b["description"] = 3; }, "description"},
        {"no start", [](json& b) { b.erase("start"); }, "start"},
        {"a start without offset", [](json& b) { b["start"] = "2026-12-12T10:00:00"; }, "start"},
        {"a start on 30 February", [](json& b) { b["start"] = "2027-02-30T10:00:00Z"; }, "start"},
        {"a start as a number", [](json& b) { b["start"] = 1790000000000; }, "start"},
        {"an end before start", [](json& b) { b["end"] = "2026-12-12T09:00:00+09:00"; }, "end"},
        {"an end equal to start", [](json& b) { b["end"] = b["start"]; }, "end"},
        {"two days long", [](json& b) { b["end"] = "2026-12-14T10:00:00+09:00"; }, "end"},
        {"an unknown zone", [](json& b) { b["zone"] = "Mars/Olympus"; }, "zone"},
        {"an offset for a zone", [](json& b) { b["zone"] = "GMT+9"; }, "zone"},
        {"no audience", [](json& b) { b.erase("audience"); }, "audience"},
        {"an empty audience", [](json& b) { b["audience"] = json::array(); }, "audience"},
        {"an unknown audience",
         [](json& b) {
             b["audience"] = {"family", "pets"};
         },
         "audience[1]"},
        {"an audience twice",
         [](json& b) {
             b["audience"] = {"family", "family"};
         },
         "audience[1]"},
        {"a negative capacity", [](json& b) { b["capacity"] = -1; }, "capacity"},
        {"a huge capacity", [](json& b) { b["capacity"] = 100000; }, "capacity"},
        {"no rooms", [](json& b) { b.erase("rooms"); }, "rooms"},
        {"three rooms", [](json& b) { b["rooms"].push_back(b["rooms"][0]); }, "rooms"},
        {"a room without id", [](json& b) { b["rooms"][0].erase("room"); }, "rooms[0].room"},
        {"a room id with a space", [](json& b) { b["rooms"][0]["room"] = "a b"; }, "rooms[0].room"},
        {"an unknown room key", [](json& b) { b["rooms"][1]["colour"] = 1; }, "rooms[1].colour"},
        {"a paired side missing", [](json& b) { b["rooms"][1]["side"] = ""; }, "rooms[1].side"},
        {"two lived sides", [](json& b) { b["rooms"][1]["side"] = "lived"; }, "rooms[1].side"},
        {"the same room twice", [](json& b) { b["rooms"][1]["room"] = "tsudoi-honnin"; },
         "rooms[1].room"},
        {"a single room with a side",
         [](json& b) {
             b["rooms"] = {{{"room", "tsudoi"}, {"side", "lived"}}};
         },
         "rooms[0].side"},
        {"a supporter that is not a staff id",
         [](json& b) { b["rooms"][0]["supporters"] = {"hikari"}; }, "rooms[0].supporters[0]"},
        {"a supporter twice",
         [](json& b) {
             b["rooms"][1]["supporters"] = {"st_b2", "st_b2"};
         },
         "rooms[1].supporters[1]"},
        {"a place for an online event",
         [](json& b) {
             b["place"] = {{"ja", "会館"}};
         },
         "place"},
        {"in person without a place", [](json& b) { b["rooms"] = json::array(); }, "place"},
        {"an unknown freq", [](json& b) { b["recurrence"]["freq"] = "daily"; }, "recurrence.freq"},
        {"until before start", [](json& b) { b["recurrence"]["until"] = "2026-01-01T00:00:00Z"; },
         "recurrence.until"},
        {"until as a date only", [](json& b) { b["recurrence"]["until"] = "2027-06-30"; },
         "recurrence.until"},
        {"a zero count", [](json& b) { b["recurrence"]["count"] = 0; }, "recurrence.count"},
        {"until on a one-off", [](json& b) { b["recurrence"]["freq"] = "none"; },
         "recurrence.until"},
        {"week on a weekly event",
         [](json& b) {
             b["recurrence"]["freq"] = "weekly";
             b["recurrence"]["week"] = 2;
         },
         "recurrence.week"},
        {"an unknown recurrence key", [](json& b) { b["recurrence"]["interval"] = 3; },
         "recurrence.interval"},
        {"a cancelled date only", [](json& b) { b["cancelled"] = {"2027-01-09"}; }, "cancelled[0]"},
        {"open 3 hours before", [](json& b) { b["open_before_min"] = 180; }, "open_before_min"},
        {"open 1.5 minutes before", [](json& b) { b["open_before_min"] = 1.5; }, "open_before_min"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        json b = good();
        c.edit(b);
        CHECK(field_of(b) == c.field);
    }
    CHECK(field_of(json::array()) == "");
}

TEST_CASE("RFC 3339: offsets, fractions, bounds", "[events][json]") {
    CHECK(parse_rfc3339("2026-12-12T10:00:00+09:00") == parse_rfc3339("2026-12-12T01:00:00Z"));
    CHECK(parse_rfc3339("2026-12-11T20:00:00-05:00") == parse_rfc3339("2026-12-12T01:00:00Z"));
    CHECK(parse_rfc3339("2026-12-12t01:00:00z") == parse_rfc3339("2026-12-12T01:00:00Z"));
    CHECK(*parse_rfc3339("2026-12-12T01:00:00.25Z") - *parse_rfc3339("2026-12-12T01:00:00Z") ==
          250);
    CHECK(format_utc(*parse_rfc3339("2026-12-12T01:00:00.25Z")) == "2026-12-12T01:00:00.250Z");
    CHECK(format_utc(*parse_rfc3339("2028-02-29T23:59:59+00:00")) == "2028-02-29T23:59:59Z");
    for (const char* bad :
         {"", "2026-12-12", "2026-12-12 01:00:00Z", "2026-13-01T00:00:00Z", "2026-12-12T24:00:00Z",
          "2026-12-12T01:00:00+0900", "1999-12-31T23:59:59Z", "2026-12-12T01:00:00Zjunk",
          "2026-12-12T01:00:00.Z"}) {
        INFO(bad);
        CHECK_FALSE(parse_rfc3339(bad));
    }
    CHECK(valid_event_id(new_event_id()));
    CHECK_FALSE(valid_event_id("ev_short"));
    CHECK_FALSE(valid_event_id("xx_AbCdEfGhIjKlMnOp"));
}
