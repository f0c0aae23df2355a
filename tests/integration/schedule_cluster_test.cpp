// Scheduled rooms on two real nodes and one real Redis, with the test-only windows file and a
// short warning (--schedule-windows, --schedule-warning-s): the room is closed before its
// window and joinable during it on both nodes, every member gets exactly one closing notice,
// everyone leaves at the end, and a fresh join at the next opening sees none of the old
// messages on either node. Waits are polls with deadlines; the windows are a few seconds long.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <functional>

#include "tests/integration/support/controlled_redis.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/temp_dir.hpp"
#include "tests/integration/support/ws_client.hpp"

using namespace ibasho;
using namespace ibasho::itest;
using namespace std::chrono_literals;

namespace {

std::int64_t unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string rooms_json() {
    return R"({"rooms":[
      {"id":"tsudoi","name":{"ja":"つどい","en":"Meeting"},"audience":["open"],"scheduled":true,
       "rate_limit":"off"},
      {"id":"open","name":{"ja":"ひろば","en":"Open"},"audience":["open"],"rate_limit":"off"}
    ]})";
}

std::unique_ptr<ServerProcess> node(const ControlledRedis& redis, const std::string& prefix,
                                    const std::string& rooms, const std::string& windows) {
    ServerOptions o;
    o.rooms_file = rooms;
    o.extra = {"--redis",
               redis.url(),
               "--redis-prefix",
               prefix,
               "--schedule-windows",
               windows,
               "--schedule-warning-s",
               "4"};
    auto s = std::make_unique<ServerProcess>(o);
    REQUIRE(s->wait_metric(
                "ibasho_redis_up", [](double v) { return v == 1; }, 4s) == 1);
    return s;
}

// A client and everything it has received, in order (read_until would drop what it skips).
struct Member {
    explicit Member(const ServerProcess& s)
        : ws(std::make_unique<WsClient>(WsOptions{.port = s.http_port()})) {
        ws->hello();
    }
    void pump() {
        ws->poll();
        for (auto& j : ws->take_objects()) {
            seen.push_back(std::move(j));
        }
    }
    std::size_t count(const std::string& type, const std::string& kind = {}) const {
        std::size_t n = 0;
        for (const auto& j : seen) {
            if (j.value("type", "") == type &&
                (kind.empty() || j.value("kind", "") == kind || j.value("reason", "") == kind)) {
                ++n;
            }
        }
        return n;
    }
    // Sends a join and waits for its answer (joined or error), within `timeout`.
    Json join(const std::string& room, const std::string& nick,
              std::chrono::milliseconds timeout = 3s) {
        const std::size_t from = seen.size();
        ws->send(Json{{"type", "join"}, {"room", room}, {"nick", nick}});
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            pump();
            for (std::size_t i = from; i < seen.size(); ++i) {
                const std::string type = seen[i].value("type", "");
                if (type == "joined" || type == "error") {
                    return seen[i];
                }
            }
            std::this_thread::sleep_for(10ms);
        }
        return nullptr;
    }
    std::unique_ptr<WsClient> ws;
    std::vector<Json> seen;
};

bool poll_until(std::vector<Member*> members, std::chrono::milliseconds timeout,
                const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        for (Member* m : members) {
            m->pump();
        }
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

// Joins as soon as the room opens (retrying a refusal every 200 ms until `until_ms`).
Json join_when_open(Member& m, const std::string& nick, std::int64_t until_ms) {
    Json answer;
    while (unix_ms() < until_ms) {
        answer = m.join("tsudoi", nick);
        if (answer.is_object() && answer.value("type", "") == "joined") {
            return answer;
        }
        std::this_thread::sleep_for(200ms);
    }
    return answer;
}

}  // namespace

TEST_CASE("two nodes: a scheduled room opens, warns each member once, closes and is wiped",
          "[cluster][schedule]") {
    ControlledRedis redis;
    TempDir dir("ibasho-itest-schedule");
    const std::string prefix = "sc" + std::to_string(::getpid()) + ":";
    const std::string rooms = dir.write("rooms.json", rooms_json());
    // Two occurrences a few seconds from now: the first 10 s long (the warning 4 s before its
    // end), the next one opening 3 s after it.
    const std::int64_t opens = unix_ms() + 7000;
    const std::int64_t ends = opens + 10'000;
    const std::int64_t next_opens = ends + 3000;
    const Json windows{{"windows",
                        {{{"room", "tsudoi"},
                          {"event", "ev_AAAAAAAAAAAAAAAA"},
                          {"opens_ms", opens},
                          {"starts_ms", opens},
                          {"ends_ms", ends}},
                         {{"room", "tsudoi"},
                          {"event", "ev_AAAAAAAAAAAAAAAA"},
                          {"opens_ms", next_opens},
                          {"starts_ms", next_opens},
                          {"ends_ms", next_opens + 20'000}}}}};
    const std::string windows_file = dir.write("windows.json", windows.dump());
    auto a = node(redis, prefix, rooms, windows_file);
    auto b = node(redis, prefix, rooms, windows_file);

    Member a1(*a), a2(*a), b1(*b);
    // Before the window (when the machine got here in time): closed, saying when it opens.
    if (unix_ms() < opens - 2000) {
        const Json refused = a1.join("tsudoi", "あ");
        REQUIRE(refused.is_object());
        INFO(refused.dump());
        CHECK(refused["code"] == "room_closed");
        CHECK(refused.value("retry_after_ms", 0) > 0);
        CHECK(refused.value("retry_after_ms", 0) <= opens - unix_ms() + 1000);
    }

    // Joinable once open, on both nodes, with the event on joined.
    for (auto [m, nick] : {std::pair{&a1, "あ"}, std::pair{&a2, "い"}, std::pair{&b1, "う"}}) {
        const Json joined = join_when_open(*m, nick, ends - 5000);
        REQUIRE(joined.value("type", "") == "joined");
        CHECK(joined["event"]["id"] == "ev_AAAAAAAAAAAAAAAA");
    }
    a1.ws->say("tsudoi", "まえのはなし", "m1");
    REQUIRE(poll_until({&a1, &a2, &b1}, 3s, [&] { return b1.count("message") == 1; }));

    // Every member, on either node, is told once that the room is closing, then leaves.
    REQUIRE(poll_until({&a1, &a2, &b1}, std::chrono::milliseconds(ends - unix_ms() + 5000), [&] {
        return a1.count("left") == 1 && a2.count("left") == 1 && b1.count("left") == 1;
    }));
    // A little longer, so a second notice would have had time to arrive.
    poll_until({&a1, &a2, &b1}, 1500ms, [] { return false; });
    for (Member* m : {&a1, &a2, &b1}) {
        CHECK(m->count("notice", "closing_soon") == 1);
        for (const auto& j : m->seen) {
            if (j.value("type", "") == "left") {
                CHECK(j["reason"] == "room_closed");
            }
        }
    }

    // At the next opening, a fresh join on either node finds none of the old messages.
    for (const ServerProcess* s : {a.get(), b.get()}) {
        Member fresh(*s);
        const Json joined = join_when_open(fresh, "え", next_opens + 8000);
        REQUIRE(joined.value("type", "") == "joined");
        // History follows joined, then the presence snapshot.
        REQUIRE(poll_until({&fresh}, 3s, [&] { return fresh.count("presence") >= 1; }));
        CHECK(fresh.count("message") == 0);
        for (const auto& j : fresh.seen) {
            CHECK(j.dump().find("まえのはなし") == std::string::npos);
        }
    }
}
