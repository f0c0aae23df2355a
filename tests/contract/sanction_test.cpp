// Staff in rooms and sanctions on members, against the memory seams and a real Redis: the
// badge, mute / remove / ban / remind reaching the member, the standing, reviews when a mute
// runs out, denials that change nothing, audit, supporter-present rooms and revocation.
#include <catch2/catch.hpp>

#include "server/staff/staff_accounts.hpp"

#include "chat_harness.hpp"
#include "server/chat/sanction_control.hpp"
#include "staff_fixture.hpp"

using namespace ibasho;
using namespace ibasho::test;
using nlohmann::json;

namespace {

std::string rooms_json() {
    return R"({
      "defaults": {"capacity": 50, "rate_limit": "off"},
      "rooms": [
        {"id": "open", "name": {"ja": "ひろば", "en": "Square"}, "audience": ["open"]},
        {"id": "quiet", "name": {"ja": "しずか", "en": "Quiet"}, "audience": ["open"]},
        {"id": "watched", "name": {"ja": "見守り", "en": "Watched"}, "audience": ["open"],
         "supporter_present": true}
      ]})";
}

const StaffSpec& hikari() {
    static const StaffSpec s{"st_hikari0000000001", "ひかり", "supporter", {"open", "watched"}};
    return s;
}
const StaffSpec& sora() {
    static const StaffSpec s{"st_sora000000000001", "そら", "supporter", {"quiet"}};
    return s;
}
const StaffSpec& umi() {
    static const StaffSpec s{"st_umi0000000000001", "うみ", "organiser", {}};
    return s;
}

struct World {
    explicit World(Backend kind) : node(rooms_json(), kind) {
        for (const StaffSpec* s : {&hikari(), &sora(), &umi()}) {
            put_staff(*node.seams.store, *s);
            tokens.push_back(put_staff_token(*node.seams.store, s->id, node.clock.unix_ms()));
        }
        node.settle();
    }
    // A signed-in staff client (0 hikari, 1 sora, 2 umi).
    std::unique_ptr<Client> staff(int who) {
        auto c = std::make_unique<Client>(node);
        c->send(json{{"type", "hello"}, {"v", 1}, {"staff", tokens[who]}});
        REQUIRE(c->take_first("welcome")["role"] != "participant");
        return c;
    }
    std::unique_ptr<Client> participant(const std::string& hash = {}) {
        auto c = std::make_unique<Client>(node);
        c->set_address_hash(hash);
        c->hello();
        return c;
    }
    std::vector<json> audit() {
        std::vector<json> out;
        node.seams.store->list("audit", std::nullopt,
                               [&](StoreResult, std::vector<StoreRecord> recs) {
                                   for (auto& r : recs) {
                                       out.push_back(json::parse(r.body));
                                   }
                               });
        node.settle();
        return out;
    }
    void sweep() {
        chat::sweep_mute_reviews(*node.seams.store, *node.seams.control, *node.seams.presence,
                                 node.clock);
        node.settle();
    }
    ChatNode node;
    std::vector<std::string> tokens;
};

json sanction(Client& c, const std::string& type, const std::string& room,
              const std::string& member, json extra = json::object()) {
    json m{{"type", type}, {"room", room}, {"member", member}, {"id", "a1"}};
    for (auto& [k, v] : extra.items()) {
        m[k] = v;
    }
    c.send(m);
    for (auto& o : c.take()) {
        if (o["type"] == "done" || o["type"] == "error" || o["type"] == "standing") {
            return o;
        }
    }
    return nullptr;
}

json say(Client& c, const std::string& room, const std::string& text, const std::string& id) {
    c.send(json{{"type", "say"}, {"room", room}, {"text", text}, {"id", id}});
    for (auto& o : c.take()) {
        if (o["type"] == "message" || o["type"] == "error") {
            return o;
        }
    }
    return nullptr;
}

}  // namespace

TEMPLATE_TEST_CASE("staff sit with their display name and a badge", "[chat][sanction]",
                   MemoryBackend, RedisBackend) {
    World w(TestType::kind);
    auto p = w.participant();
    const json pj = p->join("open", "ねこ");
    REQUIRE(pj["type"] == "joined");
    CHECK_FALSE(pj.contains("badge"));
    auto s = w.staff(0);
    const json sj = s->join("open", "なりすまし");
    REQUIRE(sj["type"] == "joined");
    CHECK(sj["nick"] == "ひかり");
    CHECK(sj["badge"] == "supporter");
    CHECK(w.node.local.staff_seated("open"));

    const json presence = p->take_first("presence");
    REQUIRE_FALSE(presence.is_null());
    CHECK(presence["staff"] == 1);
    int badges = 0;
    for (const auto& m : presence["members"]) {
        if (m["nick"] == "ひかり") {
            CHECK(m["badge"] == "supporter");
            ++badges;
        } else {
            CHECK_FALSE(m.contains("badge"));
        }
    }
    CHECK(badges == 1);

    const json sm = say(*s, "open", "ようこそ", "s1");
    CHECK(sm["badge"] == "supporter");
    const json seen = p->take_first("message");
    CHECK(seen["badge"] == "supporter");
    CHECK(seen["nick"] == "ひかり");
    CHECK_FALSE(say(*p, "open", "こんにちは", "p1").contains("badge"));
    s->send(json{{"type", "stamp"}, {"room", "open"}, {"stamp", "hug"}, {"id", "s2"}});
    CHECK(p->take_first("stamp")["badge"] == "supporter");

    // An organiser's badge; room lists count the staff.
    auto o = w.staff(2);
    CHECK(o->join("open", "x")["badge"] == "organiser");
    p->send(json{{"type", "rooms"}});
    const json list = p->take_first("room_list");
    REQUIRE_FALSE(list.is_null());
    CHECK(list["rooms"][0]["staff"] == 2);
    CHECK(list["rooms"][2]["supporter_present"] == true);

    s->send(json{{"type", "leave"}, {"room", "open"}});
    o->disconnect();
    w.node.settle();
    p->take();
    // The same request within 2 s of its answer is answered once; after that, fresh counts.
    w.node.clock.advance(std::chrono::seconds(2));
    p->send(json{{"type", "rooms"}});
    CHECK(p->take_first("room_list")["rooms"][0]["staff"] == 0);
}

TEMPLATE_TEST_CASE("a supporter-present room is for reading while no staff member is in it",
                   "[chat][sanction]", MemoryBackend, RedisBackend) {
    World w(TestType::kind);
    auto p = w.participant();
    const json j = p->join("watched", "ねこ");
    CHECK(j["supporter_present"] == true);
    CHECK(j["staff"] == 0);
    CHECK(say(*p, "watched", "だれか", "p1")["code"] == "no_supporter");
    p->send(json{{"type", "stamp"}, {"room", "watched"}, {"stamp", "hug"}, {"id", "p2"}});
    CHECK(p->take_first("error")["code"] == "no_supporter");

    auto s = w.staff(0);
    CHECK(s->join("watched", "x")["staff"] == 1);
    CHECK(say(*p, "watched", "いますか", "p3")["type"] == "message");
    auto q = w.participant();
    CHECK(q->join("watched", "いぬ")["staff"] == 1);

    s->disconnect();  // signing out or closing the phone: the room is for reading again
    w.node.settle();
    CHECK(say(*p, "watched", "また", "p4")["code"] == "no_supporter");
}

TEMPLATE_TEST_CASE(
    "mute: the member is told, writes are refused until it lifts, then staff "
    "are asked to review",
    "[chat][sanction]", MemoryBackend, RedisBackend) {
    World w(TestType::kind);
    auto p = w.participant();
    const std::string member = p->join("open", "ねこ")["member"];
    auto s = w.staff(0);
    s->join("open", "x");
    p->take();

    const json d = sanction(*s, "mute", "open", member, {{"minutes", 10}, {"reason", "flood"}});
    REQUIRE(d["type"] == "done");
    CHECK(d["action"] == "mute");
    CHECK(d["ref"] == "a1");
    const std::int64_t until = w.node.clock.unix_ms() + 10 * 60'000;
    const json notice = p->take_first("notice");
    REQUIRE_FALSE(notice.is_null());
    CHECK(notice ==
          json{{"type", "notice"}, {"room", "open"}, {"kind", "muted"}, {"until", until}});
    const json refused = say(*p, "open", "まだ", "p1");
    CHECK(refused["code"] == "muted");
    CHECK(refused["retry_after_ms"] == 10 * 60'000);

    // Leaving and coming back (a new join, no seat kept) does not shake it off.
    p->send(json{{"type", "leave"}, {"room", "open"}});
    const json again = p->join("open", "ねこ2");
    CHECK(again["member"] == member);
    CHECK(say(*p, "open", "もどった", "p2")["code"] == "muted");

    w.sweep();
    CHECK(of_type(s->take(), "review").empty());  // not yet due

    w.node.clock.advance(std::chrono::minutes(10));
    CHECK(say(*p, "open", "話せる", "p3")["type"] == "message");
    p->send(json{{"type", "leave"}, {"room", "open"}});  // gone by the time it is reviewed
    // Redis presence ages by the (manual) clock and no heartbeat runs here: the supporter
    // takes their seat again so presence counts them after the jump of ten minutes.
    s->send(json{{"type", "leave"}, {"room", "open"}});
    w.node.settle();
    s->join("open", "x");
    w.node.settle();
    s->take();
    w.sweep();
    const auto reviews = of_type(s->take(), "review");
    REQUIRE(reviews.size() == 1);
    CHECK(reviews[0] == json{{"type", "review"},
                             {"room", "open"},
                             {"member", member},
                             {"nick", "ねこ"},
                             {"action", "mute"},
                             {"reason", "flood"}});
    w.sweep();
    CHECK(of_type(s->take(), "review").empty());  // once

    const auto audit = w.audit();
    REQUIRE(audit.size() == 1);
    CHECK(audit[0]["action"] == "mute");
    CHECK(audit[0]["staff"] == "ひかり");
    CHECK(audit[0]["member"] == member);
    CHECK(audit[0]["reason"] == "flood");

    // A mute that lifts while no staff member is in the room waits for one: nothing is lost.
    auto q = w.participant();
    const std::string second = q->join("open", "いぬ")["member"];
    REQUIRE(sanction(*s, "mute", "open", second, {{"minutes", 5}, {"reason", "flood"}})["type"] ==
            "done");
    s->send(json{{"type", "leave"}, {"room", "open"}});
    w.node.settle();
    w.node.clock.advance(std::chrono::minutes(6));
    w.sweep();
    w.sweep();
    CHECK(of_type(s->take(), "review").empty());
    s->join("open", "x");
    w.sweep();
    const auto late = of_type(s->take(), "review");
    REQUIRE(late.size() == 1);
    CHECK(late[0]["member"] == second);
}

TEMPLATE_TEST_CASE("remove: the member leaves with the reason and may not rejoin until then",
                   "[chat][sanction]", MemoryBackend, RedisBackend) {
    World w(TestType::kind);
    auto p = w.participant();
    const std::string member = p->join("open", "ねこ")["member"];
    auto s = w.staff(0);
    s->join("open", "x");
    p->take();
    REQUIRE(sanction(*s, "remove", "open", member,
                     {{"minutes", 60}, {"reason", "hurtful"}})["type"] == "done");
    const auto got = p->take();
    REQUIRE(got.size() >= 2);
    CHECK(got[0]["type"] == "notice");
    CHECK(got[0]["kind"] == "removed");
    CHECK(got[0]["until"] == w.node.clock.unix_ms() + 3'600'000);
    CHECK(got[1] == json{{"type", "left"}, {"room", "open"}, {"reason", "removed"}});
    const json refused = p->join("open", "ねこ");
    CHECK(refused["code"] == "removed");
    CHECK(refused["retry_after_ms"] == 3'600'000);
    CHECK(p->join("quiet", "ねこ")["type"] == "joined");  // only that room

    w.node.clock.advance(std::chrono::minutes(61));
    CHECK(p->join("open", "ねこ")["type"] == "joined");
}

TEMPLATE_TEST_CASE(
    "ban: out of every room, refused on return, and so is a new session from "
    "the same address",
    "[chat][sanction]", MemoryBackend, RedisBackend) {
    World w(TestType::kind);
    auto p = w.participant("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    const std::string member = p->join("open", "ねこ")["member"];
    p->join("quiet", "ねこ");
    auto s = w.staff(0);
    s->join("open", "x");
    p->take();
    REQUIRE(sanction(*s, "ban", "open", member, {{"hours", 24}, {"reason", "spam"}})["type"] ==
            "done");
    const auto got = p->take();
    REQUIRE(of_type(got, "notice").size() == 1);
    CHECK(of_type(got, "notice")[0]["kind"] == "banned");
    const auto left = of_type(got, "left");
    REQUIRE(left.size() == 2);
    for (const auto& l : left) {
        CHECK(l["reason"] == "banned");
    }
    const json refused = p->join("quiet", "ねこ");
    CHECK(refused["code"] == "banned");
    CHECK(refused["retry_after_ms"] == 24 * 3'600'000);

    auto same_place = w.participant("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    CHECK(same_place->join("open", "いぬ")["code"] == "banned");
    auto elsewhere = w.participant("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    CHECK(elsewhere->join("open", "いぬ")["type"] == "joined");
    auto no_hash = w.participant();
    CHECK(no_hash->join("open", "とり")["type"] == "joined");

    w.node.clock.advance(std::chrono::hours(24));
    // Another name: `elsewhere` is in the room as いぬ, and a taken nickname is refused.
    CHECK(same_place->join("open", "こいぬ")["type"] == "joined");
}

TEMPLATE_TEST_CASE("remind: the member alone gets the reminder", "[chat][sanction]", MemoryBackend,
                   RedisBackend) {
    World w(TestType::kind);
    auto p = w.participant();
    const std::string member = p->join("open", "ねこ")["member"];
    auto other = w.participant();
    other->join("open", "いぬ");
    auto s = w.staff(0);
    s->join("open", "x");
    p->take();
    other->take();

    REQUIRE(sanction(*s, "remind", "open", member, {{"template", "contact"}})["type"] == "done");
    const json n = p->take_first("notice");
    REQUIRE_FALSE(n.is_null());
    CHECK(n["kind"] == "reminder");
    CHECK(n["text"].get<std::string>().find("連絡先") != std::string::npos);
    CHECK(n["text_en"].get<std::string>().find("contact") != std::string::npos);
    REQUIRE(sanction(*s, "remind", "open", member, {{"text", "ゆっくりで大丈夫です"}})["type"] ==
            "done");
    CHECK(p->take_first("notice")["text"] == "ゆっくりで大丈夫です");
    CHECK(of_type(other->take(), "notice").empty());
    CHECK(of_type(s->take(), "notice").empty());
    CHECK(sanction(*s, "remind", "open", member, {{"template", "nothing_like_it"}})["code"] ==
          "bad_reason");

    // The standing, with the ladder's suggestion, and a note.
    const json st = sanction(*s, "standing", "open", member);
    REQUIRE(st["type"] == "standing");
    CHECK(st["ref"] == "a1");
    CHECK(st["standing"]["reminders"] == 2);
    CHECK(st["suggest"] == "mute");
    CHECK(sanction(*s, "standing_note", "open", member, {{"text", "夜に多い"}})["type"] == "done");
    CHECK(sanction(*s, "standing", "open", member)["standing"]["note"] == "夜に多い");
    for (const auto& a : w.audit()) {
        CHECK_FALSE(a.contains("text"));
        CHECK(a.dump().find("ゆっくり") == std::string::npos);
        CHECK(a.dump().find("夜に多い") == std::string::npos);
    }
    CHECK(w.audit().size() == 3);  // two reminders and the note
}

TEMPLATE_TEST_CASE("sanctions refused change nothing", "[chat][sanction]", MemoryBackend,
                   RedisBackend) {
    World w(TestType::kind);
    auto p = w.participant();
    const std::string member = p->join("open", "ねこ")["member"];
    auto q = w.participant();
    q->join("open", "いぬ");
    auto hikari_c = w.staff(0);
    const std::string hikari_member = hikari_c->join("open", "x")["member"];
    auto sora_c = w.staff(1);  // supporter of another room
    auto umi_c = w.staff(2);
    const std::string umi_member = umi_c->join("open", "x")["member"];
    p->take();

    CHECK(sanction(*q, "mute", "open", member, {{"minutes", 10}, {"reason", "flood"}})["code"] ==
          "forbidden");
    CHECK(sanction(*sora_c, "ban", "open", member, {{"hours", 1}, {"reason", "spam"}})["code"] ==
          "forbidden");
    CHECK(sanction(*hikari_c, "mute", "open", umi_member,
                   {{"minutes", 10}, {"reason", "flood"}})["code"] == "forbidden");
    CHECK(sanction(*hikari_c, "remove", "open", hikari_member,
                   {{"minutes", 10}, {"reason", "flood"}})["code"] == "forbidden");
    CHECK(sanction(*q, "standing", "open", member)["code"] == "forbidden");
    CHECK(sanction(*q, "remind", "open", member, {{"template", "kind_words"}})["code"] ==
          "forbidden");
    CHECK(sanction(*hikari_c, "mute", "open", "nobodyhere",
                   {{"minutes", 10}, {"reason", "flood"}})["code"] == "no_such_member");

    CHECK(of_type(p->take(), "notice").empty());
    CHECK(say(*p, "open", "ふつう", "p1")["type"] == "message");
    CHECK(w.audit().empty());
    int standings = 0;
    w.node.seams.store->list(
        "standing", std::nullopt,
        [&](StoreResult, std::vector<StoreRecord> r) { standings = static_cast<int>(r.size()); });
    w.node.settle();
    CHECK(standings == 0);

    // An organiser may act on a supporter.
    CHECK(sanction(*umi_c, "remind", "open", hikari_member, {{"template", "kind_words"}})["type"] ==
          "done");
}

TEMPLATE_TEST_CASE("revocation makes a staff session a participant at once", "[chat][sanction]",
                   MemoryBackend, RedisBackend) {
    World w(TestType::kind);
    auto s = w.staff(0);
    s->join("open", "x");
    auto p = w.participant();
    p->join("open", "ねこ");
    p->join("watched", "ねこ");
    s->join("watched", "x");
    CHECK(say(*p, "watched", "いる", "p1")["type"] == "message");
    s->take();

    staff::send_staff_revoked(*w.node.seams.control, hikari().id);
    w.node.settle();
    const auto got = s->take();
    REQUIRE_FALSE(got.empty());
    CHECK(got[0] == json{{"type", "role"}, {"role", "participant"}, {"reason", "revoked"}});
    CHECK(of_type(got, "left").size() == 2);
    CHECK_FALSE(w.node.local.staff_seated("open"));
    CHECK(say(*p, "watched", "いない", "p2")["code"] == "no_supporter");
    // And it can no longer act as staff.
    CHECK(sanction(*s, "standing", "open", "whoever")["code"] == "forbidden");
}
