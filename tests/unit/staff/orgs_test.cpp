// Organisations, rooms in the Store and organisation scoping, over the router on the memory
// Store: the org and room endpoints with each error, the rooms file as a seed and a reload
// that follows it for seeded rooms only, and every staff endpoint tried with another
// organisation's ids (403/404, never data).
#include <catch2/catch.hpp>

#include <mutex>
#include <nlohmann/json.hpp>

#include "protocol/encode_reports.hpp"
#include "server/api/blocked_word_routes.hpp"
#include "server/api/moderation_routes.hpp"
#include "server/api/org_routes.hpp"
#include "server/api/report_routes.hpp"
#include "server/api/room_routes.hpp"
#include "server/api/router.hpp"
#include "server/api/staff_routes.hpp"
#include "server/chat/report_store.hpp"
#include "server/chat/room_records.hpp"
#include "server/clock.hpp"
#include "server/config.hpp"
#include "server/control/memory_control.hpp"
#include "server/staff/audit_log.hpp"
#include "server/staff/hash_worker.hpp"
#include "server/staff/invitations.hpp"
#include "server/staff/login_throttle.hpp"
#include "server/staff/staff_accounts.hpp"
#include "server/staff/staff_auth.hpp"
#include "server/staff/staff_tokens.hpp"
#include "server/staff/token_checker.hpp"
#include "server/store/memory_store.hpp"
#include "server/store/org_records.hpp"
#include "server/store/reason_list.hpp"
#include "staff_fixture.hpp"
#include "sync.hpp"

using namespace ibasho;
using namespace ibasho::api;
using nlohmann::json;

namespace {

constexpr const char* rooms_file = R"({"defaults":{"capacity":7},"rooms":[
  {"id":"open","name":{"ja":"ひろば","en":"Open"},"audience":["open"]},
  {"id":"second","name":{"ja":"二","en":"Two"},"audience":["family"],"capacity":9},
  {"id":"east-room","org":"east","name":{"ja":"東","en":"East"},"audience":["open"]}]})";

struct Fixture {
    Fixture() {
        records.watch();
        ensure_main_org(store, clock.unix_ms(), nullptr);
        records.start(rooms_file);
        add_staff_routes(router, {accounts, tokens, invitations, throttle, hasher, clock,
                                  staff::make_token_checker(auth), false, &catalog, &store});
        add_org_routes(router, {store, auth, clock, accounts});
        add_room_routes(router, {store, auth, clock});
        add_moderation_routes(router, {store, auth});
        add_blocked_word_routes(router, {store, auth, clock});
        add_report_routes(router, {store, clock, control, auth, reasons, catalog});
        main_org = staff("st_mainorg00000000001", "みどり", "organiser", "main", {});
        main_sup = staff("st_mainsup00000000001", "ひかり", "supporter", "main", {"open"});
        east_org = staff("st_eastorg00000000001", "あおい", "organiser", "east", {});
        east_sup = staff("st_eastsup00000000001", "そら", "supporter", "east", {"east-room"});
        op = staff("st_operator0000000001", "Operator", "operator", "", {});
    }

    std::string staff(const std::string& id, const std::string& name, const std::string& role,
                      const std::string& org, std::vector<std::string> rooms) {
        test::StaffSpec s;
        s.id = id;
        s.name = name;
        s.role = role;
        s.org = org;
        s.rooms = std::move(rooms);
        test::put_staff(store, s);
        return test::put_staff_token(store, id, clock.unix_ms());
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

    std::vector<std::string> catalogue_ids() {
        std::vector<std::string> ids;
        for (const auto& r : catalog.snapshot()->rooms) {
            ids.push_back(r.id);
        }
        return ids;
    }
    std::vector<std::string> gone_rooms() {
        std::lock_guard lock(gone_mutex);
        return gone;
    }

    ManualClock clock;
    MemoryStore store{clock};
    MemoryControl control{std::make_shared<MemoryControlBus>(), clock, "n"};
    staff::StaffTokens tokens{store, clock};
    staff::StaffAuth auth{store, clock};
    staff::StaffAccounts accounts{store, clock, tokens, &control};
    staff::Invitations invitations{store, clock};
    staff::LoginThrottle throttle{store};
    ReasonList reasons;
    chat::RoomCatalog catalog;
    std::mutex gone_mutex;
    std::vector<std::string> gone;
    chat::RoomRecords records{store, catalog, [this](const std::string& room) {
                                  std::lock_guard lock(gone_mutex);
                                  gone.push_back(room);
                              }};
    Router router;
    std::string main_org, main_sup, east_org, east_sup, op;
    // Last: joined first, while what its jobs touch is still there.
    staff::HashWorker hasher;
};

std::string code_of(const Response& r) {
    return json::parse(r.body)["error"]["code"];
}
std::string field_of(const Response& r) {
    return json::parse(r.body)["error"].value("field", "");
}
std::vector<std::string> item_ids(const Response& r) {
    std::vector<std::string> ids;
    const json body = json::parse(r.body);
    for (const auto& i : body["items"]) {
        ids.push_back(i["id"]);
    }
    return ids;
}

const json east_hiroba{{"id", "east-hiroba"},
                       {"name", {{"ja", "東ひろば"}, {"en", "East open room"}}},
                       {"audience", {"open"}},
                       {"capacity", 30}};

}  // namespace

TEST_CASE("orgs: main exists, operators create and delete, organisers edit their own",
          "[orgs][api]") {
    Fixture f;
    auto r = f.call(Method::get, "/api/orgs", f.op);
    REQUIRE(r.status == 200);
    CHECK(item_ids(r) == std::vector<std::string>{"east", "main"});
    CHECK(json::parse(r.body)["next"].is_null());
    CHECK(item_ids(f.call(Method::get, "/api/orgs", f.east_sup)) ==
          std::vector<std::string>{"east"});
    CHECK(item_ids(f.call(Method::get, "/api/orgs", f.main_org)) ==
          std::vector<std::string>{"main"});

    const json west{{"id", "west"}, {"name", {{"ja", "西"}, {"en", "West"}}}};
    r = f.call(Method::post, "/api/orgs", f.op, west);
    REQUIRE(r.status == 201);
    CHECK(r.header_value("ETag") == "\"v1\"");
    CHECK(json::parse(r.body)["zone"] == "Asia/Tokyo");
    CHECK(json::parse(r.body)["name"]["en"] == "West");
    r = f.call(Method::post, "/api/orgs", f.op, west);
    CHECK(r.status == 409);
    CHECK(code_of(r) == "conflict");
    CHECK(field_of(r) == "id");
    CHECK(f.call(Method::post, "/api/orgs", f.main_org, west).status == 403);
    CHECK(f.call(Method::post, "/api/orgs", "", west).status == 401);

    // Paging over id order.
    r = f.call(Method::get, "/api/orgs?limit=2", f.op);
    CHECK(item_ids(r) == std::vector<std::string>{"east", "main"});
    CHECK(json::parse(r.body)["next"] == "main");
    CHECK(item_ids(f.call(Method::get, "/api/orgs?limit=2&after=main", f.op)) ==
          std::vector<std::string>{"west"});
    CHECK(field_of(f.call(Method::get, "/api/orgs?limit=101", f.op)) == "limit");

    CHECK(f.call(Method::get, "/api/orgs/west", f.op).status == 200);
    CHECK(f.call(Method::get, "/api/orgs/west", f.east_org).status == 404);
    CHECK(f.call(Method::get, "/api/orgs/nowhere", f.op).status == 404);
    CHECK(f.call(Method::get, "/api/orgs/Bad!", f.op).status == 404);

    // An organiser renames their own organisation; a stale If-Match is 412.
    r = f.call(Method::put, "/api/orgs/east", f.east_org,
               {{"name", {{"ja", "東市"}, {"en", "East City"}}}}, "\"v1\"");
    REQUIRE(r.status == 200);
    CHECK(r.header_value("ETag") == "\"v2\"");
    CHECK(json::parse(f.call(Method::get, "/api/orgs/east", f.east_sup).body)["name"]["en"] ==
          "East City");
    CHECK(f.call(Method::put, "/api/orgs/east", f.east_org, {{"zone", "UTC"}}, "\"v1\"").status ==
          412);
    CHECK(f.call(Method::put, "/api/orgs/east", f.east_org, {{"zone", "UTC"}}, "v2").status == 412);
    CHECK(f.call(Method::put, "/api/orgs/east", f.east_sup, {{"zone", "UTC"}}).status == 403);
    CHECK(f.call(Method::put, "/api/orgs/east", f.main_org, {{"zone", "UTC"}}).status == 404);
    CHECK(f.call(Method::put, "/api/orgs/east", f.op, {{"zone", "UTC"}}).status == 200);

    CHECK(f.call(Method::del, "/api/orgs/west", f.east_org).status == 404);
    CHECK(f.call(Method::del, "/api/orgs/west", f.main_org).status == 404);
    CHECK(f.call(Method::del, "/api/orgs/main", f.main_org).status == 403);
    CHECK(f.call(Method::del, "/api/orgs/west", f.op, nullptr, "\"v9\"").status == 412);
    CHECK(f.call(Method::del, "/api/orgs/west", f.op).status == 204);
    CHECK(f.call(Method::get, "/api/orgs/west", f.op).status == 404);
    r = f.call(Method::del, "/api/orgs/main", f.op);
    CHECK(r.status == 409);
    // East still has rooms (the file's east-room) and staff.
    CHECK(f.call(Method::del, "/api/orgs/east", f.op).status == 409);
    // An organisation whose only record left is a help entry is not removed either.
    REQUIRE(f.call(Method::post, "/api/orgs", f.op,
                   {{"id", "south"}, {"name", {{"ja", "南"}, {"en", "South"}}}})
                .status == 201);
    f.store.put(StoreRecord{"help_entry", "he_AAAAAAAAAAAAAAAA", "south", 0, "{}", {}}, 0, nullptr);
    r = f.call(Method::del, "/api/orgs/south", f.op);
    CHECK(r.status == 409);
    CHECK(r.body.find("help entries") != std::string::npos);
}

TEST_CASE("orgs: a new organisation's fields are checked, each naming its field", "[orgs][api]") {
    Fixture f;
    auto field = [&](json body) {
        const Response r = f.call(Method::post, "/api/orgs", f.op, body);
        CHECK(r.status == 400);
        return field_of(r);
    };
    const json name{{"ja", "西"}, {"en", "West"}};
    CHECK(field({{"name", name}}) == "id");
    CHECK(field({{"id", "W"}, {"name", name}}) == "id");
    CHECK(field({{"id", "x"}, {"name", name}}) == "id");  // two characters at least
    CHECK(field({{"id", "west"}}) == "name");
    CHECK(field({{"id", "west"}, {"name", {{"ja", "西"}, {"en", ""}}}}) == "name.en");
    CHECK(field({{"id", "west"}, {"name", "West"}}) == "name");
    CHECK(field({{"id", "west"}, {"name", name}, {"zone", "Mars/Olympus_Mons"}}) == "zone");
    CHECK(field({{"id", "west"}, {"name", name}, {"zone", 9}}) == "zone");
    CHECK(f.call(Method::post, "/api/orgs", f.op, {{"id", "west"}, {"name", name}, {"zone", "UTC"}})
              .status == 201);
}

TEST_CASE("rooms API: create, read, page, change and delete, followed by the catalogue",
          "[orgs][rooms][api]") {
    Fixture f;
    CHECK(f.catalogue_ids() == std::vector<std::string>{"open", "second", "east-room"});

    auto r = f.call(Method::post, "/api/orgs/east/rooms", f.east_org, east_hiroba);
    REQUIRE(r.status == 201);
    CHECK(r.header_value("ETag") == "\"v1\"");
    const json created = json::parse(r.body);
    CHECK(created["org"] == "east");
    CHECK(created["seeded"] == false);
    CHECK(created["scheduled"] == false);
    CHECK(created["order"] == 3);  // after the file's rooms
    CHECK(f.catalogue_ids() ==
          std::vector<std::string>{"open", "second", "east-room", "east-hiroba"});
    CHECK(f.catalog.snapshot()->find("east-hiroba")->org == "east");
    CHECK(f.catalog.snapshot()->find("east-hiroba")->capacity == 30);

    // One id space across organisations.
    r = f.call(Method::post, "/api/orgs/main/rooms", f.main_org, east_hiroba);
    CHECK(r.status == 409);
    CHECK(field_of(r) == "id");
    json clash = east_hiroba;
    clash["id"] = "open";
    CHECK(f.call(Method::post, "/api/orgs/east/rooms", f.east_org, clash).status == 409);

    CHECK(f.call(Method::post, "/api/orgs/east/rooms", f.east_sup, east_hiroba).status == 403);
    CHECK(f.call(Method::post, "/api/orgs/east/rooms", f.op, east_hiroba).status == 403);
    CHECK(f.call(Method::post, "/api/orgs/east/rooms", "", east_hiroba).status == 401);
    CHECK(f.call(Method::post, "/api/orgs/main/rooms", f.east_org, east_hiroba).status == 404);

    r = f.call(Method::get, "/api/orgs/east/rooms", f.east_sup);
    REQUIRE(r.status == 200);
    CHECK(item_ids(r) == std::vector<std::string>{"east-hiroba", "east-room"});
    r = f.call(Method::get, "/api/orgs/east/rooms?limit=1", f.east_sup);
    CHECK(item_ids(r) == std::vector<std::string>{"east-hiroba"});
    CHECK(json::parse(r.body)["next"] == "east-hiroba");
    CHECK(item_ids(f.call(Method::get, "/api/orgs/east/rooms?after=east-hiroba", f.east_sup)) ==
          std::vector<std::string>{"east-room"});
    CHECK(field_of(f.call(Method::get, "/api/orgs/east/rooms?limit=x", f.east_sup)) == "limit");

    r = f.call(Method::get, "/api/orgs/east/rooms/east-hiroba", f.east_sup);
    REQUIRE(r.status == 200);
    CHECK(r.header_value("ETag") == "\"v1\"");
    CHECK(json::parse(r.body)["name"]["en"] == "East open room");
    CHECK(f.call(Method::get, "/api/orgs/east/rooms/nowhere", f.east_sup).status == 404);

    json changed = east_hiroba;
    changed["capacity"] = 10;
    changed.erase("id");
    r = f.call(Method::put, "/api/orgs/east/rooms/east-hiroba", f.east_org, changed, "\"v1\"");
    REQUIRE(r.status == 200);
    CHECK(r.header_value("ETag") == "\"v2\"");
    CHECK(json::parse(r.body)["order"] == 3);  // kept
    CHECK(f.catalog.snapshot()->find("east-hiroba")->capacity == 10);
    CHECK(f.call(Method::put, "/api/orgs/east/rooms/east-hiroba", f.east_org, changed, "\"v1\"")
              .status == 412);
    json renamed = changed;
    renamed["id"] = "other";
    r = f.call(Method::put, "/api/orgs/east/rooms/east-hiroba", f.east_org, renamed);
    CHECK(r.status == 400);
    CHECK(field_of(r) == "id");
    CHECK(f.call(Method::put, "/api/orgs/east/rooms/east-hiroba", f.east_sup, changed).status ==
          403);
    changed["capacity"] = 0;
    r = f.call(Method::put, "/api/orgs/east/rooms/east-hiroba", f.east_org, changed);
    CHECK(r.status == 400);
    CHECK(field_of(r) == "capacity");

    // An event that uses the room holds it.
    f.store.put({"event",
                 "ev_AAAAAAAAAAAAAAAA",
                 "east",
                 0,
                 json{{"rooms", {{{"room", "east-hiroba"}, {"side", ""}}}}}.dump(),
                 {}},
                0, nullptr);
    r = f.call(Method::del, "/api/orgs/east/rooms/east-hiroba", f.east_org);
    CHECK(r.status == 409);
    f.store.remove("event", "ev_AAAAAAAAAAAAAAAA", Store::any_version, nullptr);
    CHECK(f.call(Method::del, "/api/orgs/east/rooms/east-hiroba", f.east_org, nullptr, "\"v1\"")
              .status == 412);
    CHECK(f.call(Method::del, "/api/orgs/east/rooms/east-hiroba", f.east_sup).status == 403);
    CHECK(f.call(Method::del, "/api/orgs/east/rooms/east-hiroba", f.east_org, nullptr, "\"v2\"")
              .status == 204);
    CHECK(f.call(Method::get, "/api/orgs/east/rooms/east-hiroba", f.east_org).status == 404);
    CHECK(f.catalog.snapshot()->find("east-hiroba") == nullptr);
    // Its members are taken out, as from a closed room.
    CHECK(f.gone_rooms() == std::vector<std::string>{"east-hiroba"});
}

TEST_CASE("rooms API: a room is checked by the rooms file's rules, the error naming the field",
          "[orgs][rooms][api]") {
    Fixture f;
    auto field = [&](json change) {
        json body = east_hiroba;
        for (const auto& [k, v] : change.items()) {
            if (v.is_null()) {
                body.erase(k);
            } else {
                body[k] = v;
            }
        }
        const Response r = f.call(Method::post, "/api/orgs/east/rooms", f.east_org, body);
        CHECK(r.status == 400);
        return field_of(r);
    };
    CHECK(field({{"id", nullptr}}) == "id");
    CHECK(field({{"id", "Bad Id"}}) == "id");
    CHECK(field({{"name", nullptr}}) == "name");
    CHECK(field({{"name", {{"ja", ""}, {"en", "x"}}}}) == "name.ja");
    CHECK(field({{"audience", {"everyone"}}}) == "audience");
    CHECK(field({{"capacity", 0}}) == "capacity");
    CHECK(field({{"state", "asleep"}}) == "state");
    CHECK(field({{"rate_limit", {{"per_second", 0}}}}) == "rate_limit.per_second");
    CHECK(field({{"presence", "faces"}}) == "presence");
    CHECK(field({{"scheduled", "yes"}}) == "scheduled");
    CHECK(field({{"order", -1}}) == "order");
    CHECK(field({{"org", "main"}}) == "org");
    const Response not_object = f.call(Method::post, "/api/orgs/east/rooms", f.east_org, json(7));
    CHECK(not_object.status == 400);
    CHECK(field_of(not_object) == "room");
    CHECK(f.catalog.snapshot()->find("east-hiroba") == nullptr);
}

TEST_CASE("room records: the rooms file seeds a fresh Store, a reload follows it for seeded rooms",
          "[orgs][rooms]") {
    Fixture f;
    // Seeded in file order, with the file's defaults written into each record.
    const auto rooms = f.catalog.snapshot();
    REQUIRE(rooms->rooms.size() == 3);
    CHECK(rooms->rooms[0].capacity == 7);
    CHECK(rooms->rooms[1].capacity == 9);
    CHECK(rooms->rooms[2].org == "east");
    std::optional<StoreRecord> open;
    f.store.get("room", "open", [&](StoreResult r, StoreRecord rec) {
        REQUIRE(r == StoreResult::ok);
        open = rec;
    });
    REQUIRE(open);
    CHECK(open->owner == "main");
    const json body = json::parse(open->body);
    CHECK(body["seeded"] == true);
    CHECK(body["order"] == 0);
    CHECK(body["capacity"] == 7);
    // The file's organisations exist.
    CHECK(f.call(Method::get, "/api/orgs/east", f.op).status == 200);

    // Another node on the same Store, started with another file: the Store has rooms, so the
    // file seeds nothing and the catalogue is the Store's.
    chat::RoomCatalog other;
    chat::RoomRecords node2(f.store, other, nullptr);
    node2.watch();
    node2.start(R"({"rooms":[{"id":"elsewhere","name":{"ja":"x","en":"x"},"audience":["open"]}]})");
    CHECK(other.snapshot()->rooms.size() == 3);
    CHECK(other.snapshot()->find("elsewhere") == nullptr);

    // An organiser edits "second"; the file then changes "open", drops "second" and
    // "east-room", and adds "third": "second" stays as edited, the rest follow the file.
    json second{{"id", "second"},
                {"name", {{"ja", "二"}, {"en", "Edited"}}},
                {"audience", {"family"}},
                {"capacity", 3}};
    REQUIRE(f.call(Method::put, "/api/orgs/main/rooms/second", f.main_org, second).status == 200);
    f.records.apply_file(R"({"rooms":[
      {"id":"third","name":{"ja":"三","en":"Three"},"audience":["open"]},
      {"id":"open","name":{"ja":"ひろば","en":"Open"},"audience":["open"],"state":"locked"}]})");
    const auto after = f.catalog.snapshot();
    CHECK(after->find("east-room") == nullptr);
    REQUIRE(after->find("second") != nullptr);
    CHECK(after->find("second")->name.en == "Edited");
    REQUIRE(after->find("open") != nullptr);
    CHECK(after->find("open")->state == chat::RoomState::locked);
    CHECK(after->find("open")->capacity == 50);  // the new file has no defaults
    REQUIRE(after->find("third") != nullptr);
    CHECK(f.gone_rooms() == std::vector<std::string>{"east-room"});
    // Both nodes follow.
    CHECK(other.snapshot()->find("third") != nullptr);
    CHECK(other.snapshot()->find("east-room") == nullptr);

    // A broken file changes nothing.
    CHECK_THROWS_AS(f.records.apply_file(R"({"rooms":[{"id":"Bad Id"}]})"), ConfigError);
    CHECK(f.catalog.snapshot()->find("third") != nullptr);
}

TEST_CASE("orgs: an operator invites an organisation's first organiser", "[orgs][staff][api]") {
    Fixture f;
    auto r =
        f.call(Method::post, "/api/invitations", f.op, {{"org", "east"}, {"role", "organiser"}});
    REQUIRE(r.status == 201);
    const std::string code = json::parse(r.body)["code"];
    CHECK(field_of(f.call(Method::post, "/api/invitations", f.op, {{"role", "organiser"}})) ==
          "org");
    CHECK(
        f.call(Method::post, "/api/invitations", f.op, {{"org", "nowhere"}, {"role", "organiser"}})
            .status == 404);
    CHECK(field_of(f.call(Method::post, "/api/invitations", f.op,
                          {{"org", "east"}, {"rooms", {"east-room"}}})) == "role");
    r = f.call(Method::post, "/api/invitations/accept", "",
               {{"code", code}, {"name", "Haru"}, {"password", "a long enough password"}});
    REQUIRE(r.status == 200);
    const json joined = json::parse(r.body);
    CHECK(joined["staff"]["role"] == "organiser");
    CHECK(joined["staff"]["org"] == "east");
    const std::string haru = joined["token"];
    CHECK(item_ids(f.call(Method::get, "/api/orgs/east/rooms", haru)) ==
          std::vector<std::string>{"east-room"});
    // The operator manages organisations, not what happens inside one.
    CHECK(f.call(Method::get, "/api/staff", f.op).status == 403);
    CHECK(f.call(Method::get, "/api/audit", f.op).status == 403);
    CHECK(f.call(Method::get, "/api/orgs/east/rooms", f.op).status == 403);
    CHECK(f.call(Method::get, "/api/reasons", f.op).status == 403);
}

TEST_CASE("orgs: every staff endpoint with another organisation's ids is 403 or 404, never data",
          "[orgs][isolation][api]") {
    Fixture f;
    // Main's data: an edited reason list, reminder list and blocked words, an audit line, a
    // report and an ask in its room.
    const json reasons{{"reasons", {{{"id", "main_only"}, {"ja", "メイン"}, {"en", "main only"}}}}};
    REQUIRE(f.call(Method::put, "/api/reasons", f.main_org, reasons).status == 200);
    const json reminders{
        {"templates", {{{"id", "main_only"}, {"ja", "メイン"}, {"en", "main reminder"}}}}};
    REQUIRE(f.call(Method::put, "/api/reminders", f.main_sup, reminders).status == 200);
    const json words{{"entries", {{{"word", "mainword"}, {"action", "hide"}}}}};
    REQUIRE(f.call(Method::put, "/api/blocked-words", f.main_org, words).status == 200);
    staff::AuditEntry line;
    line.staff_name = "みどり";
    line.action = "mute";
    line.room = "open";
    line.org = "main";
    staff::record_audit(f.store, f.clock, line);
    protocol::ReportView report;
    report.id = "r_mainreport000001";
    report.room = "open";
    report.seq = 1;
    report.reason = "harassment";
    report.text = "main's reported text";
    report.member = "mb1";
    report.nick = "n";
    chat::ReportStore(f.store).add_report(report,
                                          [](StoreResult r) { REQUIRE(r == StoreResult::ok); });
    chat::AskRecord ask;
    ask.id = "q_mainask000000001";
    ask.room = "open";
    ask.member = "mb2";
    ask.nick = "m";
    ask.address = "addr";
    chat::ReportStore(f.store).put_ask(
        ask, 0, [](StoreResult r, std::uint64_t) { REQUIRE(r == StoreResult::ok); });

    // Whatever east's staff ask, nothing of main's comes back.
    for (const std::string& token : {f.east_org, f.east_sup}) {
        INFO((token == f.east_org ? "east organiser" : "east supporter"));
        auto no_data = [&](const Response& r) {
            CHECK(r.body.find("main_only") == std::string::npos);
            CHECK(r.body.find("main reminder") == std::string::npos);
            CHECK(r.body.find("mainword") == std::string::npos);
            CHECK(r.body.find("みどり") == std::string::npos);
            CHECK(r.body.find("ひかり") == std::string::npos);
            CHECK(r.body.find("st_main") == std::string::npos);
            CHECK(r.body.find("reported text") == std::string::npos);
            CHECK(r.body.find("q_mainask") == std::string::npos);
            CHECK(r.body.find("\"open\"") == std::string::npos);
        };
        auto refused = [&](Method m, const std::string& path, json body = nullptr) {
            INFO(path);
            const Response r = f.call(m, path, token, body);
            CHECK((r.status == 403 || r.status == 404));
            no_data(r);
        };
        auto answered = [&](Method m, const std::string& path, json body = nullptr) {
            INFO(path);
            const Response r = f.call(m, path, token, body);
            CHECK(r.status < 500);
            no_data(r);
            return r;
        };
        const json room{
            {"id", "x-room"}, {"name", {{"ja", "x"}, {"en", "x"}}}, {"audience", {"open"}}};
        refused(Method::get, "/api/orgs/main");
        refused(Method::put, "/api/orgs/main", {{"zone", "UTC"}});
        refused(Method::del, "/api/orgs/main");
        refused(Method::get, "/api/orgs/main/rooms");
        refused(Method::post, "/api/orgs/main/rooms", room);
        refused(Method::get, "/api/orgs/main/rooms/open");
        refused(Method::put, "/api/orgs/main/rooms/open", room);
        refused(Method::del, "/api/orgs/main/rooms/open");
        refused(Method::get, "/api/orgs/east/rooms/open");  // main's room under east's path
        refused(Method::del, "/api/orgs/east/rooms/open");
        refused(Method::put, "/api/staff/st_mainsup00000000001/rooms", {{"rooms", {"east-room"}}});
        refused(Method::post, "/api/staff/st_mainsup00000000001/deactivate");
        refused(Method::put, "/api/staff/st_eastsup00000000001/rooms", {{"rooms", {"open"}}});
        refused(Method::post, "/api/invitations", {{"rooms", {"open"}}});
        refused(Method::post, "/api/invitations", {{"org", "main"}, {"rooms", json::array()}});
        refused(Method::get, "/api/reports?room=open");
        refused(Method::get, "/api/asks?room=open");
        refused(Method::post, "/api/reports/r_mainreport000001/resolve", {{"outcome", "resolved"}});
        answered(Method::get, "/api/orgs");
        answered(Method::get, "/api/staff");
        answered(Method::get, "/api/audit");
        answered(Method::get, "/api/audit?room=open");
        answered(Method::get, "/api/reasons");
        answered(Method::get, "/api/reminders");
        answered(Method::get, "/api/blocked-words");
    }
    // East's own writes land in east's records: main's lists stay as they were.
    const json east_words{{"entries", {{{"word", "eastword"}, {"action", "alert"}}}}};
    REQUIRE(f.call(Method::put, "/api/blocked-words", f.east_org, east_words).status == 200);
    CHECK(f.call(Method::get, "/api/blocked-words", f.main_org).body.find("mainword") !=
          std::string::npos);
    CHECK(f.call(Method::get, "/api/blocked-words", f.east_org).body.find("eastword") !=
          std::string::npos);
    // Main's staff were untouched by all of the above.
    const Response main_staff = f.call(Method::get, "/api/staff", f.main_org);
    CHECK(main_staff.body.find("\"active\":false") == std::string::npos);
    CHECK(main_staff.body.find("st_east") == std::string::npos);
    CHECK(f.call(Method::get, "/api/reports?room=open", f.main_org).body.find("reported text") !=
          std::string::npos);
    // Main's supporter kept their room.
    CHECK(main_staff.body.find("\"rooms\":[\"open\"]") != std::string::npos);
}

TEST_CASE("staff identity: organisers moderate their own organisation's rooms only",
          "[orgs][staff]") {
    staff::StaffIdentity org;
    org.role = moderation::Role::organiser;
    org.org = "east";
    CHECK(org.may_moderate("any", "east"));
    CHECK_FALSE(org.may_moderate("any", "main"));
    staff::StaffIdentity sup;
    sup.role = moderation::Role::supporter;
    sup.org = "east";
    sup.rooms = {"east-room"};
    CHECK(sup.may_moderate("east-room", "east"));
    CHECK_FALSE(sup.may_moderate("east-room", "main"));
    CHECK_FALSE(sup.may_moderate("other", "east"));
    staff::StaffIdentity op;
    op.role = moderation::Role::operator_;
    op.org = "";
    CHECK_FALSE(op.may_moderate("east-room", "east"));
    CHECK_FALSE(op.may_moderate("east-room", ""));
}
