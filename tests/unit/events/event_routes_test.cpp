// The event and schedule routes over the router, on the memory Store with a manual clock:
// who may read and write, every error (400 naming the field, 401, 403, 404, 409, 412), rooms
// checked against the catalogue, overlaps across organisations, paging, cancelling one
// occurrence, audit lines, another organisation's events never shown, and the public schedule.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "../staff/sync.hpp"
#include "server/api/router.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/clock.hpp"
#include "server/events/event_book.hpp"
#include "server/events/event_json.hpp"
#include "server/events/event_routes.hpp"
#include "server/events/schedule_routes.hpp"
#include "server/staff/staff_auth.hpp"
#include "server/store/memory_store.hpp"
#include "staff_fixture.hpp"

using namespace ibasho;
using namespace ibasho::api;
using nlohmann::json;

namespace {

const char* rooms_json = R"({"rooms":[
  {"id":"hiroba","name":{"ja":"ひろば","en":"Square"},"description":{"ja":"","en":""},
   "audience":["open"]},
  {"id":"tsudoi","name":{"ja":"つどい","en":"Meeting"},"description":{"ja":"","en":""},
   "audience":["open"],"scheduled":true},
  {"id":"tsudoi-honnin","name":{"ja":"本人","en":"Lived"},"description":{"ja":"","en":""},
   "audience":["open"],"scheduled":true},
  {"id":"tsudoi-kazoku","name":{"ja":"家族","en":"Family"},"description":{"ja":"","en":""},
   "audience":["family"],"scheduled":true},
  {"id":"mixed","name":{"ja":"混合","en":"Mixed"},"description":{"ja":"","en":""},
   "audience":["open","family"],"scheduled":true},
  {"id":"yoso","org":"other","name":{"ja":"よそ","en":"Elsewhere"},
   "description":{"ja":"","en":""},"audience":["open"],"scheduled":true}]})";

// Saturday 12 December 2026, 10:00-11:30 in Tokyo; the clock starts on 1 December.
json paired() {
    return json::parse(R"({
      "title":{"ja":"家族のつどい","en":"Family meeting"},
      "description":{"ja":"月に一度","en":"Once a month"},
      "start":"2026-12-12T10:00:00+09:00","end":"2026-12-12T11:30:00+09:00",
      "audience":["family"],"capacity":20,
      "rooms":[{"room":"tsudoi-honnin","side":"lived","supporters":["st_test0000000000001"]},
               {"room":"tsudoi-kazoku","side":"family","supporters":["st_org0000000000001"]}],
      "recurrence":{"freq":"monthly_weekday","until":"2027-06-30T15:00:00Z"}})");
}

json single(const char* room, const char* start, const char* end) {
    return json{{"title", {{"ja", "おしゃべり"}, {"en", "Chat"}}},
                {"start", start},
                {"end", end},
                {"audience", {"open"}},
                {"rooms", {{{"room", room}, {"side", ""}}}}};
}

struct Fixture {
    Fixture() {
        catalog.replace(chat::parse_rooms(rooms_json));
        events::add_event_routes(router, {store, auth, clock, catalog});
        events::add_schedule_routes(router, {book, clock});
        book.start();
        test::StaffSpec org;
        org.id = "st_org0000000000001";
        org.name = "みどり";
        org.role = "organiser";
        org.rooms = {};
        test::put_staff(store, org);
        organiser = test::put_staff_token(store, org.id, clock.unix_ms());
        const test::StaffSpec sup;
        test::put_staff(store, sup);
        supporter = test::put_staff_token(store, sup.id, clock.unix_ms());
    }

    Response call(Method m, std::string path, const std::string& token, json body = nullptr,
                  std::string if_match = {}) {
        Request req;
        req.method = m;
        const auto q = path.find('?');
        if (q != std::string::npos) {
            req.query = path.substr(q + 1);
            path.resize(q);
        }
        req.path = std::move(path);
        req.secure = true;
        req.if_match = std::move(if_match);
        if (!body.is_null()) {
            req.body = body.dump();
            req.content_type = "application/json";
        }
        if (!token.empty()) {
            req.authorization = "Bearer " + token;
        }
        test::Waiter<Response> w;
        router.dispatch(std::move(req), w.setter());
        return w.get();
    }

    // Creates an event as the organiser; the test fails unless it is 201.
    json create(const json& body) {
        const Response r = call(Method::post, "/api/orgs/main/events", organiser, body);
        INFO(r.body);
        REQUIRE(r.status == 201);
        return json::parse(r.body);
    }

    // An event of organisation "other", written straight into the Store.
    std::string put_other(const json& body) {
        events::Event e;
        REQUIRE_FALSE(events::parse_event(body, e));
        e.id = events::new_event_id();
        e.org = "other";
        StoreRecord rec{"event", e.id, "other", 0, events::to_json(e).dump(), {}};
        store.put(rec, 0, nullptr);
        return e.id;
    }

    // The actions audited, sorted (entries written in the same minute have no order).
    std::vector<std::string> audit_actions() {
        std::vector<std::string> out;
        store.list("audit", std::nullopt, [&](StoreResult, std::vector<StoreRecord> all) {
            for (const auto& r : all) {
                out.push_back(json::parse(r.body).value("action", ""));
            }
        });
        std::sort(out.begin(), out.end());
        return out;
    }

    ManualClock clock{*events::parse_rfc3339("2026-12-01T00:00:00Z")};
    MemoryStore store{clock};
    staff::StaffAuth auth{store, clock};
    chat::RoomCatalog catalog;
    events::EventBook book{store};
    Router router;
    std::string organiser;
    std::string supporter;
};

std::string code_of(const Response& r) {
    return json::parse(r.body)["error"]["code"];
}
std::string field_of(const Response& r) {
    return json::parse(r.body)["error"].value("field", "");
}

}  // namespace

TEST_CASE("events: an organiser creates a paired event, staff read it", "[events][api]") {
    Fixture f;
    const Response made = f.call(Method::post, "/api/orgs/main/events", f.organiser, paired());
    REQUIRE(made.status == 201);
    const json ev = json::parse(made.body);
    const std::string id = ev["id"];
    CHECK(events::valid_event_id(id));
    CHECK(ev["org"] == "main");
    CHECK(ev["start"] == "2026-12-12T01:00:00Z");
    CHECK(ev["zone"] == "Asia/Tokyo");
    CHECK(ev["recurrence"]["week"] == 2);
    CHECK(made.header_value("ETag") == "\"v1\"");
    CHECK(made.header_value("Location") == "/api/orgs/main/events/" + id);

    const Response got = f.call(Method::get, "/api/orgs/main/events/" + id, f.supporter);
    REQUIRE(got.status == 200);
    CHECK(json::parse(got.body) == ev);
    CHECK(got.header_value("ETag") == "\"v1\"");

    const json list = json::parse(f.call(Method::get, "/api/orgs/main/events", f.supporter).body);
    REQUIRE(list["items"].size() == 1);
    CHECK(list["items"][0]["id"] == id);
    CHECK(list["next"].is_null());
    CHECK(f.audit_actions() == std::vector<std::string>{"event_create"});

    // Every node's book follows the Store: the windows are there for the scheduler.
    const auto w = f.book.windows_between(*events::parse_rfc3339("2026-12-12T00:00:00Z"),
                                          *events::parse_rfc3339("2026-12-13T00:00:00Z"));
    REQUIRE(w.size() == 2);
    CHECK(w[0].event_id == id);
    CHECK(w[0].opens_ms == *events::parse_rfc3339("2026-12-12T00:50:00Z"));
}

TEST_CASE("events: 401, 403 and another organisation's 404", "[events][api]") {
    Fixture f;
    const std::string id = f.create(paired())["id"];
    CHECK(f.call(Method::get, "/api/orgs/main/events", "").status == 401);
    CHECK(f.call(Method::get, "/api/orgs/main/events", "not-a-token").status == 401);
    CHECK(f.call(Method::post, "/api/orgs/main/events", "", paired()).status == 401);

    const Response sup = f.call(Method::post, "/api/orgs/main/events", f.supporter, paired());
    CHECK(sup.status == 403);
    CHECK(code_of(sup) == "forbidden");
    CHECK(f.call(Method::put, "/api/orgs/main/events/" + id, f.supporter, paired()).status == 403);
    CHECK(f.call(Method::del, "/api/orgs/main/events/" + id, f.supporter).status == 403);
    CHECK(f.call(Method::post, "/api/orgs/main/events/" + id + "/cancel", f.supporter,
                 {{"start", "2026-12-12T01:00:00Z"}})
              .status == 403);

    // Another organisation's path: 404 for every route, even for an organiser.
    for (const auto& [m, path] : std::vector<std::pair<Method, std::string>>{
             {Method::get, "/api/orgs/other/events"},
             {Method::post, "/api/orgs/other/events"},
             {Method::get, "/api/orgs/other/events/" + id},
             {Method::put, "/api/orgs/other/events/" + id},
             {Method::del, "/api/orgs/other/events/" + id},
             {Method::post, "/api/orgs/other/events/" + id + "/cancel"},
             {Method::post, "/api/orgs/other/events/" + id + "/uncancel"}}) {
        INFO(path);
        const Response r =
            f.call(m, path, f.organiser,
                   m == Method::get || m == Method::del ? json(nullptr)
                                                        : json{{"start", "2026-12-12T01:00:00Z"}});
        CHECK(r.status == 404);
        CHECK(r.body.find("家族") == std::string::npos);
    }
    // Another organisation's event under our path: not there, not listed, not changeable.
    const std::string theirs =
        f.put_other(single("yoso", "2026-12-20T10:00:00+09:00", "2026-12-20T11:00:00+09:00"));
    CHECK(f.call(Method::get, "/api/orgs/main/events/" + theirs, f.organiser).status == 404);
    CHECK(f.call(Method::put, "/api/orgs/main/events/" + theirs, f.organiser, paired()).status ==
          404);
    CHECK(f.call(Method::del, "/api/orgs/main/events/" + theirs, f.organiser).status == 404);
    CHECK(f.call(Method::post, "/api/orgs/main/events/" + theirs + "/cancel", f.organiser,
                 {{"start", "2026-12-20T01:00:00Z"}})
              .status == 404);
    const json list = json::parse(f.call(Method::get, "/api/orgs/main/events", f.organiser).body);
    CHECK(list["items"].size() == 1);
    CHECK(f.call(Method::get, "/api/orgs/main/events/ev_nosuchevent00000", f.organiser).status ==
          404);
    CHECK(f.call(Method::get, "/api/orgs/main/events/junk", f.organiser).status == 404);
}

TEST_CASE("events: 400 names the field, rooms checked against the catalogue", "[events][api]") {
    Fixture f;
    struct Case {
        const char* what;
        std::function<void(json&)> edit;
        const char* field;
    };
    const std::vector<Case> cases{
        {"no title", [](json& b) { b.erase("title"); }, "title"},
        {"an unknown side", [](json& b) { b["rooms"][0]["side"] = "left"; }, "rooms[0].side"},
        {"an unknown freq", [](json& b) { b["recurrence"]["freq"] = "yearly"; }, "recurrence.freq"},
        {"an unknown room", [](json& b) { b["rooms"][0]["room"] = "nosuch"; }, "rooms[0].room"},
        {"another organisation's room", [](json& b) { b["rooms"][0]["room"] = "yoso"; },
         "rooms[0].room"},
        {"a room that is not scheduled", [](json& b) { b["rooms"][0]["room"] = "hiroba"; },
         "rooms[0].room"},
        {"a family room that is not for families only",
         [](json& b) { b["rooms"][1]["room"] = "mixed"; }, "rooms[1].room"},
        {"a lived room open to families", [](json& b) { b["rooms"][0]["room"] = "mixed"; },
         "rooms[0].room"},
        {"the family room on the lived side",
         [](json& b) {
             b["rooms"][0]["room"] = "tsudoi-kazoku";
             b["rooms"][1]["room"] = "tsudoi-honnin";
         },
         "rooms[0].room"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        json b = paired();
        c.edit(b);
        const Response r = f.call(Method::post, "/api/orgs/main/events", f.organiser, b);
        CHECK(r.status == 400);
        CHECK(code_of(r) == "bad_request");
        CHECK(field_of(r) == c.field);
    }
    // Supporters must be active staff of this organisation: during the event they moderate.
    test::StaffSpec gone;
    gone.id = "st_gone000000000001";
    gone.active = false;
    test::put_staff(f.store, gone);
    f.store.put({"staff",
                 "st_else000000000001",
                 "other",
                 0,
                 R"({"name":"よそ","role":"supporter","rooms":[],"password":"x",)"
                 R"("must_change":false,"active":true,"created_ms":0})",
                 {}},
                0, nullptr);
    for (const char* who : {"st_nobody0000000001", "st_gone000000000001", "st_else000000000001"}) {
        INFO(who);
        json b = paired();
        b["rooms"][1]["supporters"] = {"st_org0000000000001", who};
        const Response r = f.call(Method::post, "/api/orgs/main/events", f.organiser, b);
        CHECK(r.status == 400);
        CHECK(field_of(r) == "rooms[1].supporters[1]");
    }
    // Another organisation's room gets the same answer as a room that does not exist.
    json b = paired();
    b["rooms"][0]["room"] = "yoso";
    const std::string theirs = json::parse(
        f.call(Method::post, "/api/orgs/main/events", f.organiser, b).body)["error"]["message"];
    b["rooms"][0]["room"] = "nosuch";
    CHECK(json::parse(f.call(Method::post, "/api/orgs/main/events", f.organiser, b)
                          .body)["error"]["message"] == theirs);
    const Response not_object =
        f.call(Method::post, "/api/orgs/main/events", f.organiser, json::array());
    CHECK(not_object.status == 400);
    CHECK(f.call(Method::post, "/api/orgs/main/events", f.organiser).status == 400);
    CHECK(f.call(Method::get, "/api/orgs/main/events?limit=0", f.organiser).status == 400);
    CHECK(field_of(f.call(Method::get, "/api/orgs/main/events?limit=101", f.organiser)) == "limit");
    CHECK(f.audit_actions().empty());
}

TEST_CASE("events: the organisation's zone stands in for a missing one", "[events][api]") {
    Fixture f;
    f.store.put({"org",
                 "main",
                 "",
                 0,
                 R"({"name":{"ja":"本部","en":"Main"},"zone":"Europe/Berlin","created_ms":0})",
                 {}},
                0, nullptr);
    const json ev =
        f.create(single("tsudoi", "2026-12-12T10:00:00+01:00", "2026-12-12T11:00:00+01:00"));
    CHECK(ev["zone"] == "Europe/Berlin");
    json tokyo = single("tsudoi", "2026-12-13T10:00:00+09:00", "2026-12-13T11:00:00+09:00");
    tokyo["zone"] = "Asia/Tokyo";
    CHECK(f.create(tokyo)["zone"] == "Asia/Tokyo");
}

TEST_CASE("events: overlapping windows in a room are 409, across organisations", "[events][api]") {
    Fixture f;
    f.create(paired());  // 2nd Saturdays 10:00-11:30 Tokyo, open from 09:50
    // Saturday 9 January 2027, 11:35-12:00, opening at 11:25: meets the 2nd occurrence's end.
    json late = single("tsudoi-honnin", "2027-01-09T11:35:00+09:00", "2027-01-09T12:00:00+09:00");
    const Response clash = f.call(Method::post, "/api/orgs/main/events", f.organiser, late);
    REQUIRE(clash.status == 409);
    CHECK(code_of(clash) == "conflict");
    CHECK(field_of(clash) == "rooms[0].room");
    const std::string message = json::parse(clash.body)["error"]["message"];
    CHECK(message.find("家族のつどい") != std::string::npos);
    CHECK(message.find("2027-01-09 10:00") != std::string::npos);
    // Opening 5 minutes before instead: it opens as the other ends. Fine.
    late["open_before_min"] = 5;
    f.create(late);
    // The same time in another room is fine; in the second room of the pair it is not.
    f.create(single("tsudoi", "2027-01-09T10:00:00+09:00", "2027-01-09T11:00:00+09:00"));
    json second = paired();
    second["rooms"][0]["room"] = "tsudoi";
    second["start"] = "2027-02-13T10:30:00+09:00";
    second["end"] = "2027-02-13T11:00:00+09:00";
    second.erase("recurrence");
    const Response pair_clash = f.call(Method::post, "/api/orgs/main/events", f.organiser, second);
    CHECK(pair_clash.status == 409);
    CHECK(field_of(pair_clash) == "rooms[1].room");
    // Rooms are one space for every organisation: another organisation's event counts too.
    // (The catalogue gives a room one owner; this guards the Store's view, which spans all.)
    f.put_other(single("tsudoi", "2027-03-01T10:00:00+09:00", "2027-03-01T11:00:00+09:00"));
    CHECK(f.call(Method::post, "/api/orgs/main/events", f.organiser,
                 single("tsudoi", "2027-03-01T10:30:00+09:00", "2027-03-01T12:00:00+09:00"))
              .status == 409);
    // Beyond the two-year horizon nothing is checked (the clock is at 2026-12-01).
    json weekly = single("tsudoi", "2029-01-06T10:00:00+09:00", "2029-01-06T11:00:00+09:00");
    f.create(weekly);
}

TEST_CASE("events: PUT and DELETE with If-Match, 412 on a stale version", "[events][api]") {
    Fixture f;
    const json ev = f.create(paired());
    const std::string path = "/api/orgs/main/events/" + ev["id"].get<std::string>();
    json changed = ev;
    changed["title"]["en"] = "Family gathering";
    changed["capacity"] = 12;
    const Response put = f.call(Method::put, path, f.organiser, changed, "\"v1\"");
    REQUIRE(put.status == 200);
    CHECK(put.header_value("ETag") == "\"v2\"");
    CHECK(json::parse(put.body)["title"]["en"] == "Family gathering");
    CHECK(json::parse(put.body)["id"] == ev["id"]);  // the path's id, whatever the body says

    const Response stale = f.call(Method::put, path, f.organiser, changed, "\"v1\"");
    CHECK(stale.status == 412);
    CHECK(code_of(stale) == "precondition_failed");
    CHECK(f.call(Method::put, path, f.organiser, changed, "garbage").status == 412);
    // Without If-Match the write goes on top of what it read.
    CHECK(f.call(Method::put, path, f.organiser, changed).status == 200);
    json bad = changed;
    bad["end"] = "2026-12-12T00:00:00Z";
    CHECK(field_of(f.call(Method::put, path, f.organiser, bad)) == "end");
    // An event does not overlap itself.
    changed["start"] = "2026-12-12T10:15:00+09:00";
    CHECK(f.call(Method::put, path, f.organiser, changed).status == 200);

    CHECK(f.call(Method::del, path, f.organiser, nullptr, "\"v1\"").status == 412);
    const Response del = f.call(Method::del, path, f.organiser, nullptr, "\"v4\"");
    CHECK(del.status == 204);
    CHECK(del.body.empty());
    CHECK(f.call(Method::get, path, f.organiser).status == 404);
    CHECK(f.call(Method::del, path, f.organiser).status == 404);
    CHECK(f.audit_actions() == std::vector<std::string>{"event_create", "event_delete",
                                                        "event_update", "event_update",
                                                        "event_update"});
    CHECK(f.book.snapshot()->events.empty());
}

TEST_CASE("events: cancel and uncancel one occurrence", "[events][api]") {
    Fixture f;
    const json ev = f.create(paired());
    const std::string path = "/api/orgs/main/events/" + ev["id"].get<std::string>();
    const Response c = f.call(Method::post, path + "/cancel", f.organiser,
                              {{"start", "2027-01-09T10:00:00+09:00"}});
    REQUIRE(c.status == 200);
    CHECK(json::parse(c.body)["cancelled"] == json::array({"2027-01-09T01:00:00Z"}));
    CHECK(c.header_value("ETag") == "\"v2\"");
    // Again: already so, nothing written.
    const Response again =
        f.call(Method::post, path + "/cancel", f.organiser, {{"start", "2027-01-09T01:00:00Z"}});
    CHECK(again.status == 200);
    CHECK(again.header_value("ETag") == "\"v2\"");
    // The schedule and the windows leave it out.
    const json sched = json::parse(
        f.call(Method::get, "/api/schedule?from=2027-01-01T00:00:00Z&to=2027-02-01T00:00:00Z", "")
            .body);
    CHECK(sched["items"].empty());
    CHECK(f.book
              .windows_between(*events::parse_rfc3339("2027-01-09T00:00:00Z"),
                               *events::parse_rfc3339("2027-01-10T00:00:00Z"))
              .empty());

    // No occurrence then: 404 naming start; a broken start: 400.
    const Response none =
        f.call(Method::post, path + "/cancel", f.organiser, {{"start", "2027-01-10T01:00:00Z"}});
    CHECK(none.status == 404);
    CHECK(field_of(none) == "start");
    CHECK(field_of(f.call(Method::post, path + "/cancel", f.organiser, {{"start", "soon"}})) ==
          "start");
    CHECK(f.call(Method::post, path + "/cancel", f.organiser, json::object()).status == 400);
    CHECK(f.call(Method::post, path + "/cancel", f.organiser, {{"start", "2027-02-13T01:00:00Z"}},
                 "\"v1\"")
              .status == 412);

    // Meanwhile another event takes the room at that time: restoring it is a conflict.
    f.create(single("tsudoi-kazoku", "2027-01-09T10:00:00+09:00", "2027-01-09T11:00:00+09:00"));
    const Response clash =
        f.call(Method::post, path + "/uncancel", f.organiser, {{"start", "2027-01-09T01:00:00Z"}});
    CHECK(clash.status == 409);
    CHECK(field_of(clash) == "rooms[1].room");
    const Response fine =
        f.call(Method::post, path + "/uncancel", f.organiser, {{"start", "2027-02-13T01:00:00Z"}});
    CHECK(fine.status == 200);  // never cancelled: already so
    CHECK(f.audit_actions() ==
          std::vector<std::string>{"event_cancel", "event_create", "event_create"});
}

TEST_CASE("events: the list pages by id", "[events][api]") {
    Fixture f;
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        const std::string day = std::to_string(14 + i);
        ids.push_back(f.create(single("tsudoi", ("2026-12-" + day + "T10:00:00+09:00").c_str(),
                                      ("2026-12-" + day + "T11:00:00+09:00").c_str()))["id"]);
    }
    std::sort(ids.begin(), ids.end());
    const json first =
        json::parse(f.call(Method::get, "/api/orgs/main/events?limit=2", f.organiser).body);
    REQUIRE(first["items"].size() == 2);
    CHECK(first["items"][0]["id"] == ids[0]);
    CHECK(first["next"] == ids[1]);
    const json rest = json::parse(
        f.call(Method::get, "/api/orgs/main/events?limit=100&after=" + ids[1], f.organiser).body);
    REQUIRE(rest["items"].size() == 3);
    CHECK(rest["items"][0]["id"] == ids[2]);
    CHECK(rest["next"].is_null());
}

TEST_CASE("schedule: public, live occurrences in order, filters, no supporters",
          "[events][schedule]") {
    Fixture f;
    f.store.put({"org",
                 "main",
                 "",
                 0,
                 R"({"name":{"ja":"ひだまり会","en":"Hidamari"},"zone":"Asia/Tokyo"})",
                 {}},
                0, nullptr);
    const json fam = f.create(paired());
    json open = single("tsudoi", "2026-12-05T19:00:00+09:00", "2026-12-05T20:00:00+09:00");
    open["recurrence"] = {{"freq", "weekly"}};
    const json weekly = f.create(open);
    json person = single("tsudoi", "2026-12-03T14:00:00+09:00", "2026-12-03T15:00:00+09:00");
    person["rooms"] = json::array();
    person["place"] = {{"ja", "市民会館"}, {"en", "Civic hall"}};
    f.create(person);
    f.put_other(single("yoso", "2026-12-04T10:00:00+09:00", "2026-12-04T11:00:00+09:00"));

    const Response r = f.call(Method::get, "/api/schedule", "");
    REQUIRE(r.status == 200);
    const json s = json::parse(r.body);
    // 60 days from 1 December: 8 Saturdays of the weekly one (5 Dec .. 23 Jan), 2nd Saturdays
    // 12 Dec and 9 Jan, the one in person and the other organisation's.
    CHECK(s["items"].size() == 12);
    std::string last;
    for (const json& it : s["items"]) {
        CHECK(it["start"].get<std::string>() >= last);
        last = it["start"];
        CHECK(it.dump().find("st_") == std::string::npos);  // never a supporter
    }
    const json& first = s["items"][0];
    CHECK(first["online"] == false);
    CHECK(first["place"]["en"] == "Civic hall");
    CHECK(first["start"] == "2026-12-03T05:00:00Z");
    const json& other = s["items"][1];
    CHECK(other["org"] == "other");
    const auto paired_item = std::find_if(s["items"].begin(), s["items"].end(),
                                          [&](const json& it) { return it["event"] == fam["id"]; });
    REQUIRE(paired_item != s["items"].end());
    CHECK((*paired_item)["paired"] == true);
    CHECK((*paired_item)["opens"] == "2026-12-12T00:50:00Z");
    CHECK((*paired_item)["rooms"] == json::parse(R"([{"room":"tsudoi-honnin","side":"lived"},
                          {"room":"tsudoi-kazoku","side":"family"}])"));
    CHECK((*paired_item)["ics"] == "/calendar/" + fam["id"].get<std::string>() + ".ics");
    CHECK(s["orgs"] == json::parse(R"([{"id":"main","name":{"ja":"ひだまり会","en":"Hidamari"}},
                                       {"id":"other","name":{"ja":"other","en":"other"}}])"));

    const json families =
        json::parse(f.call(Method::get, "/api/schedule?audience=family", "").body);
    CHECK(families["items"].size() == 2);
    const json others = json::parse(f.call(Method::get, "/api/schedule?org=other", "").body);
    CHECK(others["items"].size() == 1);
    CHECK(others["orgs"].size() == 1);
    const json two = json::parse(f.call(Method::get, "/api/schedule?limit=2", "").body);
    CHECK(two["items"].size() == 2);
    const json window = json::parse(
        f.call(Method::get, "/api/schedule?from=2026-12-12T01:30:00Z&to=2026-12-12T02:00:00Z", "")
            .body);
    REQUIRE(window["items"].size() == 1);  // the one running then
    CHECK(window["items"][0]["event"] == fam["id"]);
    // Time moves on: what ended is gone.
    f.clock.advance(std::chrono::hours(24 * 40));
    const json later = json::parse(f.call(Method::get, "/api/schedule", "").body);
    CHECK(later["items"][0]["event"] == weekly["id"]);
    CHECK(later["items"][0]["start"] == "2027-01-16T10:00:00Z");

    for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
             {"audience=pets", "audience"},
             {"org=No!", "org"},
             {"from=tomorrow", "from"},
             {"from=2027-01-01T00:00:00Z&to=2026-12-01T00:00:00Z", "to"},
             {"from=2027-01-01T00:00:00Z&to=2027-03-15T00:00:00Z", "to"},
             {"limit=0", "limit"},
             {"limit=x", "limit"}}) {
        INFO(query);
        const Response bad = f.call(Method::get, "/api/schedule?" + query, "");
        CHECK(bad.status == 400);
        CHECK(field_of(bad) == field);
    }
}
