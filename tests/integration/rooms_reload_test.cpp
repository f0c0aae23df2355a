// The rooms file is re-read on SIGHUP: a new room appears, a room can be locked, and a broken
// file leaves the rooms in use untouched (and the server running).
#include <catch2/catch.hpp>

#include <signal.h>

#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/temp_dir.hpp"
#include "tests/integration/support/ws_client.hpp"

using namespace ibasho::itest;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> room_ids(WsClient& c) {
    c.send(Json{{"type", "rooms"}});
    const Json list = c.read_until("room_list");
    std::vector<std::string> ids;
    for (const auto& r : list["rooms"])
        ids.push_back(r["id"]);
    return ids;
}

constexpr std::string_view one_room = R"({"rooms": [
  {"id": "first", "name": {"ja": "一", "en": "One"}, "audience": ["open"]}]})";
constexpr std::string_view two_rooms = R"({"rooms": [
  {"id": "first", "name": {"ja": "一", "en": "One"}, "audience": ["open"], "state": "locked"},
  {"id": "second", "name": {"ja": "二", "en": "Two"}, "audience": ["family"]}]})";

}  // namespace

TEST_CASE("SIGHUP reloads the rooms file, a broken file changes nothing", "[ws][rooms]") {
    TempDir dir;
    const std::string path = dir.write("rooms.json", one_room);
    ServerProcess server({.rooms_file = path});
    WsClient c({.port = server.http_port()});
    c.hello();
    CHECK(room_ids(c) == std::vector<std::string>{"first"});

    dir.write("rooms.json", two_rooms);
    server.send_signal(SIGHUP);
    std::vector<std::string> ids;
    for (int i = 0; i < 50 && ids.size() != 2; ++i) {
        std::this_thread::sleep_for(50ms);
        ids = room_ids(c);
    }
    CHECK(ids == std::vector<std::string>{"first", "second"});
    c.send(Json{{"type", "join"}, {"room", "first"}, {"nick", "n"}});
    CHECK(c.read_until("error")["code"] == "room_locked");

    dir.write("rooms.json", R"({"rooms": [{"id": "Bad Id"}]})");
    server.send_signal(SIGHUP);
    std::this_thread::sleep_for(300ms);
    CHECK(room_ids(c) == std::vector<std::string>{"first", "second"});
    CHECK(server.running());
    CHECK(server.log_text().find("rooms_reload_failed") != std::string::npos);
}
