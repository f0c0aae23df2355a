#include <catch2/catch.hpp>

#include "chat_harness.hpp"

// The chat core, end to end through a session, against the memory seams and against Redis:
// the same cases, so the two implementations cannot drift apart.

using namespace ibasho;
using namespace ibasho::test;
using nlohmann::json;

namespace {

json say(Client& c, const std::string& room, const std::string& text, const std::string& id) {
    c.send(json{{"type", "say"}, {"room", room}, {"text", text}, {"id", id}});
    return nullptr;
}

}  // namespace

TEMPLATE_TEST_CASE("hello gives a session, everything else needs one", "[chat]", MemoryBackend,
                   RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client c(node);
    c.send(json{{"type", "join"}, {"room", "open"}, {"nick", "ねこ"}});
    auto err = c.take_first("error");
    REQUIRE_FALSE(err.is_null());
    CHECK(err["code"] == "hello_first");
    const std::string token = c.hello();
    CHECK(token.size() == 22);
    c.send(json{{"type", "hello"}, {"v", 1}});
    CHECK(c.take_first("error")["code"] == "already_hello");
    c.send(std::string("not json"));
    CHECK(c.take_first("error")["code"] == "bad_json");
}

TEMPLATE_TEST_CASE("room list shows every room with live counts and state", "[chat]", MemoryBackend,
                   RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node);
    a.hello();
    b.hello();
    a.join("open", "A");
    b.join("open", "B", {{"listening", true}});
    a.send(json{{"type", "rooms"}});
    auto list = a.take_first("room_list");
    REQUIRE_FALSE(list.is_null());
    REQUIRE(list["rooms"].size() == 9);
    CHECK(list["rooms"][0]["id"] == "open");
    CHECK(list["rooms"][0]["members"] == 2);
    CHECK(list["rooms"][0]["listening"] == 1);
    CHECK(list["rooms"][0]["limited"] == false);
    CHECK(list["rooms"][1]["limited"] == true);
    CHECK(list["rooms"][1]["presence"] == "counts");
    CHECK(list["rooms"][3]["state"] == "locked");
}

TEMPLATE_TEST_CASE("join normalises the nickname and never shows the token", "[chat]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client c(node);
    const std::string token = c.hello();
    auto joined = c.join("open", "  ＡＢＣ  ");
    REQUIRE(joined["type"] == "joined");
    CHECK(joined["nick"] == "ABC");
    CHECK(joined["member"].get<std::string>().size() == 11);
    CHECK(joined["member"] != token);
    CHECK(joined["seq"] == 0);

    Client d(node);
    d.hello();
    CHECK(d.join("open", "090-1234-5678")["code"] == "bad_nick");
    CHECK(d.join("open", std::string(25 * 3, 'x').substr(0, 25))["code"] == "bad_nick");
    CHECK(d.join("open", "\u202Eevil")["code"] == "bad_nick");
    auto emoji = d.join("open", "👨‍👩‍👧ひだまり");
    REQUIRE(emoji["type"] == "joined");
    CHECK(emoji["nick"] == "👨‍👩‍👧ひだまり");
}

TEMPLATE_TEST_CASE("a taken nickname is refused with free suggestions, never a suffix", "[chat]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node), c(node);
    a.hello();
    b.hello();
    c.hello();
    CHECK(a.join("open", "ねこ")["nick"] == "ねこ");
    CHECK(c.join("open", "ねこ2")["nick"] == "ねこ2");  // the obvious suggestion is taken too
    auto second = b.join("open", "ねこ");
    REQUIRE(second["type"] == "error");
    CHECK(second["code"] == "nickname_taken");
    CHECK(second["room"] == "open");
    REQUIRE(second["suggestions"].is_array());
    const auto suggestions = second["suggestions"].get<std::vector<std::string>>();
    CHECK(suggestions.size() == 3);
    for (const std::string& s : suggestions) {
        CHECK(s != "ねこ");
        CHECK(s != "ねこ2");
        CHECK(s.find("・") == std::string::npos);
    }
    // B is in no room; a suggestion, sent back, joins under exactly that name.
    auto chosen = b.join("open", suggestions[0]);
    REQUIRE(chosen["type"] == "joined");
    CHECK(chosen["nick"] == suggestions[0]);
    // The same name in another room is no clash.
    Client d(node);
    d.hello();
    CHECK(d.join("slow", "ねこ")["nick"] == "ねこ");
    // Full-width letters fold to the name already there: a clash too.
    CHECK(a.join("slow", "Neko")["nick"] == "Neko");
    Client e(node);
    e.hello();
    CHECK(e.join("slow", "Ｎｅｋｏ")["code"] == "nickname_taken");
}

TEMPLATE_TEST_CASE("a session's own rejoin under its own nickname is no clash", "[chat]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node);
    a.hello();
    const json first = a.join("open", "ねこ");
    REQUIRE(first["type"] == "joined");
    a.send(json{{"type", "leave"}, {"room", "open"}});
    a.take();
    const json again = a.join("open", "ねこ");
    REQUIRE(again["type"] == "joined");
    CHECK(again["nick"] == "ねこ");
}

TEMPLATE_TEST_CASE("limited rooms need the member's affirmation", "[chat]", MemoryBackend,
                   RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client c(node);
    c.hello();
    CHECK(c.join("women", "すず")["code"] == "affirmation_required");
    CHECK(c.join("women", "すず", {{"affirm", true}})["type"] == "joined");
}

TEMPLATE_TEST_CASE("capacity, locked, closed and paused rooms", "[chat]", MemoryBackend,
                   RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node), c(node);
    a.hello();
    b.hello();
    c.hello();
    CHECK(a.join("pair", "A")["type"] == "joined");
    CHECK(b.join("pair", "B")["type"] == "joined");
    CHECK(c.join("pair", "C")["code"] == "room_full");
    CHECK(c.join("locked", "C")["code"] == "room_locked");
    CHECK(c.join("closed", "C")["code"] == "room_closed");
    CHECK(c.join("nowhere", "C")["code"] == "no_such_room");
    REQUIRE(c.join("paused", "C")["type"] == "joined");
    say(c, "paused", "hello", "p1");
    auto err = c.take_first("error");
    CHECK(err["code"] == "room_paused");
    CHECK(err["ref"] == "p1");
    CHECK(c.join("paused", "C")["code"] == "already_in_room");
}

TEMPLATE_TEST_CASE("say reaches every member, sender included, with the same bytes", "[chat]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node);
    a.hello();
    b.hello();
    auto ja = a.join("open", "A");
    b.join("open", "B");
    a.take();
    b.take();
    say(a, "open", "こんにちは 🌱", "c1");
    say(a, "open", "二つめ", "c2");
    auto got_a = of_type(a.take(), "message");
    auto got_b = of_type(b.take(), "message");
    REQUIRE(got_a.size() == 2);
    REQUIRE(got_b.size() == 2);
    CHECK(got_a == got_b);
    CHECK(got_a[0]["seq"] == 1);
    CHECK(got_a[1]["seq"] == 2);
    CHECK(got_a[0]["from"] == ja["member"]);
    CHECK(got_a[0]["nick"] == "A");
    CHECK(got_a[0]["text"] == "こんにちは 🌱");
    CHECK(got_a[0]["id"] == "c1");
    CHECK(got_a[0]["ts"] == node.clock.unix_ms());
}

TEMPLATE_TEST_CASE("a client that repeats a message id sees it once", "[chat]", MemoryBackend,
                   RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node);
    a.hello();
    a.join("open", "A");
    a.take();
    say(a, "open", "once", "same");
    say(a, "open", "once", "same");
    CHECK(of_type(a.take(), "message").size() == 1);
}

TEMPLATE_TEST_CASE("contact details are masked before anyone sees them", "[chat]", MemoryBackend,
                   RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node);
    a.hello();
    b.hello();
    a.join("open", "A");
    b.join("open", "B");
    b.take();
    say(a, "open", "LINEやってる? 090-1234-5678 まで", "c1");
    auto msgs = of_type(b.take(), "message");
    REQUIRE(msgs.size() == 1);
    const std::string text = msgs[0]["text"];
    CHECK(text.find("1234") == std::string::npos);
    CHECK(text.find("まで") != std::string::npos);
}

TEMPLATE_TEST_CASE("listening is a status others see, and writing switches to talking", "[chat]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node);
    a.hello();
    b.hello();
    a.join("open", "A");
    auto jb = b.join("open", "B", {{"listening", true}});
    CHECK(jb["listening"] == true);
    auto presence = a.take_first("presence");
    REQUIRE_FALSE(presence.is_null());
    CHECK(presence["count"] == 2);
    CHECK(presence["listening"] == 1);
    // Nobody has written yet: both are only a number to others (issue 13).
    CHECK(presence["members"].empty());
    CHECK(presence["quiet"] == 2);

    b.send(json{{"type", "status"}, {"room", "open"}, {"listening", false}});
    presence = a.take_first("presence");
    REQUIRE_FALSE(presence.is_null());
    CHECK(presence["listening"] == 0);

    b.send(json{{"type", "status"}, {"room", "open"}, {"listening", true}});
    a.take();
    say(b, "open", "やっぱり話します", "t1");
    presence = a.take_first("presence");
    REQUIRE_FALSE(presence.is_null());
    CHECK(presence["listening"] == 0);
}

TEMPLATE_TEST_CASE("presence is quiet: no join or leave announcements in the message stream",
                   "[chat]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node), w(node);
    a.hello();
    b.hello();
    w.hello();
    a.join("open", "A");
    a.take();
    b.join("open", "B");
    b.send(json{{"type", "leave"}, {"room", "open"}});
    CHECK(b.take_first("left")["room"] == "open");
    auto seen = a.take();
    CHECK(of_type(seen, "message").empty());
    CHECK(of_type(seen, "presence").size() == 2);  // state updates only

    // A counts-only room never reveals nicknames.
    w.join("women", "W", {{"affirm", true}});
    auto p = w.take_first("presence");
    (void)p;
    Client x(node);
    x.hello();
    x.join("women", "X", {{"affirm", true}});
    auto wp = w.take_first("presence");
    REQUIRE_FALSE(wp.is_null());
    CHECK(wp["count"] == 2);
    CHECK_FALSE(wp.contains("members"));
}

TEMPLATE_TEST_CASE("stamps share the room's sequence and can point at a message", "[chat]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node);
    a.hello();
    b.hello();
    a.join("open", "A");
    b.join("open", "B", {{"listening", true}});
    b.take();
    say(a, "open", "今日は外に出られた", "m1");
    b.send(json{{"type", "stamp"}, {"room", "open"}, {"stamp", "wakaru"}, {"id", "s1"}, {"on", 1}});
    auto got = b.take();
    auto stamps = of_type(got, "stamp");
    REQUIRE(stamps.size() == 1);
    CHECK(stamps[0]["seq"] == 2);
    CHECK(stamps[0]["stamp"] == "wakaru");
    CHECK(stamps[0]["on"] == 1);
    // A stamp is not writing: the listener stays listening. (It does name them to others now,
    // issue 13, so presence frames come, with the same listening count.)
    for (const json& p : of_type(got, "presence")) {
        CHECK(p["listening"] == 1);
    }
    b.send(json{{"type", "stamp"}, {"room", "open"}, {"stamp", "shout"}, {"id", "s2"}});
    CHECK(b.take_first("error")["code"] == "bad_stamp");
}

TEMPLATE_TEST_CASE("a stamp on a seq the room has not reached is refused", "[chat][limits]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node);
    a.hello();
    b.hello();
    a.join("open", "A");
    b.join("open", "B");
    say(a, "open", "one", "m1");
    b.take();
    b.send(json{{"type", "stamp"}, {"room", "open"}, {"stamp", "hug"}, {"id", "s9"}, {"on", 9}});
    const json err = b.take_first("error");
    CHECK(err["code"] == "no_such_message");
    CHECK(err["ref"] == "s9");
    // Nothing was published: the next event still takes seq 2.
    b.send(json{{"type", "stamp"}, {"room", "open"}, {"stamp", "hug"}, {"id", "s1"}, {"on", 1}});
    const auto stamps = of_type(a.take(), "stamp");
    REQUIRE(stamps.size() == 1);
    CHECK(stamps[0]["seq"] == 2);
    CHECK(stamps[0]["on"] == 1);
}

TEMPLATE_TEST_CASE("a session sits in at most --max-rooms-per-session rooms", "[chat][limits]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    node.config.max_rooms_per_session = 2;
    Client a(node);
    a.hello();
    CHECK(a.join("open", "A")["type"] == "joined");
    CHECK(a.join("slow", "A")["type"] == "joined");
    const json third = a.join("short", "A");
    CHECK(third["type"] == "error");
    CHECK(third["code"] == "too_many_rooms");
    // Leaving one frees a place.
    a.send(json{{"type", "leave"}, {"room", "open"}});
    CHECK(a.join("short", "A")["type"] == "joined");

    // Joins sent together cannot pass the limit between them either.
    Client b(node);
    b.hello();
    for (const char* room : {"open", "slow", "short", "pair", "women"}) {
        b.send_only(json{{"type", "join"}, {"room", room}, {"nick", "B"}, {"affirm", true}});
    }
    const auto got = b.take();
    CHECK(of_type(got, "joined").size() == 2);
    std::size_t refused = 0;
    for (const auto& e : of_type(got, "error")) {
        refused += e["code"] == "too_many_rooms" ? 1 : 0;
    }
    CHECK(refused == 3);
}

TEMPLATE_TEST_CASE("resume: same member and nickname, every missed message once, in order",
                   "[chat]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node);
    const std::string token = a.hello();
    b.hello();
    auto first = a.join("open", "ねこ");
    b.join("open", "B");
    say(b, "open", "one", "1");
    auto seen = of_type(a.take(), "message");
    REQUIRE(seen.size() == 1);
    const std::uint64_t last = seen.back()["seq"];
    a.disconnect();
    for (int i = 2; i <= 4; ++i) {
        say(b, "open", "msg " + std::to_string(i), std::to_string(i));
    }

    Client a2(node);
    a2.send(json{{"type", "hello"}, {"v", 1}, {"resume", token}});
    auto welcome = a2.take_first("welcome");
    CHECK(welcome["resumed"] == true);
    CHECK(welcome["session"] == token);
    a2.send(json{{"type", "join"}, {"room", "open"}, {"nick", "ignored"}, {"since", last}});
    auto got = a2.take();
    auto joined = of_type(got, "joined");
    REQUIRE(joined.size() == 1);
    CHECK(joined[0]["member"] == first["member"]);
    CHECK(joined[0]["nick"] == "ねこ");
    CHECK(joined[0]["resumed"] == true);
    auto missed = of_type(got, "message");
    REQUIRE(missed.size() == 3);
    CHECK(missed[0]["seq"] == 2);
    CHECK(missed[1]["seq"] == 3);
    CHECK(missed[2]["seq"] == 4);
    CHECK(of_type(got, "gap").empty());
    say(b, "open", "live", "5");
    auto live = of_type(a2.take(), "message");
    REQUIRE(live.size() == 1);
    CHECK(live[0]["seq"] == 5);
}

TEST_CASE("an unknown or expired token starts a new session", "[chat]") {
    ChatNode node(test_rooms_json());
    Client a(node);
    const std::string token = a.hello();
    a.disconnect();
    node.clock.advance(std::chrono::minutes(31));
    Client b(node);
    b.send(json{{"type", "hello"}, {"v", 1}, {"resume", token}});
    auto w = b.take_first("welcome");
    CHECK(w["resumed"] == false);
    CHECK(w["session"] != token);
}

TEMPLATE_TEST_CASE("messages that fell out of history are reported as a gap", "[chat]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node);
    const std::string token = a.hello();
    b.hello();
    a.join("short", "A");
    b.join("short", "B");
    a.disconnect();
    for (int i = 1; i <= 6; ++i) {
        say(b, "short", "m" + std::to_string(i), std::to_string(i));
    }
    Client a2(node);
    a2.hello(token);
    a2.send(json{{"type", "join"}, {"room", "short"}, {"nick", "A"}, {"since", 0}});
    a2.take();
    a2.send(json{{"type", "leave"}, {"room", "short"}});
    a2.take();
    a2.send(json{{"type", "join"}, {"room", "short"}, {"nick", "A"}, {"since", 1}});
    auto got = a2.take();
    auto gaps = of_type(got, "gap");
    REQUIRE(gaps.size() == 1);
    CHECK(gaps[0]["from"] == 2);
    CHECK(gaps[0]["to"] == 3);
    auto msgs = of_type(got, "message");
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[0]["seq"] == 4);
}

TEMPLATE_TEST_CASE("history expires with the clock, without sleeping", "[chat]", MemoryBackend,
                   RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node);
    a.hello();
    a.join("short", "A");
    say(a, "short", "soon gone", "1");
    node.clock.advance(std::chrono::seconds(61));
    Client b(node);
    b.hello();
    b.send(json{{"type", "join"}, {"room", "short"}, {"nick", "B"}});
    auto got = b.take();
    CHECK(of_type(got, "message").empty());
    CHECK(of_type(got, "joined")[0]["seq"] == 1);
}

TEMPLATE_TEST_CASE("rate limit and slow mode say when the member may write again", "[chat]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node);
    a.hello();
    a.join("limited-rate", "A");
    a.join("slow", "A");
    a.take();
    say(a, "limited-rate", "1", "r1");
    say(a, "limited-rate", "2", "r2");
    say(a, "limited-rate", "3", "r3");
    auto err = a.take_first("error");
    REQUIRE_FALSE(err.is_null());
    CHECK(err["code"] == "rate_limited");
    CHECK(err["ref"] == "r3");
    CHECK(err["retry_after_ms"].get<int>() > 0);
    CHECK(err["retry_after_ms"].get<int>() <= 1000);
    node.clock.advance(std::chrono::seconds(1));
    say(a, "limited-rate", "4", "r4");
    CHECK(of_type(a.take(), "message").size() == 1);

    say(a, "slow", "first", "s1");
    node.clock.advance(std::chrono::seconds(4));
    say(a, "slow", "second", "s2");
    err = a.take_first("error");
    CHECK(err["code"] == "slow_mode");
    CHECK(err["retry_after_ms"] == 6000);
    node.clock.advance(std::chrono::seconds(6));
    say(a, "slow", "third", "s3");
    CHECK(of_type(a.take(), "message").size() == 1);
}

TEMPLATE_TEST_CASE("a flooding connection is closed with 4002", "[chat]", MemoryBackend,
                   RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node);
    a.hello();
    for (int i = 0; i < 300 && a.closed_code() == 0; ++i) {
        a.send(json{{"type", "rooms"}});
    }
    CHECK(a.closed_code() == 4002);
}

namespace {

// A rooms file of `n` rooms whose descriptions and rules are long, as real ones can be.
std::string many_rooms_json(int n) {
    json rooms = json::array();
    const std::string long_text(400, 'x');
    for (int i = 0; i < n; ++i) {
        rooms.push_back({{"id", "room-" + std::to_string(1000 + i)},
                         {"name", {{"ja", "部屋"}, {"en", "Room"}}},
                         {"description", {{"ja", long_text}, {"en", long_text}}},
                         {"rules", {{"ja", long_text}, {"en", long_text}}},
                         {"audience", {"open"}}});
    }
    return json{{"defaults", {{"rate_limit", "off"}}}, {"rooms", rooms}}.dump();
}

}  // namespace

TEMPLATE_TEST_CASE("the room list comes in pages that follow one another to the end",
                   "[chat][limits][room_list]", MemoryBackend, RedisBackend) {
    ChatNode node(many_rooms_json(250), TestType::kind);
    Client a(node);
    a.hello();
    a.join("room-1003", "A");
    a.take();
    std::vector<std::string> seen;
    json request{{"type", "rooms"}};
    int pages = 0;
    for (; pages < 100; ++pages) {
        a.send(request);
        const auto all = a.take();
        const auto lists = of_type(all, "room_list");
        REQUIRE(lists.size() == 1);
        const json& page = lists[0];
        CHECK(page.dump().size() <= 33 * 1024);
        CHECK(page.contains("after") == request.contains("after"));
        for (const auto& r : page["rooms"]) {
            seen.push_back(r["id"]);
            if (r["id"] == "room-1003") {
                CHECK(r["members"] == 1);
            }
        }
        if (!page.contains("next")) {
            break;
        }
        CHECK(page["next"] == page["rooms"].back()["id"]);
        request = json{{"type", "rooms"}, {"after", page["next"]}};
    }
    CHECK(pages >= 4);
    REQUIRE(seen.size() == 250);
    for (int i = 0; i < 250; ++i) {
        CHECK(seen[static_cast<std::size_t>(i)] == "room-" + std::to_string(1000 + i));
    }
    // A page after a room that is not in the list: start again.
    a.send(json{{"type", "rooms"}, {"after", "no-such"}});
    CHECK(a.take_first("error")["code"] == "no_such_room");
}

TEMPLATE_TEST_CASE(
    "the same room-list request within 2 s is built once, its repeats get "
    "the same bytes",
    "[chat][limits][room_list]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node);
    a.hello();
    a.send(json{{"type", "rooms"}});
    const auto first = of_type(a.take(), "room_list");
    REQUIRE(first.size() == 1);
    // Someone comes in: a fresh page would count them; the repeats within the window are the
    // first answer again (no second Presence round trip, no second page built).
    Client b(node);
    b.hello();
    b.join("open", "b");
    for (int i = 0; i < 20; ++i) {
        a.send(json{{"type", "rooms"}});
    }
    const auto repeats = of_type(a.take(), "room_list");
    CHECK(repeats.size() == 20);
    for (const auto& r : repeats) {
        CHECK(r == first[0]);
    }
    // Another page is another request.
    a.send(json{{"type", "rooms"}, {"after", "open"}});
    a.send(json{{"type", "rooms"}, {"after", "open"}});
    const auto other = of_type(a.take(), "room_list");
    REQUIRE(other.size() == 2);
    CHECK(other[0] == other[1]);
    CHECK(other[0] != first[0]);
    // Asked together before the first is answered: one answer serves both.
    Client c(node);
    c.hello();
    c.send_only(json{{"type", "rooms"}});
    c.send_only(json{{"type", "rooms"}});
    CHECK(of_type(c.take(), "room_list").size() == 1);
    // Once the window has passed, the list is built again and counts the newcomer.
    // (Only the last page asked is kept: the first page is asked afresh after the other.)
    node.clock.advance(std::chrono::milliseconds(1999));
    a.send(json{{"type", "rooms"}, {"after", "open"}});
    CHECK(of_type(a.take(), "room_list").at(0) == other[0]);
    a.send(json{{"type", "rooms"}});
    const json fresh = of_type(a.take(), "room_list").at(0);
    CHECK(fresh != first[0]);
    CHECK(fresh["rooms"][0]["members"] == first[0]["rooms"][0]["members"].get<int>() + 1);
}

TEST_CASE("pings and pongs spend the same frame budget as messages", "[chat][limits]") {
    ChatNode node(test_rooms_json());
    Client a(node);
    a.hello();
    // A ping flood is a flood: closed like a message flood, once the burst is spent.
    int answered = 0;
    while (answered < 1000 && a.control_frame()) {
        ++answered;
    }
    CHECK(a.closed_code() == 4002);
    CHECK(answered >= 150);
    CHECK(answered <= 250);

    // Pings and messages share one budget: half the burst in messages leaves the other half.
    Client b(node);
    b.hello();
    for (int i = 0; i < 100; ++i) {
        b.send(json{{"type", "rooms"}});
    }
    int pings = 0;
    while (pings < 1000 && b.control_frame()) {
        ++pings;
    }
    CHECK(b.closed_code() == 4002);
    CHECK(pings < 150);
}

TEST_CASE("keep-alive pings, a few a minute, never trip the frame budget", "[chat][limits]") {
    ChatNode node(test_rooms_json());
    Client a(node);
    a.hello();
    // A day of a ping every 20 s, each answered by the client's own pong, with a message now
    // and then.
    for (int i = 0; i < 3 * 60 * 24; ++i) {
        REQUIRE(a.control_frame());
        REQUIRE(a.control_frame());
        if (i % 10 == 0) {
            a.send(json{{"type", "rooms"}});
        }
        node.clock.advance(std::chrono::seconds(20));
    }
    CHECK(a.closed_code() == 0);
}

TEMPLATE_TEST_CASE("leave is silent for others and needs membership", "[chat]", MemoryBackend,
                   RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node);
    a.hello();
    a.send(json{{"type", "leave"}, {"room", "open"}});
    CHECK(a.take_first("error")["code"] == "not_in_room");
    say(a, "open", "x", "1");
    CHECK(a.take_first("error")["code"] == "not_in_room");
}

TEMPLATE_TEST_CASE("resuming on a new connection retires the old one without a presence blip",
                   "[chat]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client old_conn(node), other(node);
    const std::string token = old_conn.hello();
    other.hello();
    old_conn.join("open", "ねこ");
    other.join("open", "B");
    other.take();

    Client fresh(node);
    fresh.hello(token);
    CHECK(old_conn.closed_code() == 4004);
    fresh.send(json{{"type", "join"}, {"room", "open"}, {"nick", "x"}, {"since", 0}});
    CHECK(fresh.take_first("joined")["nick"] == "ねこ");
    old_conn.disconnect();  // the dead socket is finally noticed

    other.send(json{{"type", "rooms"}});
    auto list = other.take_first("room_list");
    CHECK(list["rooms"][0]["members"] == 2);
    say(other, "open", "まだいる?", "q1");
    CHECK(of_type(fresh.take(), "message").size() == 1);
}
