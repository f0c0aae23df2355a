// The live wire format over a real socket: hello, join, presence, say and the errors a
// client sees for bad input. (The sessions and rooms suites go deeper.)
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <vector>

#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/ws_client.hpp"

using namespace ibasho::itest;

TEST_CASE("hello, join and say produce the documented frames", "[ws][chat]") {
    ServerProcess server;
    WsClient a({.port = server.http_port()});
    a.hello();

    a.send(Json{{"type", "join"}, {"room", "lobby"}, {"nick", "mika"}});
    const auto joined = a.next_object();
    REQUIRE(joined);
    INFO(joined->dump());
    REQUIRE((*joined)["type"] == "joined");
    CHECK((*joined)["room"] == "lobby");
    CHECK((*joined)["nick"] == "mika");
    REQUIRE((*joined)["member"].is_string());
    CHECK_FALSE((*joined)["member"].get<std::string>().empty());
    REQUIRE((*joined)["seq"].is_number_unsigned());
    const auto join_seq = (*joined)["seq"].get<std::uint64_t>();
    const std::string member = (*joined)["member"];

    const Json presence = a.read_until("presence");
    CHECK(presence["room"] == "lobby");
    CHECK(presence["count"] == 1);

    a.say("lobby", "hello there", "m-1");
    const Json m1 = a.read_until("message");
    CHECK(m1["room"] == "lobby");
    CHECK(m1["seq"] == join_seq + 1);
    CHECK(m1["from"] == member);
    CHECK(m1["nick"] == "mika");
    CHECK(m1["text"] == "hello there");
    CHECK(m1["id"] == "m-1");
    CHECK(m1["ts"].is_number_integer());

    a.say("lobby", "and again", "m-2");
    const Json m2 = a.read_until("message");
    CHECK(m2["seq"] == join_seq + 2);
    CHECK(m2["id"] == "m-2");

    // A second member sees the same sequence and the first sees them arrive.
    WsClient b({.port = server.http_port()});
    b.hello();
    const Json bj = b.join("lobby", "ren");
    CHECK(bj["seq"] == join_seq + 2);
    CHECK(bj["member"] != member);
    // A fresh join replays the recent history, in order, before anything new.
    const Json h1 = b.read_until("message");
    const Json h2 = b.read_until("message");
    CHECK(h1 == m1);
    CHECK(h2 == m2);
    b.say("lobby", "hi mika", "b-1");
    const Json for_b = b.read_until("message");
    const Json for_a = a.read_until("message");
    CHECK(for_a == for_b);
    CHECK(for_a["seq"] == join_seq + 3);
    CHECK(for_a["from"] == bj["member"]);
}

TEST_CASE("a frame that is not JSON gets bad_json and the connection stays open", "[ws][chat]") {
    ServerProcess server;
    WsClient c({.port = server.http_port()});
    c.send_text("this is not json {");
    const Json err = c.read_until("error");
    CHECK(err["code"] == "bad_json");
    CHECK(err["message"].is_string());
    CHECK_FALSE(c.closed());
    CHECK(c.hello()["type"] == "welcome");
    c.send_text("[1,2");
    CHECK(c.read_until("error")["code"] == "bad_json");
    CHECK_FALSE(c.closed());
}

TEST_CASE("join before hello is refused with hello_first", "[ws][chat]") {
    ServerProcess server;
    WsClient c({.port = server.http_port()});
    c.send(Json{{"type", "join"}, {"room", "lobby"}, {"nick", "early"}});
    const Json err = c.read_until("error");
    CHECK(err["code"] == "hello_first");
    CHECK_FALSE(c.closed());
    c.hello();
    CHECK(c.join("lobby", "early")["room"] == "lobby");
}

TEST_CASE("rooms from the rooms file: unknown, limited and full rooms", "[ws][chat][rooms]") {
    ServerProcess server;
    const auto port = server.http_port();
    WsClient a({.port = port});
    a.hello();

    a.send(Json{{"type", "join"}, {"room", "no-such-room"}, {"nick", "a"}});
    CHECK(a.read_until("error")["code"] == "no_such_room");

    // A room for a particular audience asks the client to confirm it is for them.
    a.send(Json{{"type", "join"}, {"room", rooms::limited}, {"nick", "a"}});
    CHECK(a.read_until("error")["code"] == "affirmation_required");
    CHECK(a.join(rooms::limited, "a", {{"affirm", true}})["room"] == rooms::limited);

    // The pair room holds two.
    WsClient b({.port = port});
    WsClient c({.port = port});
    b.hello();
    c.hello();
    a.join(rooms::pair, "a");
    b.join(rooms::pair, "b");
    c.send(Json{{"type", "join"}, {"room", rooms::pair}, {"nick", "c"}});
    CHECK(c.read_until("error")["code"] == "room_full");
}

namespace {

// What every member saw of one burst in the open room.
struct Burst {
    std::uint64_t first = 0;                       // seq of the burst's first message
    std::uint64_t last = 0;                        // and of its last
    std::vector<std::vector<std::uint64_t>> seqs;  // per member, in arrival order
    std::chrono::milliseconds took{};              // from the first send to full delivery
};

// Fresh clients join the open room and each sends `per_client` short messages as fast as it
// can (within the 200-frame burst allowance), all at once; returns what each one received.
Burst burst(const ServerProcess& server, int clients, int per_client) {
    std::vector<std::unique_ptr<WsClient>> owned;
    std::vector<WsClient*> all;
    std::uint64_t join_seq = 0;
    for (int i = 0; i < clients; ++i) {
        owned.push_back(std::make_unique<WsClient>(WsOptions{.port = server.http_port()}));
        owned.back()->hello();
        join_seq = owned.back()->join("lobby", "c" + std::to_string(i))["seq"];
        all.push_back(owned.back().get());
    }
    const auto start = std::chrono::steady_clock::now();
    for (int n = 0; n < per_client; ++n) {
        for (int i = 0; i < clients; ++i) {
            const Json say{{"type", "say"},
                           {"room", "lobby"},
                           {"text", "message " + std::to_string(n)},
                           {"id", "c" + std::to_string(i) + "-" + std::to_string(n)}};
            all[static_cast<std::size_t>(i)]->queue_text(say.dump());
        }
    }
    Burst b;
    b.first = join_seq + 1;
    b.last = join_seq + static_cast<std::uint64_t>(clients * per_client);
    b.seqs.resize(static_cast<std::size_t>(clients));
    auto collect = [&] {
        bool done = true;
        for (std::size_t i = 0; i < all.size(); ++i) {
            for (const Json& j : all[i]->take_objects()) {
                // History replayed on join (earlier bursts) is not part of this one.
                if (j.value("type", "") == "message" && j["seq"] >= b.first) {
                    b.seqs[i].push_back(j["seq"].get<std::uint64_t>());
                }
            }
            done = done && !b.seqs[i].empty() && b.seqs[i].back() >= b.last;
        }
        return done;
    };
    pump_all(all, collect, 10s);
    b.took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    return b;
}

}  // namespace

// Regression: two shards publishing to one room at once. Asio runs a shard's posts to itself
// after posts from other threads made meanwhile, so delivery order is kept by the hub's
// per-shard inbox, not by post order. Before that, members silently lost single seqs.
TEST_CASE("every member gets every seq in order while two shards publish", "[ws][chat]") {
    ServerProcess server({.extra = {"--threads", "2"}});
    // The race needs two shards publishing at the same instant; three bursts make a lucky
    // pass while the bug stands very unlikely. Clients are accepted round-robin, so eight of
    // the sixteen live on each shard.
    for (int attempt = 0; attempt < 3; ++attempt) {
        INFO("attempt " << attempt);
        const Burst b = burst(server, 16, 190);
        for (std::size_t i = 0; i < b.seqs.size(); ++i) {
            const auto& mine = b.seqs[i];
            std::string missing;
            std::uint64_t want = b.first;
            for (std::uint64_t seq : mine) {
                for (; want < seq; ++want) {
                    missing += std::to_string(want) + " ";
                }
                want = seq + 1;
            }
            INFO("client " << i << " missing seqs: " << missing);
            CHECK(mine.size() == b.last - b.first + 1);
            CHECK(std::is_sorted(mine.begin(), mine.end()));
            CHECK((!mine.empty() && mine.back() == b.last));
        }
    }
}

// Regression: publishing must not slow down as the dedupe window fills (it once scanned
// every client id of the last five minutes on each publish, under the broker's lock).
TEST_CASE("publishing does not slow down as the dedupe window fills", "[ws][chat]") {
    // One shard, so that the ordering bug above cannot stall a burst.
    ServerProcess server({.extra = {"--threads", "1"}});
    std::vector<long long> took_ms;
    for (int round = 0; round < 6; ++round) {
        const Burst b = burst(server, 16, 190);
        REQUIRE(std::all_of(b.seqs.begin(), b.seqs.end(),
                            [&](const auto& v) { return !v.empty() && v.back() == b.last; }));
        took_ms.push_back(b.took.count());
    }
    std::string all;
    for (long long t : took_ms) {
        all += std::to_string(t) + " ms  ";
    }
    INFO("each burst of 3,040 messages took: " << all);
    // The same work each round: allow for a noisy machine, not for growth with history.
    const long long fastest_early = std::min(took_ms[0], took_ms[1]);
    CHECK(took_ms.back() < 3 * fastest_early + 200);
}
