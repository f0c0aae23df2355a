#include <catch2/catch.hpp>

#include "server/chat/room_catalog.hpp"
#include "server/config.hpp"

using namespace ibasho;
using namespace ibasho::chat;

namespace {

std::string field_of(const std::string& text) {
    try {
        parse_rooms(text);
    } catch (const ConfigError& e) {
        return e.field();
    }
    return "";
}

}  // namespace

TEST_CASE("the shipped rooms file parses", "[rooms]") {
    auto set = load_rooms_file("deploy/rooms.json");
    REQUIRE(set->rooms.size() >= 5);
    const RoomConfig* open = set->find("hiroba");
    REQUIRE(open != nullptr);
    CHECK_FALSE(open->limited());
    CHECK(open->history_length == 200);
    const RoomConfig* women = set->find("women");
    REQUIRE(women != nullptr);
    CHECK(women->limited());
    CHECK(women->presence == PresenceMode::counts);
}

TEST_CASE("defaults apply, rooms override them", "[rooms]") {
    auto set = parse_rooms(R"({
      "defaults": {"capacity": 10, "slow_mode_s": 5, "rate_limit": "off"},
      "rooms": [
        {"id": "a", "name": {"ja": "あ", "en": "A"}, "audience": ["open"]},
        {"id": "b", "name": {"ja": "い", "en": "B"}, "audience": ["women", "lgbtq"],
         "capacity": 3, "state": "locked", "rate_limit": {"per_second": 2, "burst": 4},
         "history_length": 5, "history_age_s": 60, "presence": "counts", "typing": true}
      ]})");
    REQUIRE(set->rooms.size() == 2);
    const auto& a = set->rooms[0];
    CHECK(a.capacity == 10);
    CHECK(a.slow_mode == std::chrono::seconds(5));
    CHECK(a.rate_per_second == 0);
    const auto& b = set->rooms[1];
    CHECK(b.capacity == 3);
    CHECK(b.state == RoomState::locked);
    CHECK(b.rate_per_second == 2);
    CHECK(b.rate_burst == 4);
    CHECK(b.history_length == 5);
    CHECK(b.history_age == std::chrono::seconds(60));
    CHECK(b.presence == PresenceMode::counts);
    CHECK(b.typing);
    CHECK(b.limited());
    CHECK(set->find("c") == nullptr);
}

TEST_CASE("bad rooms files name the field", "[rooms]") {
    const std::string name = R"("name": {"ja": "あ", "en": "A"})";
    CHECK(field_of("[]") == "rooms");
    CHECK(field_of(R"({"rooms": {}})") == "rooms");
    CHECK(field_of(R"({"rooms": [{"id": "Bad Id", )" + name + R"(, "audience": ["open"]}]})") ==
          "rooms[0].id");
    CHECK(field_of(R"({"rooms": [{"id": "a", "audience": ["open"]}]})") == "rooms[0].name");
    CHECK(field_of(R"({"rooms": [{"id": "a", "name": {"ja": "あ"}, "audience": ["open"]}]})") ==
          "rooms[0].name.en");
    CHECK(field_of(R"({"rooms": [{"id": "a", )" + name + R"(, "audience": ["teens"]}]})") ==
          "rooms[0].audience");
    CHECK(field_of(R"({"rooms": [{"id": "a", )" + name + R"(, "audience": []}]})") ==
          "rooms[0].audience");
    CHECK(field_of(R"({"rooms": [{"id": "a", )" + name +
                   R"(, "audience": ["open"], "capacity": 0}]})") == "rooms[0].capacity");
    CHECK(field_of(R"({"rooms": [{"id": "a", )" + name +
                   R"(, "audience": ["open"], "state": "gone"}]})") == "rooms[0].state");
    CHECK(field_of(R"({"rooms": [{"id": "a", )" + name +
                   R"(, "audience": ["open"], "rate_limit": {"per_second": -1}}]})") ==
          "rooms[0].rate_limit.per_second");
    CHECK(field_of(R"({"rooms": [{"id": "a", )" + name +
                   R"(, "audience": ["open"]}, {"id": "a", )" + name +
                   R"(, "audience": ["open"]}]})") == "rooms[1].id");
}

TEST_CASE("the catalogue swaps snapshots whole", "[rooms]") {
    RoomCatalog catalog;
    CHECK(catalog.snapshot()->rooms.empty());
    auto before = catalog.snapshot();
    catalog.replace(parse_rooms(
        R"({"rooms": [{"id": "a", "name": {"ja": "あ", "en": "A"}, "audience": ["open"]}]})"));
    CHECK(before->rooms.empty());  // a held snapshot never changes under its reader
    CHECK(catalog.snapshot()->rooms.size() == 1);
}
