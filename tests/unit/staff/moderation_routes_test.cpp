// The audit trail, the reason list and the blocked words over the router, on the memory Store:
// who may read and write them, paging of the audit newest first, validation, If-Match.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "server/api/blocked_word_routes.hpp"
#include "server/api/moderation_routes.hpp"
#include "server/api/router.hpp"
#include "server/clock.hpp"
#include "server/staff/audit_log.hpp"
#include "server/staff/staff_auth.hpp"
#include "server/store/memory_store.hpp"
#include "staff_fixture.hpp"
#include "sync.hpp"

using namespace ibasho;
using namespace ibasho::api;
using nlohmann::json;

namespace {

struct Fixture {
    Fixture() {
        add_moderation_routes(router, {store, auth});
        add_blocked_word_routes(router, {store, auth, clock});
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

    ManualClock clock;
    MemoryStore store{clock};
    staff::StaffAuth auth{store, clock};
    Router router;
    std::string organiser;
    std::string supporter;
};

std::string code_of(const Response& r) {
    return json::parse(r.body)["error"]["code"];
}

}  // namespace

TEST_CASE("the audit trail: organisers only, newest first, by room, paged", "[staff][audit]") {
    Fixture f;
    for (int i = 0; i < 5; ++i) {
        staff::record_audit(f.store, f.clock,
                            {"ひかり", i % 2 ? "mute" : "hide", i < 3 ? "hiroba" : "family",
                             "m" + std::to_string(i), "flood"});
        f.clock.advance(std::chrono::minutes(1));
    }
    CHECK(f.call(Method::get, "/api/audit", "").status == 401);
    const Response sup = f.call(Method::get, "/api/audit", f.supporter);
    CHECK(sup.status == 403);
    CHECK(code_of(sup) == "forbidden");

    const json all = json::parse(f.call(Method::get, "/api/audit", f.organiser).body);
    REQUIRE(all["entries"].size() == 5);
    CHECK(all["entries"][0]["member"] == "m4");  // newest first
    CHECK(all["entries"][4]["member"] == "m0");
    CHECK_FALSE(all.contains("next_before"));

    const json hiroba =
        json::parse(f.call(Method::get, "/api/audit?room=hiroba", f.organiser).body);
    CHECK(hiroba["entries"].size() == 3);
    // action and staff are exact matches, cut into pages after filtering.
    const json mutes =
        json::parse(f.call(Method::get, "/api/audit?action=mute&limit=1", f.organiser).body);
    REQUIRE(mutes["entries"].size() == 1);
    CHECK(mutes["entries"][0]["member"] == "m3");
    const json older = json::parse(
        f.call(Method::get,
               "/api/audit?action=mute&before=" + mutes["next_before"].get<std::string>(),
               f.organiser)
            .body);
    REQUIRE(older["entries"].size() == 1);
    CHECK(older["entries"][0]["member"] == "m1");
    CHECK_FALSE(older.contains("next_before"));
    CHECK(
        json::parse(
            f.call(Method::get, "/api/audit?action=hide&room=family", f.organiser).body)["entries"]
            .size() == 1);
    CHECK(
        json::parse(f.call(Method::get, "/api/audit?staff=%E3%81%B2%E3%81%8B%E3%82%8A", f.organiser)
                        .body)["entries"]
            .size() == 5);
    CHECK(json::parse(f.call(Method::get, "/api/audit?staff=someone", f.organiser).body)["entries"]
              .empty());

    const json page = json::parse(f.call(Method::get, "/api/audit?limit=2", f.organiser).body);
    REQUIRE(page["entries"].size() == 2);
    const std::string cursor = page["next_before"];
    const json rest =
        json::parse(f.call(Method::get, "/api/audit?limit=200&before=" + cursor, f.organiser).body);
    REQUIRE(rest["entries"].size() == 3);
    CHECK(rest["entries"][0]["member"] == "m2");
    CHECK(f.call(Method::get, "/api/audit?limit=0", f.organiser).status == 400);
    CHECK(f.call(Method::get, "/api/audit?limit=abc", f.organiser).status == 400);
}

TEST_CASE("the reason list: defaults, organisers edit it, validated, If-Match", "[staff]") {
    Fixture f;
    const Response first = f.call(Method::get, "/api/reasons", f.supporter);
    REQUIRE(first.status == 200);
    const json defaults = json::parse(first.body);
    CHECK(defaults["reasons"].size() >= 5);
    CHECK(first.header_value("ETag") == "\"v0\"");

    const json mine{{"reasons",
                     {{{"id", "hurtful"}, {"ja", "傷つける"}, {"en", "Hurtful"}},
                      {{"id", "other"}, {"ja", "その他"}, {"en", "Other"}}}}};
    CHECK(f.call(Method::put, "/api/reasons", f.supporter, mine).status == 403);
    const Response saved = f.call(Method::put, "/api/reasons", f.organiser, mine);
    REQUIRE(saved.status == 200);
    CHECK(saved.header_value("ETag") == "\"v1\"");
    CHECK(json::parse(f.call(Method::get, "/api/reasons", f.supporter).body) == mine);

    // A stale If-Match changes nothing.
    json other = mine;
    other["reasons"][0]["ja"] = "別";
    CHECK(f.call(Method::put, "/api/reasons", f.organiser, other, "\"v7\"").status == 412);
    CHECK(f.call(Method::put, "/api/reasons", f.organiser, other, "\"v1\"").status == 200);

    for (const json& bad : {json{{"reasons", json::array()}},
                            json{{"reasons", {{{"id", "Bad Id"}, {"ja", "x"}, {"en", "x"}}}}},
                            json{{"reasons", {{{"id", "a"}, {"ja", "x"}}}}},
                            json{{"reasons",
                                  {{{"id", "a"}, {"ja", "x"}, {"en", "x"}},
                                   {{"id", "a"}, {"ja", "y"}, {"en", "y"}}}}},
                            json{{"other", 1}}}) {
        INFO(bad.dump());
        const Response r = f.call(Method::put, "/api/reasons", f.organiser, bad);
        CHECK(r.status == 400);
    }
    CHECK(json::parse(f.call(Method::get, "/api/reasons", f.supporter).body)["reasons"][0]["ja"] ==
          "別");
}

TEST_CASE("reminder templates: shipped until saved, and supporters edit them", "[staff]") {
    Fixture f;
    CHECK(f.call(Method::get, "/api/reminders", "").status == 401);
    const Response shipped = f.call(Method::get, "/api/reminders", f.supporter);
    REQUIRE(shipped.status == 200);
    const json list = json::parse(shipped.body);
    REQUIRE(list["templates"].is_array());
    CHECK(list["templates"][0]["id"] == "kind_words");

    const json mine{
        {"templates",
         {{{"id", "gentle"}, {"ja", "やさしい言葉でお願いします。"}, {"en", "Gently, please."}}}}};
    const Response saved = f.call(Method::put, "/api/reminders", f.supporter, mine, "\"v0\"");
    REQUIRE(saved.status == 200);
    CHECK(json::parse(f.call(Method::get, "/api/reminders", f.organiser).body) == mine);
    // Saved again from the stale version: refused, nothing changes.
    CHECK(f.call(Method::put, "/api/reminders", f.supporter, mine, "\"v0\"").status == 412);
    const json control_char{
        {"templates", {{{"id", "x"}, {"ja", std::string("a\x01")}, {"en", "b"}}}}};
    CHECK(f.call(Method::put, "/api/reminders", f.supporter, control_char).status == 400);
}

TEST_CASE("blocked words: organisers read and replace the list, checked field by field",
          "[staff][blocked]") {
    Fixture f;
    CHECK(f.call(Method::get, "/api/blocked-words", "").status == 401);
    CHECK(f.call(Method::get, "/api/blocked-words", f.supporter).status == 403);

    // Before any node has seeded the Store: the shipped list, as version 0.
    const Response shipped = f.call(Method::get, "/api/blocked-words", f.organiser);
    REQUIRE(shipped.status == 200);
    CHECK(shipped.header_value("ETag") == "\"v0\"");
    CHECK(json::parse(shipped.body)["entries"].size() > 20);

    const json list{{"entries",
                     {{{"word", "死ねよ"}, {"action", "hide"}, {"extra", 1}},
                      {{"word", "何歳"}, {"action", "alert"}, {"audiences", {"age_u20"}}},
                      {{"word", "オフ会"}, {"action", "alert"}, {"rooms", {"hiroba"}}}}},
                    {"_organisers", "dropped"}};
    CHECK(f.call(Method::put, "/api/blocked-words", f.supporter, list).status == 403);
    const Response saved = f.call(Method::put, "/api/blocked-words", f.organiser, list);
    REQUIRE(saved.status == 200);
    CHECK(saved.header_value("ETag") == "\"v1\"");
    const json kept = json::parse(saved.body);
    CHECK(kept == json{{"entries",
                        {{{"word", "死ねよ"}, {"action", "hide"}},
                         {{"word", "何歳"}, {"action", "alert"}, {"audiences", {"age_u20"}}},
                         {{"word", "オフ会"}, {"action", "alert"}, {"rooms", {"hiroba"}}}}}});
    const Response read = f.call(Method::get, "/api/blocked-words", f.organiser);
    CHECK(json::parse(read.body) == kept);
    CHECK(read.header_value("ETag") == "\"v1\"");

    // Bad bodies name the field; nothing is written.
    auto bad = [&](json entry) {
        json body{{"entries", {{{"word", "死ねよ"}, {"action", "hide"}}, std::move(entry)}}};
        const Response r = f.call(Method::put, "/api/blocked-words", f.organiser, body);
        CHECK(r.status == 400);
        const json e = json::parse(r.body)["error"];
        CHECK(e["code"] == "bad_request");
        return e.value("field", "");
    };
    CHECK(bad({{"word", "死ねよ"}, {"action", "delete"}}) == "entries[1].action");
    CHECK(bad({{"word", "死"}, {"action", "hide"}}) == "entries[1].word");
    CHECK(bad({{"word", "ｱ"}, {"action", "hide"}}) == "entries[1].word");
    CHECK(bad({{"word", "家どこ"}, {"action", "alert"}, {"audiences", {"youth"}}}) ==
          "entries[1].audiences");
    CHECK(bad({{"word", "家どこ"}, {"action", "alert"}, {"rooms", json::array()}}) ==
          "entries[1].rooms");
    const Response not_list =
        f.call(Method::put, "/api/blocked-words", f.organiser, json{{"words", json::array()}});
    CHECK(not_list.status == 400);
    CHECK(json::parse(not_list.body)["error"]["field"] == "entries");
    CHECK(json::parse(f.call(Method::get, "/api/blocked-words", f.organiser).body) == kept);

    // If-Match: the current ETag saves, a stale one is 412, a malformed one too.
    const json smaller{{"entries", {{{"word", "kys"}, {"action", "hide"}}}}};
    CHECK(f.call(Method::put, "/api/blocked-words", f.organiser, smaller, "\"v0\"").status == 412);
    CHECK(f.call(Method::put, "/api/blocked-words", f.organiser, smaller, "v1").status == 412);
    const Response edited =
        f.call(Method::put, "/api/blocked-words", f.organiser, smaller, "\"v1\"");
    CHECK(edited.status == 200);
    CHECK(edited.header_value("ETag") == "\"v2\"");
    CHECK(f.call(Method::put, "/api/blocked-words", f.organiser, smaller, "\"v1\"").status == 412);
    CHECK(f.call(Method::put, "/api/blocked-words", f.organiser, json{{"entries", json::array()}})
              .status == 200);

    // Each save leaves an audit line with the organiser's name, never the words.
    const Response audit = f.call(Method::get, "/api/audit", f.organiser);
    REQUIRE(audit.status == 200);
    const json entries = json::parse(audit.body)["entries"];
    int lines = 0;
    for (const json& e : entries) {
        if (e["action"] == "blocked_words_put") {
            ++lines;
            CHECK(e["staff"] == "みどり");
        }
    }
    CHECK(lines == 3);
    CHECK(audit.body.find("死ねよ") == std::string::npos);
}
