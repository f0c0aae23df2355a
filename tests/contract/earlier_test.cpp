#include <catch2/catch.hpp>

#include "chat_harness.hpp"
#include "protocol/room_event.hpp"
#include "server/chat/earlier_handler.hpp"

// Issue 13 on the server: `earlier` (older history in pages of 50, then an end frame that says
// whether older events remain) and a say's `re` (a quoted reply), against the memory seams and
// a real Redis.

using namespace ibasho;
using namespace ibasho::test;
using nlohmann::json;

namespace {

void say(Client& c, const std::string& room, const std::string& text, const std::string& id,
         json extra = json::object()) {
    json frame{{"type", "say"}, {"room", room}, {"text", text}, {"id", id}};
    frame.update(extra);
    c.send(frame);
}

json earlier(Client&, const std::string& room, std::uint64_t before, const std::string& id) {
    return json{{"type", "earlier"}, {"room", room}, {"before", before}, {"id", id}};
}

std::vector<json> messages_of(const std::vector<json>& all) {
    std::vector<json> out;
    for (const auto& j : all) {
        if (j["type"] == "message") {
            out.push_back(j);
        }
    }
    return out;
}

json end_of(const std::vector<json>& all) {
    for (const auto& j : all) {
        if (j["type"] == "earlier") {
            return j;
        }
    }
    return nullptr;
}

}  // namespace

TEMPLATE_TEST_CASE("earlier: older history in pages of 50, oldest first, then the end",
                   "[chat][earlier]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node);
    a.hello();
    b.hello();
    a.join("open", "A");
    for (int i = 1; i <= 120; ++i) {
        say(a, "open", "line " + std::to_string(i), "m" + std::to_string(i));
    }
    const auto live = messages_of(a.take());
    REQUIRE(live.size() == 120);
    // A fresh join brings the newest 50 (71..120); the rest is one `earlier` away.
    const json joined = b.join("open", "B");
    REQUIRE(joined["seq"] == 120);
    b.take();

    b.send(earlier(b, "open", 71, "c1"));
    auto got = b.take();
    auto page = messages_of(got);
    REQUIRE(page.size() == 50);
    CHECK(page.front()["seq"] == 21);
    CHECK(page.back()["seq"] == 70);
    // The same bytes live members got.
    CHECK(page.front() == live[20]);
    json end = end_of(got);
    REQUIRE_FALSE(end.is_null());
    CHECK(end["ref"] == "c1");
    CHECK(end["room"] == "open");
    CHECK(end["count"] == 50);
    CHECK(end["more"] == true);
    CHECK(end["kept_s"] == 3600);
    // The end comes after its events.
    CHECK(got.back()["type"] == "earlier");

    b.send(earlier(b, "open", 21, "c2"));
    got = b.take();
    page = messages_of(got);
    REQUIRE(page.size() == 20);
    CHECK(page.front()["seq"] == 1);
    CHECK(page.front()["text"] == "line 1");
    end = end_of(got);
    CHECK(end["count"] == 20);
    CHECK(end["more"] == false);

    b.send(earlier(b, "open", 1, "c3"));
    end = end_of(b.take());
    CHECK(end["count"] == 0);
    CHECK(end["more"] == false);
}

TEMPLATE_TEST_CASE("earlier: a room's short history ends with more false", "[chat][earlier]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node);
    a.hello();
    b.hello();
    a.join("short", "A");
    for (int i = 1; i <= 6; ++i) {
        say(a, "short", "line " + std::to_string(i), "m" + std::to_string(i));
    }
    a.take();
    b.join("short", "B");
    b.take();
    // History keeps the last 3 (4..6): before 6 gives 4 and 5, and nothing older is kept.
    b.send(earlier(b, "short", 6, "c1"));
    auto got = b.take();
    auto page = messages_of(got);
    REQUIRE(page.size() == 2);
    CHECK(page.front()["seq"] == 4);
    json end = end_of(got);
    CHECK(end["more"] == false);
    CHECK(end["kept_s"] == 60);
    b.send(earlier(b, "short", 4, "c2"));
    got = b.take();
    CHECK(messages_of(got).empty());
    CHECK(end_of(got)["more"] == false);
    // Past its age, nothing at all.
    node.clock.advance(std::chrono::seconds(61));
    b.send(earlier(b, "short", 6, "c3"));
    got = b.take();
    CHECK(messages_of(got).empty());
    CHECK(end_of(got)["count"] == 0);
}

TEMPLATE_TEST_CASE("earlier: outsiders and bad requests are refused", "[chat][earlier]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), outsider(node);
    a.hello();
    outsider.hello();
    a.join("open", "A");
    say(a, "open", "ひとりごと", "m1");
    a.take();
    outsider.send(earlier(outsider, "open", 5, "c4"));
    auto got = outsider.take();
    CHECK(messages_of(got).empty());
    CHECK(end_of(got).is_null());
    REQUIRE(got.size() == 1);
    CHECK(got[0]["code"] == "not_in_room");
    CHECK(got[0]["ref"] == "c4");
    a.send(json{{"type", "earlier"}, {"room", "open"}, {"before", 0}, {"id", "c5"}});
    CHECK(a.take_first("error")["code"] == "wrong_type");
    a.send(json{{"type", "earlier"}, {"room", "open"}, {"id", "c6"}});
    CHECK(a.take_first("error")["code"] == "missing_field");
}

TEMPLATE_TEST_CASE("say re: a quoted reply carries the seq after the frozen fields",
                   "[chat][reply]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), b(node);
    a.hello();
    b.hello();
    a.join("open", "A");
    b.join("open", "B");
    say(a, "open", "今日は外に出られた", "m1");
    a.take();
    b.take();
    say(b, "open", "よかったですね", "r1", {{"re", 1}});
    const auto got = messages_of(a.take());
    REQUIRE(got.size() == 1);
    CHECK(got[0]["seq"] == 2);
    CHECK(got[0]["re"] == 1);
    // `re` follows `id`, the last frozen field, in the one writer's bytes; nothing before moved.
    const auto p = protocol::message_parts("open", "m", "n", "t", "r1", "supporter", false, 1);
    const std::string bytes = protocol::assemble_event(p.head, 2, p.middle, 5, p.tail);
    CHECK(bytes ==
          R"({"type":"message","room":"open","seq":2,"from":"m","nick":"n","text":"t","ts":5,)"
          R"("id":"r1","re":1,"badge":"supporter"})");

    say(b, "open", "まだない", "r2", {{"re", 9}});
    json err = b.take_first("error");
    CHECK(err["code"] == "no_such_message");
    CHECK(err["ref"] == "r2");
    say(b, "open", "ゼロ", "r3", {{"re", 0}});
    err = b.take_first("error");
    CHECK(err["code"] == "no_such_message");
    say(b, "open", "文字", "r4", {{"re", "1"}});
    CHECK(b.take_first("error")["code"] == "wrong_type");
    // Nothing refused was published: the next message still takes seq 3, without `re`.
    say(b, "open", "ふつうに", "r5");
    const auto next = messages_of(a.take());
    REQUIRE(next.size() == 1);
    CHECK(next[0]["seq"] == 3);
    CHECK_FALSE(next[0].contains("re"));
}

TEST_CASE("earlier_page_of keeps [before-50, before) and says whether older ones remain",
          "[chat][earlier]") {
    using chat::earlier_first;
    using chat::earlier_page_of;
    CHECK(earlier_first(1) == 1);
    CHECK(earlier_first(51) == 1);
    CHECK(earlier_first(52) == 2);
    HistorySlice s;
    for (std::uint64_t q = 40; q <= 130; ++q) {
        s.events.push_back(RoomEvent{q, 0, nullptr});
    }
    auto page = earlier_page_of(s, 100);
    REQUIRE(page.events.size() == 50);
    CHECK(page.events.front().seq == 50);
    CHECK(page.events.back().seq == 99);
    CHECK(page.more);
    // History starts after `first`: the page is short and nothing older remains.
    page = earlier_page_of(s, 60);
    CHECK(page.events.size() == 20);
    CHECK_FALSE(page.more);
    HistorySlice gap = s;
    gap.gap = std::make_pair(std::uint64_t{1}, std::uint64_t{39});
    CHECK_FALSE(earlier_page_of(gap, 100).more);
}
