#include <catch2/catch.hpp>

#include "chat_harness.hpp"
#include "protocol/room_event.hpp"
#include "staff_fixture.hpp"

// Hiding messages, the room's live controls and the shield, end to end through sessions,
// against the memory seams and a real Redis. Broker::replace / entry are checked on their own
// first, as every Broker must behave.

using namespace ibasho;
using namespace ibasho::test;
using nlohmann::json;

namespace {

json first_of(const std::vector<json>& all, const std::string& type) {
    auto found = of_type(all, type);
    return found.empty() ? json(nullptr) : found.front();
}

// A supporter of "open", signed in and seated there.
struct Staff {
    Client client;
    json joined;
    Staff(ChatNode& node, const std::string& room = "open") : client(node) {
        StaffSpec spec;
        spec.rooms = {room};
        put_staff(*node.seams.store, spec);
        const std::string token = put_staff_token(*node.seams.store, spec.id, node.clock.unix_ms());
        node.settle();
        client.send(json{{"type", "hello"}, {"v", 1}, {"staff", token}});
        REQUIRE(client.take_first("welcome")["role"] == "supporter");
        joined = client.join(room, "ignored");
        REQUIRE(joined["type"] == "joined");
        client.take();
    }
};

void say(Client& c, const std::string& room, const std::string& text, const std::string& id) {
    c.send(json{{"type", "say"}, {"room", room}, {"text", text}, {"id", id}});
}

json control(Client& c, const std::string& room, const std::string& what, json extra = {}) {
    json m{{"type", "room_control"}, {"room", room}, {"control", what}, {"id", "rc"}};
    for (auto& [k, v] : extra.items())
        m[k] = v;
    c.send(m);
    auto all = c.take();
    if (auto e = first_of(all, "error"); !e.is_null())
        return e;
    return first_of(all, "done");
}

// History as a late joiner sees it.
std::vector<json> history_of(ChatNode& node, const std::string& room,
                             std::optional<std::uint64_t> since = std::nullopt) {
    Client late(node);
    late.hello();
    json join{{"type", "join"}, {"room", room}, {"nick", "あと"}};
    if (since)
        join["since"] = *since;
    late.send(join);
    auto all = late.take();
    std::vector<json> events;
    for (auto& j : all) {
        if (j.contains("seq") && j["type"] != "joined")
            events.push_back(j);
    }
    return events;
}

}  // namespace

TEMPLATE_TEST_CASE("broker: replace rewrites one history entry in place, entry reads one",
                   "[broker][hide]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    const HistoryLimits limits{200, std::chrono::seconds(3600)};
    for (const char* text : {"一", "二", "三"}) {
        auto p = protocol::message_parts("open", "m1", "ねこ", text, std::string("i") + text);
        node.broker.publish(EventDraft{"open", p.head, p.middle, p.tail, ""}, limits, nullptr);
        node.settle();
    }
    std::optional<RoomEvent> two;
    node.broker.entry("open", 2, [&](Fault f, std::optional<RoomEvent> ev) {
        CHECK(f == Fault::none);
        two = std::move(ev);
    });
    node.settle();
    REQUIRE(two);
    CHECK(two->seq == 2);
    CHECK(json::parse(*two->frame)["text"] == "二");

    // The inverse of the writer gives back parts that assemble the same bytes.
    const auto parts = protocol::split_event(*two->frame, 2, two->ts);
    REQUIRE(parts);
    CHECK(protocol::assemble_event(parts->head, 2, parts->middle, two->ts, parts->tail) ==
          *two->frame);

    std::optional<bool> replaced;
    auto tomb = protocol::hidden_parts("open", "hurtful");
    node.broker.replace("open", 2, EventDraft{"open", tomb.head, tomb.middle, tomb.tail, ""},
                        [&](Fault f, bool r) {
                            CHECK(f == Fault::none);
                            replaced = r;
                        });
    node.settle();
    REQUIRE(replaced == true);
    std::optional<HistorySlice> slice;
    node.broker.history("open", 0, 50, limits, [&](Fault, HistorySlice s) { slice = s; });
    node.settle();
    REQUIRE(slice);
    REQUIRE(slice->events.size() == 3);
    const json hidden = json::parse(*slice->events[1].frame);
    CHECK(hidden == json{{"type", "hidden"},
                         {"room", "open"},
                         {"seq", 2},
                         {"ts", two->ts},
                         {"reason", "hurtful"}});
    CHECK(slice->events[1].ts == two->ts);
    CHECK(json::parse(*slice->events[0].frame)["text"] == "一");
    CHECK(json::parse(*slice->events[2].frame)["text"] == "三");

    // Put back: the bytes are exactly the original's again.
    node.broker.replace("open", 2, EventDraft{"open", parts->head, parts->middle, parts->tail, ""},
                        nullptr);
    node.settle();
    node.broker.entry("open", 2, [&](Fault, std::optional<RoomEvent> ev) {
        REQUIRE(ev);
        CHECK(*ev->frame == *two->frame);
    });
    node.settle();

    // A seq the history does not hold: nothing found, nothing changed.
    bool none_found = false;
    node.broker.entry("open", 99, [&](Fault f, std::optional<RoomEvent> ev) {
        none_found = f == Fault::none && !ev;
    });
    node.broker.replace("open", 99, EventDraft{"open", tomb.head, tomb.middle, tomb.tail, ""},
                        [&](Fault f, bool r) { replaced = f == Fault::none && r; });
    node.settle();
    CHECK(none_found);
    CHECK(replaced == false);
    node.broker.entry("nowhere", 1, [&](Fault f, std::optional<RoomEvent> ev) {
        none_found = f == Fault::none && !ev;
    });
    node.settle();
    CHECK(none_found);
}

TEMPLATE_TEST_CASE("hide: a tombstone in history for late joiners and resumes, a hide event live",
                   "[chat][hide]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Staff staff(node);
    Client writer(node), reader(node);
    writer.hello();
    const std::string token = reader.hello();
    writer.join("open", "かく");
    reader.join("open", "よむ");
    say(writer, "open", "ひどいことば", "w1");
    say(writer, "open", "ふつう", "w2");
    const auto seen = of_type(reader.take(), "message");
    REQUIRE(seen.size() == 2);
    const std::uint64_t target = seen[0]["seq"];
    staff.client.take();

    // A participant may not hide; nothing changes.
    writer.send(json{
        {"type", "hide"}, {"room", "open"}, {"seq", target}, {"reason", "hurtful"}, {"id", "p1"}});
    const json refused = writer.take_first("error");
    CHECK(refused["code"] == "forbidden");
    CHECK(refused["ref"] == "p1");
    CHECK(history_of(node, "open")[0]["type"] == "message");

    staff.client.send(json{
        {"type", "hide"}, {"room", "open"}, {"seq", target}, {"reason", "hurtful"}, {"id", "h1"}});
    const auto answer = staff.client.take();
    CHECK(first_of(answer, "done") == json{{"type", "done"}, {"ref", "h1"}, {"action", "hide"}});
    const json live = first_of(reader.take(), "hide");
    REQUIRE_FALSE(live.is_null());
    CHECK(live["target"] == target);
    CHECK(live["reason"] == "hurtful");
    CHECK(live["seq"] == target + 2);
    CHECK(live["room"] == "open");

    // A late joiner sees the tombstone, same seq and ts, never the text.
    const auto late = history_of(node, "open");
    REQUIRE(late.size() == 3);
    CHECK(late[0] == json{{"type", "hidden"},
                          {"room", "open"},
                          {"seq", target},
                          {"ts", seen[0]["ts"]},
                          {"reason", "hurtful"}});
    CHECK(late[1]["text"] == "ふつう");
    CHECK(late[2]["type"] == "hide");
    for (const auto& e : late) {
        CHECK(e.dump().find("ひどいことば") == std::string::npos);
    }
    // So does a member resuming with `since`.
    reader.disconnect();
    Client back(node);
    back.hello(token);
    back.send(json{{"type", "join"}, {"room", "open"}, {"nick", "x"}, {"since", target - 1}});
    const auto resumed = back.take();
    CHECK(first_of(resumed, "hidden")["seq"] == target);
    CHECK(first_of(resumed, "message")["text"] == "ふつう");

    // Hiding again, or hiding what is not a message: a clear error, nothing changes.
    staff.client.send(json{
        {"type", "hide"}, {"room", "open"}, {"seq", target}, {"reason", "hurtful"}, {"id", "h2"}});
    CHECK(staff.client.take_first("error")["code"] == "no_such_message");
    staff.client.send(json{{"type", "hide"},
                           {"room", "open"},
                           {"seq", target + 2},
                           {"reason", "hurtful"},
                           {"id", "h3"}});
    CHECK(staff.client.take_first("error")["code"] == "no_such_message");
    staff.client.send(json{
        {"type", "hide"}, {"room", "open"}, {"seq", 999}, {"reason", "hurtful"}, {"id", "h4"}});
    CHECK(staff.client.take_first("error")["code"] == "no_such_message");
    CHECK(history_of(node, "open").size() == 3);
}

TEMPLATE_TEST_CASE("unhide within 10 minutes restores the message, after that, too_late",
                   "[chat][hide]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Staff staff(node);
    Client writer(node);
    writer.hello();
    writer.join("open", "かく");
    say(writer, "open", "まちがい", "w1");
    say(writer, "open", "もうひとつ", "w2");
    const auto msgs = of_type(writer.take(), "message");
    REQUIRE(msgs.size() == 2);
    const std::uint64_t first = msgs[0]["seq"];
    const std::uint64_t second = msgs[1]["seq"];
    staff.client.take();

    // Unhiding what is not hidden.
    staff.client.send(json{{"type", "unhide"}, {"room", "open"}, {"seq", first}, {"id", "u0"}});
    CHECK(staff.client.take_first("error")["code"] == "no_such_message");

    for (std::uint64_t seq : {first, second}) {
        staff.client.send(json{
            {"type", "hide"}, {"room", "open"}, {"seq", seq}, {"reason", "other"}, {"id", "h"}});
        REQUIRE(staff.client.take_first("done")["action"] == "hide");
    }
    // A participant cannot unhide.
    writer.take();
    writer.send(json{{"type", "unhide"}, {"room", "open"}, {"seq", first}, {"id", "p"}});
    CHECK(writer.take_first("error")["code"] == "forbidden");

    node.clock.advance(std::chrono::minutes(9));
    staff.client.send(json{{"type", "unhide"}, {"room", "open"}, {"seq", first}, {"id", "u1"}});
    CHECK(staff.client.take_first("done") ==
          json{{"type", "done"}, {"ref", "u1"}, {"action", "unhide"}});
    const json live = writer.take_first("unhide");
    REQUIRE_FALSE(live.is_null());
    CHECK(live["target"] == first);
    CHECK(live["message"] == msgs[0]);
    const auto restored = history_of(node, "open");
    REQUIRE(restored.size() >= 2);
    CHECK(restored[0] == msgs[0]);  // byte-for-byte the same object, seq and ts
    CHECK(restored[1]["type"] == "hidden");

    // Unhiding twice: it is no longer hidden.
    staff.client.send(json{{"type", "unhide"}, {"room", "open"}, {"seq", first}, {"id", "u2"}});
    CHECK(staff.client.take_first("error")["code"] == "no_such_message");

    node.clock.advance(std::chrono::minutes(2));
    staff.client.send(json{{"type", "unhide"}, {"room", "open"}, {"seq", second}, {"id", "u3"}});
    const json late = staff.client.take_first("error");
    CHECK(late["code"] == "too_late");
    CHECK(late["ref"] == "u3");
    CHECK(history_of(node, "open")[1]["type"] == "hidden");
}

TEMPLATE_TEST_CASE("room controls change what the policy does, on the spot", "[chat][controls]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Staff staff(node);
    Client member(node);
    member.hello();
    REQUIRE(member.join("open", "なか")["type"] == "joined");
    member.take();

    // Participants are refused and nothing changes.
    CHECK(control(member, "open", "lock")["code"] == "forbidden");
    {
        Client c(node);
        c.hello();
        CHECK(c.join("open", "そと")["type"] == "joined");
    }

    // Lock: newcomers refused, members inside stay and are told.
    CHECK(control(staff.client, "open", "lock", {{"reason", "calm_down"}})["action"] ==
          "room_control");
    const json locked = member.take_first("room_state");
    CHECK(locked == json{{"type", "room_state"},
                         {"room", "open"},
                         {"state", "locked"},
                         {"slow_mode_s", 0},
                         {"shield", false},
                         {"supporter_present", false}});
    {
        Client c(node);
        c.hello();
        CHECK(c.join("open", "そと")["code"] == "room_locked");
    }
    CHECK(control(staff.client, "open", "unlock")["action"] == "room_control");

    // Pause: participants cannot write, staff still can.
    control(staff.client, "open", "pause");
    member.take();
    say(member, "open", "もしもし", "m1");
    CHECK(member.take_first("error")["code"] == "room_paused");
    say(staff.client, "open", "すこし休みます", "s1");
    CHECK(member.take_first("message")["text"] == "すこし休みます");
    control(staff.client, "open", "resume");
    member.take();

    // Slow mode: the second message within 30 s waits.
    control(staff.client, "open", "slow_mode", {{"seconds", 30}});
    CHECK(member.take_first("room_state")["slow_mode_s"] == 30);
    say(member, "open", "ひとつめ", "m2");
    CHECK(member.take_first("message")["text"] == "ひとつめ");
    say(member, "open", "ふたつめ", "m3");
    const json wait = member.take_first("error");
    CHECK(wait["code"] == "slow_mode");
    CHECK(wait["retry_after_ms"] > 20000);
    node.clock.advance(std::chrono::seconds(31));
    say(member, "open", "ふたつめ", "m4");
    CHECK(member.take_first("message")["text"] == "ふたつめ");

    // Pin: shown to every member now, after any join, and in the room list.
    control(staff.client, "open", "pin", {{"text", "今日は21時までです"}});
    CHECK(member.take_first("room_state")["pin"] == "今日は21時までです");
    {
        Client c(node);
        c.hello();
        c.send(json{{"type", "join"}, {"room", "open"}, {"nick", "あと"}});
        const auto all = c.take();
        REQUIRE(all.size() >= 2);
        CHECK(all[0]["type"] == "joined");
        CHECK(all[1]["type"] == "room_state");
        CHECK(all[1]["pin"] == "今日は21時までです");
        CHECK(all[1]["slow_mode_s"] == 30);
        c.send(json{{"type", "rooms"}});
        const json list = c.take_first("room_list");
        CHECK(list["rooms"][0]["pin"] == "今日は21時までです");
        CHECK(list["rooms"][0]["slow_mode_s"] == 30);
    }
    control(staff.client, "open", "unpin");
    CHECK_FALSE(member.take_first("room_state").contains("pin"));
    control(staff.client, "open", "supporter_present_on");
    CHECK(member.take_first("room_state")["supporter_present"] == true);
    CHECK(node.catalog.snapshot()->find("open")->supporter_present);

    // Kept in the Store, so a node that starts later applies them.
    std::optional<StoreRecord> rec;
    node.seams.store->get("room_live", "open", [&](StoreResult r, StoreRecord got) {
        if (r == StoreResult::ok)
            rec = got;
    });
    node.settle();
    REQUIRE(rec);
    CHECK(json::parse(rec->body)["slow_mode_s"] == 30);
    CHECK(rec->ttl.count() == 0);

    // Close: everyone is taken out, and nobody gets in.
    control(staff.client, "open", "close");
    const json left = member.take_first("left");
    CHECK(left["reason"] == "room_closed");
    {
        Client c(node);
        c.hello();
        CHECK(c.join("open", "そと")["code"] == "room_closed");
    }
    // A reload of the rooms file keeps the live change (the file says "open").
    node.catalog.replace(chat::parse_rooms(test_rooms_json()));
    CHECK(node.catalog.snapshot()->find("open")->state == chat::RoomState::closed);
    CHECK(node.catalog.snapshot()->find("open")->slow_mode == std::chrono::seconds(30));
}

TEMPLATE_TEST_CASE("shield: newcomers are held, staff see them waiting and admit them",
                   "[chat][shield]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Staff staff(node);
    Client inside(node);
    const std::string inside_token = inside.hello();
    REQUIRE(inside.join("open", "なか")["type"] == "joined");
    control(staff.client, "open", "slow_mode", {{"seconds", 5}});
    inside.take();

    CHECK(control(staff.client, "open", "shield_on")["action"] == "room_control");
    const json on = inside.take_first("room_state");
    CHECK(on["shield"] == true);
    CHECK(on["slow_mode_s"] == 30);

    // A newcomer waits at the door; the staff see who, under the id they will have.
    Client newcomer(node), other(node);
    newcomer.hello();
    other.hello();
    newcomer.send(json{{"type", "join"}, {"room", "open"}, {"nick", "はじめて"}});
    auto got = newcomer.take();
    CHECK(first_of(got, "held") == json{{"type", "held"}, {"room", "open"}});
    CHECK(first_of(got, "joined").is_null());
    const json waiting = staff.client.take_first("waiting");
    REQUIRE_FALSE(waiting.is_null());
    CHECK(waiting["nick"] == "はじめて");
    const std::string member = waiting["member"];
    other.send(json{{"type", "join"}, {"room", "open"}, {"nick", "ふたりめ"}});
    CHECK(other.take_first("held")["room"] == "open");
    const std::string other_member = staff.client.take_first("waiting")["member"];

    // A member coming back to their own seat is no stranger.
    inside.disconnect();
    Client back(node);
    back.hello(inside_token);
    CHECK(back.join("open", "x")["type"] == "joined");

    // Participants cannot admit; staff can, and the newcomer gets the usual joined + history.
    back.take();
    back.send(json{{"type", "admit"}, {"room", "open"}, {"member", member}, {"id", "a0"}});
    CHECK(back.take_first("error")["code"] == "forbidden");
    staff.client.send(json{{"type", "admit"}, {"room", "open"}, {"member", member}, {"id", "a1"}});
    CHECK(first_of(staff.client.take(), "done")["action"] == "admit");
    got = newcomer.take();
    const json joined = first_of(got, "joined");
    REQUIRE_FALSE(joined.is_null());
    CHECK(joined["member"] == member);
    CHECK(first_of(got, "room_state")["shield"] == true);
    // Admitting twice: nobody waits under that id any more.
    staff.client.send(json{{"type", "admit"}, {"room", "open"}, {"member", member}, {"id", "a2"}});
    CHECK(staff.client.take_first("error")["code"] == "no_such_member");

    // A held joiner who goes away leaves the waiting list.
    Client leaver(node);
    leaver.hello();
    leaver.send(json{{"type", "join"}, {"room", "open"}, {"nick", "さる"}});
    REQUIRE_FALSE(leaver.take_first("held").is_null());
    const std::string leaver_member = staff.client.take_first("waiting")["member"];
    leaver.disconnect();
    CHECK(staff.client.take_first("waiting_gone") ==
          json{{"type", "waiting_gone"}, {"room", "open"}, {"member", leaver_member}});

    // A supporter who joins later sees who is still waiting.
    {
        Client late_staff(node);
        StaffSpec spec;
        spec.id = "st_test0000000000002";
        spec.name = "そら";
        put_staff(*node.seams.store, spec);
        const std::string t = put_staff_token(*node.seams.store, spec.id, node.clock.unix_ms());
        node.settle();
        late_staff.send(json{{"type", "hello"}, {"v", 1}, {"staff", t}});
        late_staff.send(json{{"type", "join"}, {"room", "open"}, {"nick", "x"}});
        const auto list = of_type(late_staff.take(), "waiting");
        REQUIRE(list.size() == 1);
        CHECK(list[0]["member"] == other_member);
    }

    // Shield off: everyone still waiting comes in, and slow mode is what it was.
    CHECK(control(staff.client, "open", "shield_off")["action"] == "room_control");
    CHECK(first_of(other.take(), "joined")["member"] == other_member);
    const json off = back.take_first("room_state");
    CHECK(off["shield"] == false);
    CHECK(off["slow_mode_s"] == 5);
    Client after(node);
    after.hello();
    CHECK(after.join("open", "あと")["type"] == "joined");
}
