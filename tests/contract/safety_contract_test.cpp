#include <catch2/catch.hpp>

#include "chat_harness.hpp"
#include "server/chat/crisis_alerts.hpp"
#include "server/store/help_seed.hpp"
#include "staff_fixture.hpp"

// Safety that never blocks (issue 12), against the memory seams and a real Redis: a crisis line
// is delivered as written, the writer privately gets the help card, the room's staff an alert
// with the message's seq (organisers at once when nobody is on duty, or after five minutes
// without an answer), one alert per writer and room in ten minutes; staff answer with "seen" or
// a private word; contact details are masked and the writer told; a flood becomes a short mute.

using namespace ibasho;
using namespace ibasho::test;
using nlohmann::json;

namespace {

const char* crisis_line = "もう死にたい";

const StaffSpec hikari;  // supporter of "open"
StaffSpec mori() {
    StaffSpec s;
    s.id = "st_mori000000000001";
    s.name = "もり";
    s.role = "organiser";
    s.rooms = {};
    return s;
}

const char* directory = R"({"entries":[
  {"id":"a","name":{"ja":"あ","en":"A"},"tel":"0120-279-338","hours":{"ja":"24時間","en":"24h"}},
  {"id":"b","name":{"ja":"い","en":"B"},"tel":"0570-783-556","hours":null},
  {"id":"c","name":{"ja":"う","en":"C"},"tel":"0120-061-338","hours":null,"featured":true},
  {"id":"d","name":{"ja":"え","en":"D"},"tel":"0570-087478","hours":null}],
  "emergency":{"name":{"ja":"救急","en":"Emergency"},"tel":"119"}})";

void setup(ChatNode& node) {
    put_staff(*node.seams.store, hikari);
    put_staff(*node.seams.store, mori());
    StoreRecord help;
    help.kind = help_kind;
    help.id = help_directory_id;
    help.body = directory;
    node.seams.store->put(help, 0,
                          [](StoreResult r, std::uint64_t) { REQUIRE(r == StoreResult::ok); });
    node.settle();
}

json only(const std::vector<json>& all, const std::string& type) {
    const auto found = of_type(all, type);
    REQUIRE(found.size() == 1);
    return found[0];
}

std::vector<json> say(Client& c, const std::string& room, const std::string& text,
                      const std::string& id) {
    c.send(json{{"type", "say"}, {"room", room}, {"text", text}, {"id", id}});
    return c.take();
}

}  // namespace

TEMPLATE_TEST_CASE("a crisis line is delivered, the writer gets the card, the staff an alert",
                   "[contract][safety]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    setup(node);
    Client supporter(node), organiser(node), writer(node), reader(node);
    staff_hello(node, supporter, hikari);
    staff_hello(node, organiser, mori());
    REQUIRE(supporter.join("open", "x")["type"] == "joined");
    writer.hello();
    const json seat = writer.join("open", "くも");
    reader.hello();
    reader.join("open", "よむひと");
    supporter.take();
    organiser.take();
    reader.take();

    const auto got = say(writer, "open", crisis_line, "w1");
    const json card = only(got, "help_card");
    CHECK(card["room"] == "open");
    CHECK(card["ref"] == "w1");
    CHECK(card["on_duty"] == true);
    REQUIRE(card["lines"].size() == 3);
    CHECK(card["lines"][0]["id"] == "c");  // featured first, then the directory's order
    CHECK(card["lines"][1]["id"] == "a");
    CHECK(card["lines"][1]["hours"]["ja"] == "24時間");
    CHECK(card["lines"][2]["hours"].is_null());
    CHECK_FALSE(card["lines"][0].contains("about"));
    const json mine = only(got, "message");
    CHECK(mine["text"] == crisis_line);

    const json seen = only(reader.take(), "message");
    CHECK(seen["text"] == crisis_line);  // delivered as written: never blocked
    CHECK(of_type(reader.take(), "help_card").empty());

    const json alert = only(supporter.take(), "alert");
    CHECK(alert["kind"] == "crisis");
    CHECK(alert["room"] == "open");
    CHECK(alert["seq"] == mine["seq"]);
    CHECK(alert["member"] == seat["member"]);
    CHECK(alert["nick"] == "くも");
    CHECK(alert["escalated"] == false);
    CHECK_FALSE(alert.contains("text"));
    CHECK(alert["alert"].get<std::string>().rfind("a_", 0) == 0);
    // The organiser is not in the room: a supporter is on duty, so not yet.
    CHECK(of_type(organiser.take(), "alert").empty());

    SECTION("one alert per writer and room in ten minutes, the card every time") {
        const auto again = say(writer, "open", "やっぱり消えたい", "w2");
        CHECK(of_type(again, "help_card").size() == 1);
        node.settle();
        CHECK(of_type(supporter.take(), "alert").empty());
        node.clock.advance(std::chrono::minutes(10));
        say(writer, "open", crisis_line, "w3");
        node.settle();
        // Ten minutes on the manual clock may age the supporter's presence mark (Redis), so
        // the new alert goes to the room's staff or, nobody being on duty, to the organisers.
        CHECK(of_type(supporter.take(), "alert").size() +
                  of_type(organiser.take(), "alert").size() ==
              1);
    }

    SECTION("reach out: a private word with the writer, the others told, once") {
        supporter.send(json{{"type", "reach_out"}, {"alert", alert["alert"]}, {"id", "s1"}});
        node.settle();
        const auto to_staff = supporter.take();
        const json done = only(to_staff, "done");
        CHECK(done["ref"] == "s1");
        CHECK(done["action"] == "reach_out");
        const json opened = only(to_staff, "private_open");
        CHECK(opened["member"] == seat["member"]);
        const json theirs = only(writer.take(), "private_open");
        CHECK(theirs["thread"] == opened["thread"]);
        CHECK(theirs["staff"] == "ひかり");
        const json closed = only(organiser.take(), "alert_closed");
        CHECK(closed["alert"] == alert["alert"]);
        CHECK(closed["by"] == "ひかり");
        CHECK(closed["action"] == "reach_out");
        CHECK(of_type(reader.take(), "alert_closed").empty());

        organiser.send(json{{"type", "ack_alert"}, {"alert", alert["alert"]}, {"id", "o1"}});
        CHECK(only(organiser.take(), "error")["code"] == "no_such_alert");
    }

    SECTION("seen: the alert is closed and does not go on to the organisers") {
        supporter.send(json{{"type", "ack_alert"}, {"alert", alert["alert"]}, {"id", "s2"}});
        CHECK(only(supporter.take(), "done")["action"] == "ack_alert");
        node.clock.advance(std::chrono::minutes(6));
        chat::sweep_alerts(node.alerts, *node.seams.control, node.local, node.clock);
        node.settle();
        CHECK(of_type(organiser.take(), "alert").empty());
    }

    SECTION("nobody answers in five minutes: the organisers get it") {
        node.clock.advance(std::chrono::minutes(4));
        chat::sweep_alerts(node.alerts, *node.seams.control, node.local, node.clock);
        node.settle();
        CHECK(of_type(organiser.take(), "alert").empty());
        node.clock.advance(std::chrono::minutes(1));
        chat::sweep_alerts(node.alerts, *node.seams.control, node.local, node.clock);
        node.settle();
        const json up = only(organiser.take(), "alert");
        CHECK(up["alert"] == alert["alert"]);
        CHECK(up["escalated"] == true);
        chat::sweep_alerts(node.alerts, *node.seams.control, node.local, node.clock);
        node.settle();
        CHECK(of_type(organiser.take(), "alert").empty());  // once
        // The organiser may answer it (from anywhere).
        organiser.send(json{{"type", "ack_alert"}, {"alert", alert["alert"]}, {"id", "o2"}});
        CHECK(only(organiser.take(), "done")["ref"] == "o2");
    }

    SECTION("participants cannot answer alerts") {
        reader.send(json{{"type", "ack_alert"}, {"alert", alert["alert"]}, {"id", "r1"}});
        CHECK(only(reader.take(), "error")["code"] == "forbidden");
        reader.send(json{{"type", "reach_out"}, {"alert", "a_unknown00000000"}, {"id", "r2"}});
        CHECK(only(reader.take(), "error")["code"] == "no_such_alert");
        reader.send(json{{"type", "ack_alert"}, {"alert", "not an id!"}, {"id", "r3"}});
        CHECK(only(reader.take(), "error")["code"] == "bad_ref");
    }
}

TEMPLATE_TEST_CASE("with nobody on duty the organisers hear at once and the card says so",
                   "[contract][safety]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    setup(node);
    Client organiser(node), writer(node);
    staff_hello(node, organiser, mori());
    writer.hello();
    writer.join("open", "くも");
    organiser.take();
    const auto got = say(writer, "open", "I want to kill myself", "w1");
    CHECK(only(got, "help_card")["on_duty"] == false);
    node.settle();
    const json alert = only(organiser.take(), "alert");
    CHECK(alert["escalated"] == true);
    CHECK(alert["kind"] == "crisis");
}

TEMPLATE_TEST_CASE("contact details are masked, the writer told, the staff can see it was",
                   "[contract][safety]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    setup(node);
    Client writer(node), reader(node);
    writer.hello();
    writer.join("open", "くも");
    reader.hello();
    reader.join("open", "よむひと");
    reader.take();
    const auto got = say(writer, "open", "電話して 090-1234-5678", "w1");
    const json notice = only(got, "notice");
    CHECK(notice["kind"] == "contact_masked");
    CHECK(notice["ref"] == "w1");
    CHECK(notice["room"] == "open");
    const json m = only(reader.take(), "message");
    CHECK(m["text"].get<std::string>().find("090") == std::string::npos);
    CHECK(m["shielded"] == true);
    CHECK(of_type(reader.take(), "notice").empty());

    const auto plain = say(writer, "open", "こんばんは", "w2");
    CHECK(of_type(plain, "notice").empty());
    CHECK_FALSE(only(plain, "message").contains("shielded"));
}

TEMPLATE_TEST_CASE("a chat flood becomes a short mute, not a disconnect", "[contract][safety]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client writer(node);
    writer.hello();
    writer.join("limited-rate", "くも");
    writer.take();
    int sent = 0;
    int refused = 0;
    json muted;
    for (int i = 0; i < 12 && muted.is_null(); ++i) {
        const std::vector<json> frames = say(writer, "limited-rate", "あ", "f" + std::to_string(i));
        for (const json& o : frames) {
            const std::string type = o.value("type", "");
            if (type == "message") {
                ++sent;
            } else if (type == "error") {
                CHECK(o.value("code", "") == "rate_limited");
                ++refused;
            } else if (type == "notice" && o.value("kind", "") == "muted") {
                muted = o;
            }
        }
    }
    CHECK(sent == 2);     // the room's burst
    CHECK(refused == 4);  // then four refusals, and the fifth is the flood
    REQUIRE_FALSE(muted.is_null());
    CHECK(muted["reason"] == "flood");
    CHECK(muted["until"] == node.clock.unix_ms() + 60'000);
    CHECK(writer.connected());
    CHECK(writer.closed_code() == 0);
    CHECK(only(say(writer, "limited-rate", "い", "g1"), "error")["code"] == "muted");
    node.clock.advance(std::chrono::seconds(61));
    CHECK(of_type(say(writer, "limited-rate", "う", "g2"), "message").size() == 1);
}

TEMPLATE_TEST_CASE(
    "blocked words: hidden from others with a private word, or delivered and "
    "alerted, help-directory numbers pass the shield",
    "[contract][safety]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    setup(node);
    Client supporter(node), writer(node), reader(node);
    staff_hello(node, supporter, hikari);
    REQUIRE(supporter.join("open", "x")["type"] == "joined");
    writer.hello();
    writer.join("open", "くも");
    reader.hello();
    reader.join("open", "よむひと");
    supporter.take();
    reader.take();

    const auto hidden = say(writer, "open", "お前が死ね", "w1");
    const json notice = only(hidden, "notice");
    CHECK(notice["kind"] == "not_shown");
    CHECK(notice["ref"] == "w1");
    CHECK(of_type(hidden, "message").empty());
    node.settle();
    CHECK(of_type(reader.take(), "message").empty());
    CHECK(of_type(supporter.take(), "alert").empty());

    const auto lure = say(writer, "open", "家どこ？", "w2");
    const json m = only(lure, "message");
    CHECK(m["text"] == "家どこ？");
    node.settle();
    const json alert = only(supporter.take(), "alert");
    CHECK(alert["kind"] == "word");
    CHECK(alert["seq"] == m["seq"]);

    // A hotline from the directory is helping, and stays as written; another number does not.
    const auto hotline =
        say(writer, "open", "よりそいホットライン 0120-279-338 に電話してみて", "w3");
    CHECK(only(hotline, "message")["text"] == "よりそいホットライン 0120-279-338 に電話してみて");
    CHECK(of_type(hotline, "notice").empty());
    const auto other = say(writer, "open", "ここに電話して 0120-111-222", "w4");
    CHECK(only(other, "notice")["kind"] == "contact_masked");
}
