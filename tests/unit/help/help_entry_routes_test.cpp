// The help entry routes over the router on the memory Store: who may read and write, 400
// naming the field, ETag and If-Match, paging, audit lines, another organisation's entries
// never shown, and GET /api/help with the organisations' entries and ?region=.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "server/api/help_directory.hpp"
#include "server/api/help_entry_routes.hpp"
#include "server/api/public_routes.hpp"
#include "server/api/router.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/clock.hpp"
#include "server/presence/memory_presence.hpp"
#include "server/staff/staff_auth.hpp"
#include "server/store/help_entries.hpp"
#include "server/store/help_seed.hpp"
#include "server/store/memory_store.hpp"
#include "tests/support/staff_fixture.hpp"
#include "tests/unit/staff/sync.hpp"

using namespace ibasho;
using namespace ibasho::api;
using nlohmann::json;

namespace {

json entry(std::string ja, std::string region = "") {
    return json{{"name", {{"ja", std::move(ja)}, {"en", "Desk"}}},
                {"phone", "03-1234-5678"},
                {"region", std::move(region)}};
}

struct Fixture {
    Fixture() {
        seed_help_directory(store, load_help_directory("client-web/public/help/directory.json"),
                            nullptr);
        add_help_entry_routes(router, {store, auth, clock});
        add_public_routes(router, {catalog, presence, help});
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
                  std::string if_match = {}, std::string if_none_match = {}) {
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
        req.if_none_match = std::move(if_none_match);
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

    // Creates an entry as the organiser and returns its id.
    std::string create(json body) {
        const Response r = call(Method::post, "/api/orgs/main/help", organiser, std::move(body));
        REQUIRE(r.status == 201);
        return json::parse(r.body)["id"];
    }

    std::size_t audit_lines(const std::string& action) {
        std::size_t n = 0;
        store.list("audit", std::nullopt, [&](StoreResult, std::vector<StoreRecord> all) {
            for (const auto& a : all) {
                n += json::parse(a.body).value("action", "") == action;
            }
        });
        return n;
    }

    ManualClock clock;
    MemoryStore store{clock};
    staff::StaffAuth auth{store, clock};
    chat::RoomCatalog catalog;
    MemoryPresence presence;
    HelpProvider help = help_from_store(store);
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

TEST_CASE("help entries: an organiser creates, reads, edits and deletes one", "[help]") {
    Fixture f;
    const Response created =
        f.call(Method::post, "/api/orgs/main/help", f.organiser, entry("北区の窓口"));
    REQUIRE(created.status == 201);
    const json body = json::parse(created.body);
    const std::string id = body["id"];
    CHECK(is_help_entry_id(id));
    CHECK(body["org"] == "main");
    CHECK(body["version"] == 1);
    CHECK(body["name"]["ja"] == "北区の窓口");
    CHECK(created.header_value("ETag") == "\"v1\"");
    CHECK(created.header_value("Location") == "/api/orgs/main/help/" + id);
    CHECK(f.audit_lines("help_entry_create") == 1);

    const Response got = f.call(Method::get, "/api/orgs/main/help/" + id, f.supporter);
    REQUIRE(got.status == 200);
    CHECK(json::parse(got.body) == body);
    CHECK(got.header_value("ETag") == "\"v1\"");

    json edit = body;
    edit["hours"] = {{"ja", "平日"}, {"en", "Weekdays"}};
    const Response put =
        f.call(Method::put, "/api/orgs/main/help/" + id, f.organiser, edit, "\"v1\"");
    REQUIRE(put.status == 200);
    CHECK(put.header_value("ETag") == "\"v2\"");
    CHECK(json::parse(put.body)["hours"]["ja"] == "平日");
    CHECK(f.audit_lines("help_entry_update") == 1);

    // A stale If-Match changes nothing; a bad one is 412 too.
    CHECK(f.call(Method::put, "/api/orgs/main/help/" + id, f.organiser, entry("x"), "\"v1\"")
              .status == 412);
    CHECK(f.call(Method::put, "/api/orgs/main/help/" + id, f.organiser, entry("x"), "v2").status ==
          412);
    CHECK(f.call(Method::del, "/api/orgs/main/help/" + id, f.organiser, nullptr, "\"v1\"").status ==
          412);

    CHECK(f.call(Method::del, "/api/orgs/main/help/" + id, f.organiser, nullptr, "\"v2\"").status ==
          204);
    CHECK(f.audit_lines("help_entry_delete") == 1);
    CHECK(f.call(Method::get, "/api/orgs/main/help/" + id, f.organiser).status == 404);
    CHECK(f.call(Method::del, "/api/orgs/main/help/" + id, f.organiser).status == 404);
}

TEST_CASE("help entries: 401 without a token, 403 for a supporter's write", "[help]") {
    Fixture f;
    const std::string id = f.create(entry("窓口"));
    CHECK(f.call(Method::get, "/api/orgs/main/help", "").status == 401);
    CHECK(f.call(Method::post, "/api/orgs/main/help", "", entry("x")).status == 401);
    CHECK(f.call(Method::get, "/api/orgs/main/help/" + id, "bad-token").status == 401);
    const Response post = f.call(Method::post, "/api/orgs/main/help", f.supporter, entry("x"));
    CHECK(post.status == 403);
    CHECK(code_of(post) == "forbidden");
    CHECK(f.call(Method::put, "/api/orgs/main/help/" + id, f.supporter, entry("x")).status == 403);
    CHECK(f.call(Method::del, "/api/orgs/main/help/" + id, f.supporter).status == 403);
    CHECK(f.call(Method::get, "/api/orgs/main/help", f.supporter).status == 200);
}

TEST_CASE("help entries: 400 names the field", "[help]") {
    Fixture f;
    json bad = entry("窓口");
    bad["region"] = "JP-99";
    const Response r = f.call(Method::post, "/api/orgs/main/help", f.organiser, bad);
    CHECK(r.status == 400);
    CHECK(code_of(r) == "bad_request");
    CHECK(field_of(r) == "region");
    bad = entry("窓口");
    bad["audience"] = {"open", "nobody"};
    CHECK(field_of(f.call(Method::post, "/api/orgs/main/help", f.organiser, bad)) == "audience[1]");
    const std::string id = f.create(entry("窓口"));
    bad = entry("");
    CHECK(field_of(f.call(Method::put, "/api/orgs/main/help/" + id, f.organiser, bad)) ==
          "name.ja");
    CHECK(f.call(Method::get, "/api/orgs/main/help?limit=0", f.organiser).status == 400);
    CHECK(field_of(f.call(Method::get, "/api/orgs/main/help?limit=101", f.organiser)) == "limit");
    CHECK(field_of(f.call(Method::get, "/api/orgs/main/help?after=a%20b", f.organiser)) == "after");
}

TEST_CASE("help entries: the list pages with limit and after", "[help]") {
    Fixture f;
    for (int i = 0; i < 5; ++i) {
        f.create(entry("窓口" + std::to_string(i)));
    }
    const json first =
        json::parse(f.call(Method::get, "/api/orgs/main/help?limit=2", f.organiser).body);
    REQUIRE(first["items"].size() == 2);
    REQUIRE(first["next"].is_string());
    const json second = json::parse(
        f.call(Method::get, "/api/orgs/main/help?limit=2&after=" + first["next"].get<std::string>(),
               f.organiser)
            .body);
    REQUIRE(second["items"].size() == 2);
    CHECK(second["items"][0]["id"] > first["items"][1]["id"]);
    const json last = json::parse(
        f.call(Method::get, "/api/orgs/main/help?after=" + second["next"].get<std::string>(),
               f.organiser)
            .body);
    CHECK(last["items"].size() == 1);
    CHECK(last["next"].is_null());
    const json all = json::parse(f.call(Method::get, "/api/orgs/main/help", f.organiser).body);
    CHECK(all["items"].size() == 5);
    CHECK(all["next"].is_null());
}

TEST_CASE("help entries: another organisation's path or entry is 404, never data", "[help]") {
    Fixture f;
    // An entry of another organisation, as its organiser would have written it.
    StoreRecord theirs;
    theirs.kind = help_entry_kind;
    theirs.id = "he_OtherOrgEntry001";
    theirs.owner = "kita-npo";
    theirs.body = *clean_help_entry(entry("よその窓口")).body;
    f.store.put(theirs, 0, nullptr);

    for (const auto& [m, path] : std::vector<std::pair<Method, std::string>>{
             {Method::get, "/api/orgs/kita-npo/help"},
             {Method::post, "/api/orgs/kita-npo/help"},
             {Method::get, "/api/orgs/kita-npo/help/" + theirs.id},
             {Method::put, "/api/orgs/kita-npo/help/" + theirs.id},
             {Method::del, "/api/orgs/kita-npo/help/" + theirs.id},
             {Method::get, "/api/orgs/main/help/" + theirs.id},
             {Method::put, "/api/orgs/main/help/" + theirs.id},
             {Method::del, "/api/orgs/main/help/" + theirs.id}}) {
        INFO(path);
        const Response r = f.call(m, path, f.organiser,
                                  m == Method::post || m == Method::put ? entry("x") : nullptr);
        CHECK(r.status == 404);
        CHECK(r.body.find("よその窓口") == std::string::npos);
    }
    const json mine = json::parse(f.call(Method::get, "/api/orgs/main/help", f.organiser).body);
    CHECK(mine["items"].empty());
    // Unchanged.
    f.store.get(help_entry_kind, theirs.id, [](StoreResult r, StoreRecord rec) {
        CHECK(r == StoreResult::ok);
        CHECK(rec.version == 1);
    });
}

TEST_CASE("GET /api/help lists the national lines and every organisation's entries", "[help]") {
    Fixture f;
    const std::string tokyo = f.create(entry("東京の窓口", "JP-13"));
    const std::string osaka = f.create(entry("大阪の窓口", "JP-27"));
    StoreRecord theirs;
    theirs.kind = help_entry_kind;
    theirs.id = "he_OtherOrgEntry001";
    theirs.owner = "kita-npo";
    theirs.body = *clean_help_entry(entry("よその窓口", "JP-27")).body;
    f.store.put(theirs, 0, nullptr);

    const Response all = f.call(Method::get, "/api/help", "");
    REQUIRE(all.status == 200);
    const json doc = json::parse(all.body);
    CHECK(doc["entries"][0]["id"] == "yorisoi");  // the national lines first
    CHECK(doc.contains("_organisers"));           // with the note to verify them
    std::vector<std::string> ids;
    for (const auto& e : doc["entries"]) {
        ids.push_back(e["id"]);
    }
    CHECK(std::find(ids.begin(), ids.end(), tokyo) != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), theirs.id) != ids.end());
    const std::string tag(all.header_value("ETag"));
    CHECK(f.call(Method::get, "/api/help", "", nullptr, {}, tag).status == 304);

    const Response near = f.call(Method::get, "/api/help?region=JP-27", "");
    REQUIRE(near.status == 200);
    const json osaka_first = json::parse(near.body);
    CHECK(osaka_first["entries"][0]["region"] == "JP-27");
    CHECK(osaka_first["entries"][1]["region"] == "JP-27");
    CHECK(osaka_first["entries"][2]["id"] == "yorisoi");
    CHECK(near.header_value("ETag") != tag);
    CHECK(osaka_first["entries"].size() == doc["entries"].size());
    (void)osaka;

    const Response bad = f.call(Method::get, "/api/help?region=osaka", "");
    CHECK(bad.status == 400);
    CHECK(field_of(bad) == "region");

    // An edit shows at once (no cache in between).
    f.call(Method::del, "/api/orgs/main/help/" + tokyo, f.organiser);
    CHECK(f.call(Method::get, "/api/help", "", nullptr, {}, tag).status == 200);
}
