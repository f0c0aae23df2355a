#include <catch2/catch.hpp>

#include "chat_harness.hpp"

// Issue 13, "looking without being seen", on the server: listeners are only a number to others
// until they write or stamp (presence's `members` and `quiet`), and `peek` shows an open room
// before joining without anyone being told; against the memory seams and a real Redis.

using namespace ibasho;
using namespace ibasho::test;
using nlohmann::json;

namespace {

json last_presence(Client& c) {
    json out;
    for (const json& j : c.take()) {
        if (j["type"] == "presence") {
            out = j;
        }
    }
    return out;
}

bool names(const json& presence, const std::string& nick) {
    if (!presence.contains("members")) {
        return false;
    }
    for (const json& m : presence["members"]) {
        if (m["nick"] == nick) {
            return true;
        }
    }
    return false;
}

void say(Client& c, const std::string& room, const std::string& text, const std::string& id) {
    c.send(json{{"type", "say"}, {"room", room}, {"text", text}, {"id", id}});
}

json peek(Client& c, const std::string& room, const std::string& id) {
    c.send(json{{"type", "peek"}, {"room", room}, {"id", id}});
    for (const json& j : c.take()) {
        if ((j["type"] == "preview" || j["type"] == "error") && j.value("ref", "") == id) {
            return j;
        }
    }
    return nullptr;
}

}  // namespace

TEMPLATE_TEST_CASE("listeners: a nickname is shown only after its member wrote or stamped",
                   "[chat][listeners]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node);
    a.hello();
    b.hello();
    const json ja = a.join("open", "しずか", {{"listening", true}});
    REQUIRE(ja["nick"] == "しずか");  // the member's own client knows its nickname
    b.join("open", "ひなた", {{"listening", false}});
    node.settle();
    // A third comes in, so that A and B each get a presence frame now (join() took theirs).
    Client c(node);
    c.hello();
    c.join("open", "そら");
    node.settle();

    // Nobody has written: all are a number, to each other, even in a room that shows names.
    json seen_by_a = last_presence(a);
    json seen_by_b = last_presence(b);
    REQUIRE(seen_by_a.is_object());
    REQUIRE(seen_by_b.is_object());
    CHECK(seen_by_b["count"] == 3);
    CHECK(seen_by_b["quiet"] == 3);
    CHECK(seen_by_a["members"].empty());
    CHECK_FALSE(names(seen_by_b, "しずか"));
    CHECK_FALSE(names(seen_by_b, "ひなた"));
    CHECK(seen_by_b.dump().find("しずか") == std::string::npos);

    // B writes: from then on everyone sees B's name; A stays a number.
    say(b, "open", "こんばんは", "m1");
    node.settle();
    seen_by_a = last_presence(a);
    REQUIRE(seen_by_a.is_object());
    CHECK(names(seen_by_a, "ひなた"));
    CHECK_FALSE(names(seen_by_a, "しずか"));
    CHECK(seen_by_a["quiet"] == 2);
    seen_by_b = last_presence(b);
    CHECK(seen_by_b.dump().find("しずか") == std::string::npos);

    // A stamp names its sender too.
    a.send(json{{"type", "stamp"}, {"room", "open"}, {"stamp", "wakaru"}, {"id", "s1"}, {"on", 1}});
    node.settle();
    seen_by_b = last_presence(b);
    REQUIRE(seen_by_b.is_object());
    CHECK(names(seen_by_b, "しずか"));
    CHECK(seen_by_b["quiet"] == 1);
}

TEMPLATE_TEST_CASE("listeners: a resume keeps the mark, leaving and joining again clears it",
                   "[chat][listeners]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node);
    const std::string token = a.hello();
    b.hello();
    a.join("open", "しずか");
    b.join("open", "ひなた");
    say(a, "open", "はい", "m1");
    node.settle();
    CHECK(names(last_presence(b), "しずか"));

    // The same visit after a network drop: still named.
    a.disconnect();
    node.settle();
    Client again(node);
    again.hello(token);
    again.join("open", "しずか");
    node.settle();
    CHECK(names(last_presence(b), "しずか"));

    // A new visit: a number again until it writes.
    again.send(json{{"type", "leave"}, {"room", "open"}});
    node.settle();
    again.join("open", "しずか");
    node.settle();
    const json seen = last_presence(b);
    REQUIRE(seen.is_object());
    CHECK_FALSE(names(seen, "しずか"));
    CHECK(seen["quiet"] == 2);
}

TEMPLATE_TEST_CASE("peek: an open room shows its last messages and counts, and nobody is told",
                   "[chat][peek]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node), reader(node);
    a.hello();
    b.hello();
    reader.hello();
    a.join("open", "しずか", {{"listening", true}});
    b.join("open", "ひなた");
    for (int i = 1; i <= 25; ++i) {
        say(b, "open", "line " + std::to_string(i), "m" + std::to_string(i));
    }
    node.settle();
    a.take();
    b.take();
    reader.take();

    const json p = peek(reader, "open", "p1");
    REQUIRE(p.is_object());
    REQUIRE(p["type"] == "preview");
    CHECK(p["room"] == "open");
    CHECK(p["view"] == "messages");
    CHECK(p["count"] == 2);
    CHECK(p["quiet"] == 1);
    REQUIRE(p["messages"].size() == 20);  // the newest 20, oldest first
    CHECK(p["messages"].front()["seq"] == 6);
    CHECK(p["messages"].back()["seq"] == 25);
    CHECK(p["messages"].back()["text"] == "line 25");
    CHECK(p["messages"].back()["nick"] == "ひなた");
    CHECK(p.dump().find("しずか") == std::string::npos);  // a listener's name never shows

    // The room noticed nothing: no presence frame, no event; the reader holds no seat.
    node.settle();
    CHECK(of_type(a.take(), "presence").empty());
    CHECK(of_type(b.take(), "presence").empty());
    reader.send(json{{"type", "say"}, {"room", "open"}, {"text", "x"}, {"id", "x1"}});
    CHECK(reader.take_first("error")["code"] == "not_in_room");
}

TEMPLATE_TEST_CASE("peek: gated rooms show only what they are, unknown rooms are refused",
                   "[chat][peek]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client w(node), reader(node);
    w.hello();
    reader.hello();
    w.join("women", "ゆき", {{"affirm", true}});
    w.send(json{{"type", "say"}, {"room", "women"}, {"text", "ひみつ"}, {"id", "m1"}});
    node.settle();
    reader.take();
    for (const char* room : {"women", "closed", "locked", "paused"}) {
        INFO(room);
        const json p = peek(reader, room, std::string("p-") + room);
        REQUIRE(p.is_object());
        CHECK(p["type"] == "preview");
        CHECK(p["view"] == "about");
        CHECK_FALSE(p.contains("messages"));
        CHECK_FALSE(p.contains("count"));
    }
    const json unknown = peek(reader, "nowhere", "p-x");
    REQUIRE(unknown.is_object());
    CHECK(unknown["type"] == "error");
    CHECK(unknown["code"] == "no_such_room");
}

TEMPLATE_TEST_CASE("peek: a few at once, then one each 2 s", "[chat][peek]", MemoryBackend,
                   RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client reader(node);
    reader.hello();
    reader.take();
    // The unknown room spent nothing above; five looks go through, the sixth waits.
    for (int i = 0; i < 5; ++i) {
        CHECK(peek(reader, "open", "p" + std::to_string(i))["type"] == "preview");
    }
    const json refused = peek(reader, "open", "p5");
    REQUIRE(refused.is_object());
    CHECK(refused["code"] == "rate_limited");
    CHECK(refused["retry_after_ms"].get<int>() > 0);
    node.clock.advance(std::chrono::seconds(2));
    CHECK(peek(reader, "open", "p6")["type"] == "preview");
}
