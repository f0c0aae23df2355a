// Every server message encodes to one line of compact JSON that reads back to the same values.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "protocol/encode.hpp"

using namespace ibasho::protocol;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

// The hostile text: quotes, backslashes, every kind of line break and control character,
// Japanese and emoji, which must come back byte for byte.
const std::string tricky =
    "\"quoted\" \\ back\nnew\rret\ttab\b\f\x01\x1f\x7f \u0085 \u2028 "
    "\u2029 こんにちは 🫂 </script>";

// Checks the one-line rules every encoded frame must keep, then parses it back.
ordered_json parse_line(const std::string& line, std::string_view type) {
    INFO(line);
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.find('\r') == std::string::npos);
    CHECK(line.find("\u2028") == std::string::npos);
    CHECK(line.find("\u2029") == std::string::npos);
    for (const char c : line) {
        CHECK(static_cast<unsigned char>(c) >= 0x20);
    }
    CHECK(line.rfind("{\"type\":\"" + std::string(type) + "\"", 0) == 0);
    CHECK(line.back() == '}');
    REQUIRE(json::accept(line));
    ordered_json parsed = ordered_json::parse(line);
    REQUIRE(parsed.is_object());
    CHECK(parsed.begin().key() == "type");
    CHECK(parsed["type"] == type);
    // Compact: re-serialising with nlohmann gives the same bytes where no escaping differs.
    return parsed;
}

std::vector<std::string> keys(const ordered_json& object) {
    std::vector<std::string> out;
    for (auto it = object.begin(); it != object.end(); ++it) {
        out.push_back(it.key());
    }
    return out;
}

using Keys = std::vector<std::string>;

}  // namespace

TEST_CASE("welcome", "[protocol][encode]") {
    const auto j = parse_line(encode(Welcome{"AbCdEfGhIjKlMnOpQr-_09", true, 900}), "welcome");
    CHECK(keys(j) == Keys{"type", "session", "v", "resumed", "idle_ttl_s", "role"});
    CHECK(j["session"] == "AbCdEfGhIjKlMnOpQr-_09");
    CHECK(j["v"] == 1);
    CHECK(j["resumed"] == true);
    CHECK(j["idle_ttl_s"] == 900);
    CHECK(j["role"] == "participant");

    Welcome staff{"AbCdEfGhIjKlMnOpQr-_09", false, 900};
    staff.role = "organiser";
    staff.staff_name = "みどり \"M\"";
    staff.staff_rooms = {"a", "b"};
    const auto s = parse_line(encode(staff), "welcome");
    CHECK(s["role"] == "organiser");
    CHECK(s["staff"]["name"] == "みどり \"M\"");
    CHECK(s["staff"]["rooms"] == nlohmann::json::array({"a", "b"}));
}

TEST_CASE("room_list", "[protocol][encode]") {
    RoomInfo room;
    room.id = "age-30s";
    room.name = {"30代の部屋", "Rooms for people in their 30s"};
    room.description = {"ゆっくり話せる場所です。", tricky};
    room.rules = {"相手を否定しない", "No advice unless asked"};
    room.audience = {"age_30s", "women"};
    room.state = "open";
    room.capacity = 30;
    room.members = 4;
    room.listening = 3;
    room.presence = "counts";
    room.slow_mode_s = 10;
    room.typing = false;
    room.limited = true;
    RoomInfo empty;
    empty.id = "lobby";

    const auto j = parse_line(encode(RoomList{{room, empty}}), "room_list");
    CHECK(keys(j) == Keys{"type", "rooms"});
    REQUIRE(j["rooms"].size() == 2);
    const auto& r = j["rooms"][0];
    CHECK(keys(r) == Keys{"id", "name", "description", "rules", "audience", "state", "capacity",
                          "members", "listening", "presence", "slow_mode_s", "typing", "limited",
                          "supporter_present", "staff", "org"});
    // The organisation comes after the frozen fields, which keep their order.
    CHECK(r["org"] == "main");
    CHECK(r["id"] == "age-30s");
    CHECK(r["name"]["ja"] == "30代の部屋");
    CHECK(r["name"]["en"] == "Rooms for people in their 30s");
    CHECK(r["description"]["en"] == tricky);
    CHECK(r["rules"]["ja"] == "相手を否定しない");
    CHECK(r["audience"] == ordered_json::array({"age_30s", "women"}));
    CHECK(r["state"] == "open");
    CHECK(r["capacity"] == 30);
    CHECK(r["members"] == 4);
    CHECK(r["listening"] == 3);
    CHECK(r["presence"] == "counts");
    CHECK(r["slow_mode_s"] == 10);
    CHECK(r["typing"] == false);
    CHECK(r["limited"] == true);
    CHECK(j["rooms"][1]["audience"] == ordered_json::array());
    CHECK(j["rooms"][1]["name"]["ja"] == "");
    CHECK(j["rooms"][1]["name"]["en"] == "");

    parse_line(encode(RoomList{}), "room_list");
    CHECK(encode(RoomList{}) == R"({"type":"room_list","rooms":[]})");
}

TEST_CASE("joined", "[protocol][encode]") {
    const auto j =
        parse_line(encode(Joined{"lobby", "m7Qx", "くも\"1\"", 41, true, false}), "joined");
    CHECK(keys(j) == Keys{"type", "room", "member", "nick", "seq", "listening", "resumed"});
    CHECK(j["room"] == "lobby");
    CHECK(j["member"] == "m7Qx");
    CHECK(j["nick"] == "くも\"1\"");
    CHECK(j["seq"] == 41);
    CHECK(j["listening"] == true);
    CHECK(j["resumed"] == false);
}

TEST_CASE("message", "[protocol][encode]") {
    const Message message{"lobby", 18446744073709551615ULL, "m7Qx", "🌙",
                          tricky,  1760000000123,           "m_1"};
    const std::string line = encode(message);
    const auto j = parse_line(line, "message");
    // The frozen core order.
    CHECK(keys(j) == Keys{"type", "room", "seq", "from", "nick", "text", "ts", "id"});
    CHECK(j["room"] == "lobby");
    CHECK(j["seq"].get<std::uint64_t>() == 18446744073709551615ULL);
    CHECK(j["from"] == "m7Qx");
    CHECK(j["nick"] == "🌙");
    CHECK(j["text"] == tricky);
    CHECK(j["ts"] == 1760000000123);
    CHECK(j["id"] == "m_1");

    SECTION("exact bytes for plain values") {
        CHECK(encode(Message{"r", 1, "f", "n", "t", 2, "i"}) ==
              R"({"type":"message","room":"r","seq":1,"from":"f","nick":"n","text":"t",)"
              R"("ts":2,"id":"i"})");
    }
    SECTION("negative timestamps survive") {
        CHECK(parse_line(encode(Message{"r", 1, "f", "n", "t", -5, "i"}), "message")["ts"] == -5);
    }
}

TEST_CASE("stamp event", "[protocol][encode]") {
    StampEvent stamp{"lobby", 43, "m7Qx", "くも", "wakaru", 1760000000456, "s1", std::nullopt};
    auto j = parse_line(encode(stamp), "stamp");
    CHECK(keys(j) == Keys{"type", "room", "seq", "from", "nick", "stamp", "ts", "id"});
    CHECK(j["stamp"] == "wakaru");
    CHECK(j["seq"] == 43);
    stamp.on = 42;
    j = parse_line(encode(stamp), "stamp");
    CHECK(keys(j) == Keys{"type", "room", "seq", "from", "nick", "stamp", "ts", "id", "on"});
    CHECK(j["on"] == 42);
}

TEST_CASE("presence", "[protocol][encode]") {
    SECTION("counts only") {
        const auto j = parse_line(encode(PresenceUpdate{"lobby", 5, 3, std::nullopt}), "presence");
        CHECK(keys(j) == Keys{"type", "room", "count", "listening", "staff", "quiet"});
        CHECK(j["count"] == 5);
        CHECK(j["listening"] == 3);
    }
    SECTION("with names") {
        const auto j =
            parse_line(encode(PresenceUpdate{
                           "lobby", 2, 1,
                           std::vector<MemberInfo>{{"a1", "くも", true}, {"b2", tricky, false}}}),
                       "presence");
        CHECK(keys(j) == Keys{"type", "room", "count", "listening", "members", "staff", "quiet"});
        REQUIRE(j["members"].size() == 2);
        CHECK(keys(j["members"][0]) == Keys{"member", "nick", "listening"});
        CHECK(j["members"][0]["nick"] == "くも");
        CHECK(j["members"][0]["listening"] == true);
        CHECK(j["members"][1]["nick"] == tricky);
    }
    SECTION("an empty name list is still a list") {
        const auto j = parse_line(encode(PresenceUpdate{"lobby", 0, 0, std::vector<MemberInfo>{}}),
                                  "presence");
        CHECK(j["members"].is_array());
    }
}

TEST_CASE("staff badges and counts", "[protocol][encode]") {
    PresenceUpdate p{
        "lobby", 2, 0,
        std::vector<MemberInfo>{{"a1", "ひかり", false, "supporter"}, {"b2", "くも", false, ""}}};
    p.staff = 1;
    const auto j = parse_line(encode(p), "presence");
    CHECK(j["staff"] == 1);
    CHECK(keys(j["members"][0]) == Keys{"member", "nick", "listening", "badge"});
    CHECK(j["members"][0]["badge"] == "supporter");
    CHECK(keys(j["members"][1]) == Keys{"member", "nick", "listening"});

    Message m{"lobby", 7, "a1", "ひかり", "ようこそ", 5, "c1", "supporter"};
    const auto mj = parse_line(encode(m), "message");
    CHECK(keys(mj) == Keys{"type", "room", "seq", "from", "nick", "text", "ts", "id", "badge"});
    StampEvent st{"lobby", 8, "a1", "ひかり", "hug", 6, "c2", 7, "organiser"};
    const auto sj = parse_line(encode(st), "stamp");
    CHECK(keys(sj) ==
          Keys{"type", "room", "seq", "from", "nick", "stamp", "ts", "id", "on", "badge"});
    CHECK(sj["badge"] == "organiser");

    Joined joined{"lobby", "a1", "ひかり", 7, false, false, "supporter", true, 1};
    const auto jj = parse_line(encode(joined), "joined");
    CHECK(keys(jj) == Keys{"type", "room", "member", "nick", "seq", "listening", "resumed", "badge",
                           "supporter_present", "staff"});
    CHECK(keys(parse_line(encode(Joined{}), "joined")) ==
          Keys{"type", "room", "member", "nick", "seq", "listening", "resumed"});
}

TEST_CASE("gap and left", "[protocol][encode]") {
    const auto gap = parse_line(encode(Gap{"lobby", 3, 17}), "gap");
    CHECK(keys(gap) == Keys{"type", "room", "from", "to"});
    CHECK(gap["from"] == 3);
    CHECK(gap["to"] == 17);
    CHECK(encode(Left{"lobby"}) == R"({"type":"left","room":"lobby"})");
    CHECK(encode(Left{"lobby", "room_closed"}) ==
          R"({"type":"left","room":"lobby","reason":"room_closed"})");
}

TEST_CASE("error frame", "[protocol][encode]") {
    SECTION("all fields") {
        const auto j = parse_line(
            encode(ErrorFrame{Error{ErrorCode::slow_mode, "少し待ってね \"ok\"", "m1"}, 1500}),
            "error");
        CHECK(keys(j) == Keys{"type", "code", "message", "ref", "retry_after_ms"});
        CHECK(j["code"] == "slow_mode");
        CHECK(j["message"] == "少し待ってね \"ok\"");
        CHECK(j["ref"] == "m1");
        CHECK(j["retry_after_ms"] == 1500);
    }
    SECTION("ref and retry only when set") {
        const auto j = parse_line(encode(ErrorFrame{make_error(ErrorCode::bad_json), {}}), "error");
        CHECK(keys(j) == Keys{"type", "code", "message"});
        CHECK(j["message"] == std::string(default_message(ErrorCode::bad_json)));
    }
    SECTION("a taken nickname names the room and carries the suggestions") {
        ErrorFrame f{make_error(ErrorCode::nickname_taken), {}};
        f.room = "age-30s";
        f.suggestions = {"くも2", "そらのくも", "しずかな\"くも\""};
        const auto j = parse_line(encode(f), "error");
        CHECK(keys(j) == Keys{"type", "code", "message", "room", "suggestions"});
        CHECK(j["code"] == "nickname_taken");
        CHECK(j["room"] == "age-30s");
        CHECK(j["suggestions"] == json::array({"くも2", "そらのくも", "しずかな\"くも\""}));
    }
    SECTION("an empty message falls back to the default sentence") {
        const auto j =
            parse_line(encode(ErrorFrame{Error{ErrorCode::internal_error, "", ""}, {}}), "error");
        CHECK(j["message"] == std::string(default_message(ErrorCode::internal_error)));
    }
}

TEST_CASE("several encoded frames join into one newline-separated frame", "[protocol][encode]") {
    const std::string batch = encode(Message{"r", 1, "f", "n", "a\nb", 1, "i"}) + "\n" +
                              encode(Message{"r", 2, "f", "n", "c\r\nd", 2, "j"}) + "\n" +
                              encode(Gap{"r", 3, 4});
    std::vector<json> objects;
    std::size_t start = 0;
    while (start <= batch.size()) {
        const std::size_t end = std::min(batch.find('\n', start), batch.size());
        objects.push_back(json::parse(batch.substr(start, end - start)));
        start = end + 1;
    }
    REQUIRE(objects.size() == 3);
    CHECK(objects[0]["text"] == "a\nb");
    CHECK(objects[1]["text"] == "c\r\nd");
    CHECK(objects[2]["type"] == "gap");
}

TEST_CASE("ill-formed UTF-8 from a caller still yields valid JSON", "[protocol][encode]") {
    const std::string line = encode(Message{"r", 1, "f", "n\xff", "a\xc0\xafz\xe3\x81", 1, "i"});
    REQUIRE(json::accept(line));
    const auto j = json::parse(line);
    CHECK(j["nick"] == "n\uFFFD");
    CHECK(j["text"] == "a\uFFFD\uFFFDz\uFFFD");
}
