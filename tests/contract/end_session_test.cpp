#include <catch2/catch.hpp>

#include "chat_harness.hpp"

// Quick exit (`end`) against the memory seams and a real Redis: the token is dead at once, the
// rooms no longer list the member, and nothing written later brings the record back.

using namespace ibasho;
using namespace ibasho::test;
using nlohmann::json;

namespace {

std::size_t count_of(const std::vector<json>& all, const std::string& type) {
    std::size_t n = 0;
    for (const auto& j : all) {
        n += j["type"] == type ? 1 : 0;
    }
    return n;
}

json open_room(Client& c) {
    c.send(json{{"type", "rooms"}});
    auto list = c.take_first("room_list");
    REQUIRE_FALSE(list.is_null());
    REQUIRE(list["rooms"][0]["id"] == "open");
    return list["rooms"][0];
}

}  // namespace

TEMPLATE_TEST_CASE("end: the token never resumes and the rooms no longer list the member",
                   "[chat][end]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node), other(node);
    const std::string token = a.hello();
    other.hello();
    REQUIRE(a.join("open", "よるのとり")["type"] == "joined");
    REQUIRE(a.join("women", "よるのとり", {{"affirm", true}})["type"] == "joined");
    other.join("open", "B");
    CHECK(open_room(other)["members"] == 2);
    a.take();

    a.send(json{{"type", "end"}, {"id", "c1"}});
    CHECK(a.closed_code() == 1000);
    const auto answered = a.take();
    CHECK(count_of(answered, "error") == 0);
    a.disconnect();  // the socket closes after the close handshake: nothing is saved back
    node.clock.advance(std::chrono::seconds(3));  // past the room list's repeat window

    CHECK(open_room(other)["members"] == 1);
    other.send(json{{"type", "rooms"}});
    auto list = other.take_first("room_list");
    REQUIRE(list["rooms"][1]["id"] == "women");
    CHECK(list["rooms"][1]["members"] == 0);

    Client again(node);
    again.send(json{{"type", "hello"}, {"v", 1}, {"resume", token}});
    auto w = again.take_first("welcome");
    REQUIRE_FALSE(w.is_null());
    CHECK(w["resumed"] == false);
    CHECK(w["session"] != token);
    // A fresh session: no seat to come back to, so the nickname sent now is the one used and
    // the limited room asks for the affirmation again.
    auto joined = again.join("open", "あたらしい");
    REQUIRE(joined["type"] == "joined");
    CHECK(joined["resumed"] == false);
    CHECK(joined["nick"] == "あたらしい");
    CHECK(again.join("women", "あたらしい")["code"] == "affirmation_required");
}

TEMPLATE_TEST_CASE("end: a resume attempt before the socket closes finds nothing either",
                   "[chat][end]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client a(node);
    const std::string token = a.hello();
    a.join("open", "ひとり");
    a.send(json{{"type", "end"}, {"id", "c1"}});
    CHECK(a.closed_code() == 1000);

    Client again(node);
    CHECK(again.hello(token) != token);
    a.disconnect();
    Client third(node);
    CHECK(third.hello(token) != token);
}

TEST_CASE("end needs a session like everything else", "[chat][end]") {
    ChatNode node(test_rooms_json());
    Client a(node);
    a.send(json{{"type", "end"}, {"id", "c1"}});
    CHECK(a.take_first("error")["code"] == "hello_first");
    CHECK(a.closed_code() == 0);
}
