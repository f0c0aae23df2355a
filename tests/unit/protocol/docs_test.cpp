// docs/protocol.md stays true: its client examples decode, its server examples have the fields
// the encoder writes, and every type, error code and close code is documented.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "protocol/close_codes.hpp"
#include "protocol/codec.hpp"
#include "protocol/encode.hpp"
#include "protocol/encode_reports.hpp"
#include "protocol/encode_room_controls.hpp"
#include "protocol/encode_safety.hpp"
#include "protocol/encode_staff_notices.hpp"
#include "protocol/error_codes.hpp"
#include "protocol/room_event.hpp"

using namespace ibasho::protocol;
using nlohmann::json;

namespace {

struct Example {
    std::string side;  // "client" or "server"
    std::string body;
    int line = 0;
};

std::string read_doc() {
    // Tests run from the repository root; the compile-time path covers running them by hand.
    std::vector<std::string> candidates{"docs/protocol.md"};
#ifdef IBASHO_SOURCE_DIR
    candidates.push_back(std::string(IBASHO_SOURCE_DIR) + "/docs/protocol.md");
#endif
    for (const std::string& path : candidates) {
        std::ifstream in(path);
        if (in) {
            std::ostringstream text;
            text << in.rdbuf();
            return text.str();
        }
    }
    FAIL("docs/protocol.md not found; run the tests from the repository root");
    return {};
}

std::vector<Example> examples(const std::string& doc) {
    std::vector<Example> out;
    std::istringstream in(doc);
    std::string line;
    int number = 0;
    Example* open = nullptr;
    bool in_other_fence = false;
    while (std::getline(in, line)) {
        ++number;
        if (open != nullptr) {
            if (line.rfind("```", 0) == 0) {
                open = nullptr;
            } else {
                open->body += line + "\n";
            }
            continue;
        }
        if (line.rfind("```", 0) != 0) {
            continue;
        }
        if (in_other_fence) {
            in_other_fence = false;
        } else if (line == "```json client" || line == "```json server") {
            out.push_back(Example{line.substr(8), {}, number});
            open = &out.back();
        } else {
            in_other_fence = true;
        }
    }
    return out;
}

// The keys the encoder writes for each server type: always, and at most (optionals set).
struct KeySets {
    std::set<std::string> required;
    std::set<std::string> allowed;
};

std::set<std::string> keys_of(const std::string& line) {
    std::set<std::string> out;
    const json parsed = json::parse(line);
    for (const auto& item : parsed.items()) {
        out.insert(item.key());
    }
    return out;
}

Welcome staff_welcome() {
    Welcome w;
    w.role = "supporter";
    w.staff_name = "ひかり";
    w.staff_rooms = {"hiroba"};
    return w;
}

std::string event(const EventParts& p) {
    return assemble_event(p.head, 1, p.middle, 1, p.tail);
}

std::map<std::string, KeySets> server_key_sets() {
    const auto both = [](const std::string& minimal, const std::string& full) {
        return KeySets{keys_of(minimal), keys_of(full)};
    };
    StampEvent stamp{"r", 1, "f", "n", "hug", 1, "i", std::nullopt};
    StampEvent stamp_on = stamp;
    stamp_on.on = 1;
    stamp_on.badge = "supporter";
    Message staff_message;
    staff_message.badge = "supporter";
    staff_message.shielded = true;
    staff_message.re = 1;
    Joined staff_joined;
    staff_joined.badge = "supporter";
    staff_joined.supporter_present = true;
    staff_joined.event = EventWindowInfo{"ev_AAAAAAAAAAAAAAAA", 0, 0, 0};
    PresenceUpdate with_badges{"r", 0, 0, std::vector<MemberInfo>{{"m", "n", false, "supporter"}}};
    Notice notice_full{"r", "reminder", 1, "t", "t", "flood", "c1", "2026-12-12T02:30:00Z"};
    StandingAnswer standing_full;
    standing_full.ref = "c9";
    standing_full.standing.events.push_back({"mute", "flood", 1});
    RoomList paged;
    paged.after = "a";
    paged.next = "b";
    return {
        {"welcome", both(encode(Welcome{}), encode(staff_welcome()))},
        {"room_list", both(encode(RoomList{}), encode(paged))},
        {"joined", both(encode(Joined{}), encode(staff_joined))},
        {"message", both(encode(Message{}), encode(staff_message))},
        {"stamp", both(encode(stamp), encode(stamp_on))},
        {"presence", both(encode(PresenceUpdate{}), encode(with_badges))},
        {"notice", both(encode(Notice{}), encode(notice_full))},
        {"review", both(encode(Review{}), encode(Review{}))},
        {"standing", both(encode(StandingAnswer{}), encode(standing_full))},
        {"role", both(encode(RoleChange{}), encode(RoleChange{}))},
        {"gap", both(encode(Gap{}), encode(Gap{}))},
        {"left", both(encode(Left{}), encode(Left{"r", "removed"}))},
        {"done", both(encode(Done{}), encode(Done{}))},
        {"earlier", both(encode(EarlierEnd{}), encode(EarlierEnd{}))},
        {"preview", both(encode(Preview{"r", "p1", "about", 0, 0, {}}),
                         encode(Preview{"r", "p1", "messages", 1, 1, {"{}"}}))},
        {"report", both(encode(ReportPush{}), encode(ReportPush{}))},
        {"report_closed", both(encode(ReportClosed{}), encode(ReportClosed{}))},
        {"queue", both(encode(StaffQueue{}), encode(StaffQueue{}))},
        {"ask_waiting", both(encode(AskWaiting{}), encode(AskWaiting{}))},
        {"ask", both(encode(AskPush{}), encode(AskPush{}))},
        {"ask_taken", both(encode(AskTaken{}), encode(AskTaken{}))},
        {"private_message", both(encode(PrivateMessage{}), encode(PrivateMessage{}))},
        {"private_open",
         both(encode(PrivateOpen{}),
              encode(PrivateOpen{"q", "r", "s", "m", "n", std::vector<PrivateMessage>{}}))},
        {"private_ended", both(encode(PrivateEnded{}), encode(PrivateEnded{}))},
        {"hidden", both(event(hidden_parts("r", "x")), event(hidden_parts("r", "x")))},
        {"hide", both(event(hide_parts("r", 1, "x")), event(hide_parts("r", 1, "x")))},
        {"unhide", both(event(unhide_parts("r", 1, "{}")), event(unhide_parts("r", 1, "{}")))},
        {"room_state",
         both(encode(RoomStateFrame{}), encode(RoomStateFrame{"r", "open", 0, false, false, "p"}))},
        {"held", both(encode(Held{}), encode(Held{}))},
        {"waiting", both(encode(Waiting{}), encode(Waiting{}))},
        {"waiting_gone", both(encode(WaitingGone{}), encode(WaitingGone{}))},
        {"help_card", both(encode(HelpCard{}), encode(HelpCard{}))},
        {"alert", both(encode(Alert{}), encode(Alert{}))},
        {"alert_closed", both(encode(AlertClosed{}), encode(AlertClosed{}))},
        {"error", both(encode(ErrorFrame{make_error(ErrorCode::bad_json), {}, {}, {}}),
                       encode(ErrorFrame{make_error(ErrorCode::nickname_taken, "m1"), 1, "r",
                                         std::vector<std::string>{"n2"}}))},
    };
}

const std::set<std::string> client_types = {
    "hello",      "rooms",         "join",        "leave",          "say",
    "stamp",      "status",        "hide",        "unhide",         "remind",
    "mute",       "remove",        "ban",         "room_control",   "admit",
    "standing",   "standing_note", "report",      "resolve_report", "ask",
    "accept_ask", "private_say",   "private_end", "ack_alert",      "reach_out",
    "end",        "earlier",       "peek"};

}  // namespace

TEST_CASE("docs/protocol.md examples match the code", "[protocol][docs]") {
    const std::string doc = read_doc();
    const std::vector<Example> all = examples(doc);
    REQUIRE(all.size() >= client_types.size() + server_key_sets().size());

    const auto key_sets = server_key_sets();
    std::set<std::string> seen_client;
    std::set<std::string> seen_server;
    for (const Example& example : all) {
        INFO("docs/protocol.md line " << example.line << ": " << example.body);
        if (example.side == "client") {
            const DecodeResult result = decode(example.body);
            INFO(result.error.message);
            CHECK(result.ok());
            const json parsed = json::parse(example.body, nullptr, false);
            if (parsed.is_object() && parsed.contains("type") && parsed["type"].is_string()) {
                seen_client.insert(parsed["type"].get<std::string>());
            }
            continue;
        }
        // A server example may show several newline-separated objects, as a frame can.
        std::istringstream lines(example.body);
        std::string line;
        while (std::getline(lines, line)) {
            if (line.empty()) {
                continue;
            }
            INFO(line);
            const json parsed = json::parse(line, nullptr, false);
            REQUIRE(parsed.is_object());
            REQUIRE(parsed.contains("type"));
            const std::string type = parsed["type"].get<std::string>();
            REQUIRE(key_sets.count(type) == 1);
            seen_server.insert(type);
            std::set<std::string> keys;
            for (const auto& item : parsed.items()) {
                keys.insert(item.key());
            }
            for (const std::string& key : key_sets.at(type).required) {
                INFO("missing key " << key);
                CHECK(keys.count(key) == 1);
            }
            for (const std::string& key : keys) {
                INFO("key not written by the encoder: " << key);
                CHECK(key_sets.at(type).allowed.count(key) == 1);
            }
            if (type == "error") {
                CHECK(error_code_from_string(parsed["code"].get<std::string>()));
            }
        }
    }
    CHECK(seen_client == client_types);
    std::set<std::string> server_types;
    for (const auto& [type, sets] : key_sets) {
        server_types.insert(type);
    }
    CHECK(seen_server == server_types);
}

TEST_CASE("docs/protocol.md lists every error code and close code", "[protocol][docs]") {
    const std::string doc = read_doc();
    for (int i = 0; i < error_code_count; ++i) {
        const std::string name(to_string(static_cast<ErrorCode>(i)));
        INFO(name);
        CHECK(doc.find("`" + name + "`") != std::string::npos);
    }
    for (const CloseCode code : close_codes()) {
        const std::string value = std::to_string(static_cast<int>(code));
        INFO(value);
        CHECK(doc.find(value) != std::string::npos);
        CHECK(doc.find(std::string(describe(code).reason)) != std::string::npos);
    }
}
