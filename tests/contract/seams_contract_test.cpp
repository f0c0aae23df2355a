// The Broker and Presence contracts, run once against memory and once against a real Redis;
// plus what only several nodes can show: one order everywhere, shared presence, node death.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "chat_harness.hpp"
#include "moderation/nickname_suggestions.hpp"
#include "protocol/encode.hpp"
#include "redis_test_server.hpp"
#include "server/chat/event_frame.hpp"
#include "server/chat/room_hub.hpp"
#include "server/shards.hpp"

using namespace ibasho;
using namespace ibasho::test;

namespace {

struct Fixture {
    explicit Fixture(Backend kind, std::string prefix = {})
        : seams(kind, shards, clock, std::move(prefix)) {
        seams.broker->set_sink([this](const std::string& room, const RoomEvent& ev) {
            seen.push_back({room, ev});
        });
    }
    void settle() { test::settle(shards, seams.node.get()); }

    std::uint64_t publish(const std::string& room, const std::string& text, const std::string& id,
                          HistoryLimits limits = {}) {
        std::uint64_t got = 0;
        Fault fault = Fault::unavailable;
        seams.broker->publish(chat::message_draft(room, "m1", "ねこ", text, id), limits,
                              [&](Fault f, std::uint64_t seq) {
                                  fault = f;
                                  got = seq;
                              });
        settle();
        REQUIRE(fault != Fault::unavailable);
        return fault == Fault::duplicate ? 0 : got;
    }

    HistorySlice history(const std::string& room, std::uint64_t since, std::uint32_t max = 50,
                         HistoryLimits limits = {5, std::chrono::seconds(3600)}) {
        HistorySlice out;
        bool done = false;
        seams.broker->history(room, since, max, limits, [&](Fault f, HistorySlice s) {
            REQUIRE(f == Fault::none);
            out = std::move(s);
            done = true;
        });
        settle();
        REQUIRE(done);
        return out;
    }

    JoinResult join(const std::string& room, const std::string& member, const std::string& nick,
                    std::uint32_t capacity = 10, bool listening = false,
                    NickClash clash = NickClash::refuse) {
        JoinResult out;
        seams.presence->join(room, Member{member, nick, listening}, capacity, clash,
                             [&](Fault f, JoinResult r) {
                                 REQUIRE(f == Fault::none);
                                 out = r;
                             });
        settle();
        return out;
    }

    std::vector<Member> members(const std::string& room) {
        std::vector<Member> out;
        seams.presence->members(room, [&](Fault, std::vector<Member> m) { out = std::move(m); });
        settle();
        return out;
    }

    ManualClock clock;
    Shards shards{1};
    Seams seams;
    std::vector<std::pair<std::string, RoomEvent>> seen;
};

}  // namespace

TEMPLATE_TEST_CASE("broker: seq per room, one frame per event, delivered to subscribers",
                   "[contract][broker]", MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    f.seams.broker->subscribe("a");
    f.seams.broker->subscribe("b");
    f.settle();
    CHECK(f.publish("a", "one", "1") == 1);
    CHECK(f.publish("a", "two", "2") == 2);
    CHECK(f.publish("b", "other", "3") == 1);
    REQUIRE(f.seen.size() == 3);
    auto j = nlohmann::json::parse(*f.seen[1].second.frame);
    CHECK(j["type"] == "message");
    CHECK(j["room"] == "a");
    CHECK(j["seq"] == 2);
    CHECK(j["text"] == "two");
    CHECK(j["ts"] == f.clock.unix_ms());
    CHECK(f.seen[1].second.seq == 2);
}

TEMPLATE_TEST_CASE("broker: live and history frames are byte for byte protocol::encode's",
                   "[contract][broker]", MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    f.seams.broker->subscribe("a");
    f.settle();
    // Quotes, a backslash, a control character and non-ASCII text: whatever the path, one
    // writer produces the bytes.
    const std::string text = "\"ね\\こ\"\t🐈";
    REQUIRE(f.publish("a", text, "q1") == 1);
    REQUIRE(f.seen.size() == 1);
    protocol::Message m;
    m.room = "a";
    m.seq = 1;
    m.from = "m1";
    m.nick = "ねこ";
    m.text = text;
    m.ts = f.clock.unix_ms();
    m.id = "q1";
    CHECK(*f.seen[0].second.frame == protocol::encode(m));
    const HistorySlice h = f.history("a", 0);
    REQUIRE(h.events.size() == 1);
    CHECK(*h.events[0].frame == protocol::encode(m));
}

TEMPLATE_TEST_CASE("broker: a repeated client id is sequenced once", "[contract][broker]",
                   MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    f.seams.broker->subscribe("a");
    f.settle();
    CHECK(f.publish("a", "hello", "x1") == 1);
    CHECK(f.publish("a", "hello", "x1") == 0);
    CHECK(f.publish("a", "hello", "x2") == 2);
    CHECK(f.seen.size() == 2);
}

TEMPLATE_TEST_CASE("broker: history after since, in order, with gaps reported",
                   "[contract][broker]", MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    const HistoryLimits limits{5, std::chrono::seconds(3600)};
    for (int i = 1; i <= 8; ++i) {
        f.publish("a", "m" + std::to_string(i), std::to_string(i), limits);
    }
    auto s = f.history("a", 5);
    CHECK(s.last_seq == 8);
    REQUIRE(s.events.size() == 3);
    CHECK(s.events[0].seq == 6);
    CHECK(s.events[2].seq == 8);
    CHECK_FALSE(s.gap.has_value());
    auto g = f.history("a", 1);
    REQUIRE(g.gap.has_value());
    CHECK(g.gap->first == 2);
    CHECK(g.gap->second == 3);
    CHECK(g.events.front().seq == 4);
    auto fresh = f.history("a", 0, 2);
    REQUIRE(fresh.events.size() == 2);
    CHECK(fresh.events[0].seq == 7);
    CHECK(f.history("a", 8).events.empty());
    CHECK(f.history("never-used", 0).last_seq == 0);
}

TEMPLATE_TEST_CASE("broker: history expires by age on the injected clock", "[contract][broker]",
                   MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    const HistoryLimits limits{200, std::chrono::seconds(60)};
    f.publish("a", "old", "1", limits);
    f.clock.advance(std::chrono::seconds(45));
    f.publish("a", "newer", "2", limits);
    f.clock.advance(std::chrono::seconds(30));
    auto s = f.history("a", 0, 50, limits);
    REQUIRE(s.events.size() == 1);
    CHECK(s.events[0].seq == 2);
    f.clock.advance(std::chrono::seconds(31));
    CHECK(f.history("a", 0, 50, limits).events.empty());
    CHECK(f.history("a", 0, 50, limits).last_seq == 2);
}

TEMPLATE_TEST_CASE("broker: wipe forgets history, never the sequence", "[contract][broker]",
                   MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    f.publish("a", "x", "1");
    f.seams.broker->wipe("a");
    f.settle();
    CHECK(f.history("a", 0).events.empty());
    CHECK(f.publish("a", "y", "2") == 2);
}

TEMPLATE_TEST_CASE(
    "presence: a taken nickname is refused with free suggestions, capacity, "
    "rejoin keeps the nickname",
    "[contract][presence]", MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    std::vector<std::string> changes;
    f.seams.presence->set_change_sink([&](const std::string& room) { changes.push_back(room); });
    f.settle();
    CHECK(f.join("r", "m1", "ねこ").member.nick == "ねこ");
    const auto alternatives = moderation::nickname_alternatives("ねこ");
    REQUIRE(alternatives.size() >= 4);
    // The first two alternatives are already someone's: they must not be offered.
    CHECK(f.join("r", "m2", alternatives[0]).outcome == JoinOutcome::joined);
    CHECK(f.join("r", "m3", alternatives[1]).outcome == JoinOutcome::joined);
    const std::size_t changes_before = changes.size();

    auto taken = f.join("r", "m4", "ねこ");
    CHECK(taken.outcome == JoinOutcome::nick_taken);
    CHECK(taken.free_nicks ==
          std::vector<std::string>{alternatives[2], alternatives[3], alternatives[4]});
    CHECK(f.members("r").size() == 3);  // nothing was written
    CHECK(changes.size() == changes_before);

    // A suggestion, sent back, joins under exactly that name.
    auto chosen = f.join("r", "m4", taken.free_nicks[1]);
    CHECK(chosen.outcome == JoinOutcome::joined);
    CHECK(chosen.member.nick == alternatives[3]);

    // Nothing under the old machine suffix, nobody twice under one name.
    std::set<std::string> nicks;
    for (const Member& m : f.members("r")) {
        CHECK(m.nick.find("・") == std::string::npos);
        CHECK(nicks.insert(m.nick).second);
    }

    // The member's own rejoin is not a clash, whatever nickname it sends.
    auto again = f.join("r", "m1", "ignored", 10, true);
    CHECK(again.outcome == JoinOutcome::already_present);
    CHECK(again.member.nick == "ねこ");
    auto own = f.join("r", "m1", "ねこ");
    CHECK(own.outcome == JoinOutcome::already_present);

    CHECK(f.join("r", "m5", "C", 4).outcome == JoinOutcome::full);
    CHECK(f.members("r").size() == 4);
    CHECK(changes.back() == "r");
}

TEMPLATE_TEST_CASE("presence: a seat coming back takes the first free alternative",
                   "[contract][presence]", MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    const auto alternatives = moderation::nickname_alternatives("そら");
    CHECK(f.join("r", "m1", "そら").outcome == JoinOutcome::joined);
    CHECK(f.join("r", "m2", alternatives[0]).outcome == JoinOutcome::joined);
    auto back = f.join("r", "m3", "そら", 10, false, NickClash::take_alternative);
    CHECK(back.outcome == JoinOutcome::joined);
    CHECK(back.member.nick == alternatives[1]);
    CHECK(back.free_nicks.empty());
    // A name nobody holds is simply taken.
    auto free = f.join("r", "m4", "うみ", 10, false, NickClash::take_alternative);
    CHECK(free.member.nick == "うみ");
    CHECK(f.members("r").size() == 4);
}

TEMPLATE_TEST_CASE("presence: a nickname comes free when its member leaves or expires",
                   "[contract][presence]", MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    CHECK(f.join("r", "m1", "ほし").outcome == JoinOutcome::joined);
    CHECK(f.join("r", "m2", "ほし").outcome == JoinOutcome::nick_taken);
    f.seams.presence->leave("r", "m1", "", nullptr);
    f.settle();
    auto after = f.join("r", "m2", "ほし");
    CHECK(after.outcome == JoinOutcome::joined);
    CHECK(after.member.nick == "ほし");
    // The same name in another room is no clash.
    CHECK(f.join("s", "m3", "ほし").outcome == JoinOutcome::joined);
}

TEMPLATE_TEST_CASE("presence: of two joiners asking for one nickname at once, one gets it",
                   "[contract][presence]", MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    std::vector<JoinResult> results;
    for (const char* member : {"m1", "m2"}) {
        // Both are in flight before either answer is read (on Redis: both scripts queued).
        f.seams.presence->join("r", Member{member, "つき", false}, 10, NickClash::refuse,
                               [&](Fault fault, JoinResult r) {
                                   CHECK(fault == Fault::none);
                                   results.push_back(std::move(r));
                               });
    }
    f.settle();
    REQUIRE(results.size() == 2);
    const int joined = (results[0].outcome == JoinOutcome::joined ? 1 : 0) +
                       (results[1].outcome == JoinOutcome::joined ? 1 : 0);
    CHECK(joined == 1);
    const JoinResult& refused = results[0].outcome == JoinOutcome::joined ? results[1] : results[0];
    CHECK(refused.outcome == JoinOutcome::nick_taken);
    CHECK(refused.free_nicks.size() == offered_nicks);
    REQUIRE(f.members("r").size() == 1);
    CHECK(f.members("r")[0].nick == "つき");
}

TEMPLATE_TEST_CASE("presence: listening counts and leave", "[contract][presence]", MemoryBackend,
                   RedisBackend) {
    Fixture f(TestType::kind);
    f.join("r", "a", "A", 10, true);
    f.join("r", "b", "B", 10, false);
    f.join("s", "c", "C", 10, true);
    std::vector<RoomCounts> counts;
    f.seams.presence->counts({"r", "s", "t"},
                             [&](Fault, std::vector<RoomCounts> c) { counts = c; });
    f.settle();
    REQUIRE(counts.size() == 3);
    CHECK(counts[0].count == 2);
    CHECK(counts[0].listening == 1);
    CHECK(counts[1].count == 1);
    CHECK(counts[2].count == 0);
    f.seams.presence->set_listening("r", "b", true, nullptr);
    f.settle();
    f.seams.presence->counts({"r"}, [&](Fault, std::vector<RoomCounts> c) { counts = c; });
    f.settle();
    CHECK(counts[0].listening == 2);
    f.seams.presence->leave("r", "a", "", nullptr);
    f.settle();
    auto left = f.members("r");
    REQUIRE(left.size() == 1);
    CHECK(left[0].member == "b");
    CHECK(left[0].listening);
}

TEMPLATE_TEST_CASE("presence: the spoke mark, once, kept by a resume, gone with the seat",
                   "[contract][presence]", MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    int changes = 0;
    f.seams.presence->set_change_sink([&](const std::string&) { ++changes; });
    f.join("r", "a", "A", 10, true);
    f.join("r", "b", "B");
    f.settle();
    for (const Member& m : f.members("r")) {
        CHECK_FALSE(m.spoke);
    }
    const int before = changes;
    f.seams.presence->mark_spoke("r", "a", nullptr);
    f.settle();
    CHECK(changes > before);  // others learn the name now
    const int after = changes;
    f.seams.presence->mark_spoke("r", "a", nullptr);  // once is enough
    f.seams.presence->mark_spoke("r", "nobody", nullptr);
    f.settle();
    CHECK(changes == after);
    auto list = f.members("r");
    REQUIRE(list.size() == 2);
    CHECK(list[0].spoke);
    CHECK(list[0].listening);  // the status stays as it was
    CHECK(list[0].nick == "A");
    CHECK_FALSE(list[1].spoke);
    // A resume (the member id already present) keeps the mark and the status switch works.
    f.join("r", "a", "ignored", 10, false);
    f.seams.presence->set_listening("r", "a", true, nullptr);
    f.settle();
    list = f.members("r");
    CHECK(list[0].spoke);
    CHECK(list[0].nick == "A");
    // Leaving ends the seat: a new one starts unmarked.
    f.seams.presence->leave("r", "a", "", nullptr);
    f.settle();
    f.join("r", "a", "A");
    CHECK_FALSE(f.members("r")[0].spoke);
}

TEST_CASE("redis: the spoke mark holds on every node", "[contract][redis][nodes]") {
    const std::string prefix = unique_prefix();
    Fixture a(Backend::redis, prefix);
    Fixture b(Backend::redis, prefix);
    a.join("room", "ma", "A");
    b.join("room", "mb", "B");
    a.seams.presence->mark_spoke("room", "ma", nullptr);
    a.settle();
    b.settle();
    auto seen = b.members("room");
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].member == "ma");
    CHECK(seen[0].spoke);
    CHECK(seen[0].badge.empty());  // the mark is not read as a staff badge
    CHECK_FALSE(seen[1].spoke);
    std::vector<RoomCounts> counts;
    b.seams.presence->counts({"room"}, [&](Fault, std::vector<RoomCounts> c) { counts = c; });
    b.settle();
    REQUIRE(counts.size() == 1);
    CHECK(counts[0].staff == 0);
    CHECK(counts[0].count == 2);
}

TEST_CASE("redis: two nodes see one order and one presence", "[contract][redis][nodes]") {
    const std::string prefix = unique_prefix();
    Fixture a(Backend::redis, prefix);
    Fixture b(Backend::redis, prefix);
    a.seams.broker->subscribe("room");
    b.seams.broker->subscribe("room");
    a.settle();
    b.settle();
    for (int i = 0; i < 20; ++i) {
        (i % 2 == 0 ? a : b).publish("room", "m" + std::to_string(i), "id" + std::to_string(i));
    }
    a.settle();
    b.settle();
    REQUIRE(a.seen.size() == 20);
    REQUIRE(b.seen.size() == 20);
    for (std::size_t i = 0; i < 20; ++i) {
        CHECK(a.seen[i].second.seq == i + 1);
        CHECK(*a.seen[i].second.frame == *b.seen[i].second.frame);
    }

    a.join("room", "ma", "A");
    // The same nickname on another node still collides: refused, with what is free.
    auto clash = b.join("room", "mb", "A");
    REQUIRE(clash.outcome == JoinOutcome::nick_taken);
    REQUIRE_FALSE(clash.free_nicks.empty());
    CHECK(b.join("room", "mb", clash.free_nicks[0]).outcome == JoinOutcome::joined);
    auto from_a = a.members("room");
    auto from_b = b.members("room");
    REQUIRE(from_a.size() == 2);
    CHECK(from_a[0].member == from_b[0].member);
    CHECK(from_a[0].nick != from_a[1].nick);
}

TEST_CASE("redis: a node that dies without a word loses its members within the expiry",
          "[contract][redis][nodes]") {
    const std::string prefix = unique_prefix();
    Fixture survivor(Backend::redis, prefix);
    {
        Fixture doomed(Backend::redis, prefix);
        doomed.join("room", "gone", "G");
        // No leave and no more heartbeats: the node is gone.
    }
    survivor.clock.advance(std::chrono::seconds(29));
    CHECK(survivor.members("room").size() == 1);  // still within the 30 s expiry
    survivor.clock.advance(std::chrono::seconds(2));
    survivor.join("room", "stays", "S");
    auto left = survivor.members("room");
    REQUIRE(left.size() == 1);
    CHECK(left[0].member == "stays");
}

TEMPLATE_TEST_CASE("presence: a late leave from a replaced connection changes nothing",
                   "[contract][presence]", MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    auto join_as = [&](const std::string& holder) {
        f.seams.presence->join("r", Member{"m1", "ねこ", false, holder}, 10, NickClash::refuse,
                               [](Fault, JoinResult) {});
        f.settle();
    };
    join_as("old-connection");
    join_as("new-connection");  // the phone resumed elsewhere before the old socket died
    f.seams.presence->leave("r", "m1", "old-connection", nullptr);
    f.settle();
    REQUIRE(f.members("r").size() == 1);
    f.seams.presence->leave("r", "m1", "new-connection", nullptr);
    f.settle();
    CHECK(f.members("r").empty());
}

namespace {

struct CountingListener final : chat::RoomListener {
    std::atomic<int> events{0};
    void deliver(const std::string&, const RoomEvent&) override { ++events; }
    void deliver_presence(const std::string&, const SharedFrame&) override {}
};

// Runs `fn` on `shard`'s thread and waits for it.
template <class F>
auto on_shard(Shard& shard, F fn) {
    std::promise<decltype(fn())> done;
    auto result = done.get_future();
    shard.post([&] { done.set_value(fn()); });
    return result.get();
}

}  // namespace

TEST_CASE("broker: two shards joining and leaving one room at once never leave it unsubscribed",
          "[contract][broker][redis]") {
    // Real threads, real Redis: shard 0 (also the Redis loop) and shard 1 take turns being the
    // room's only local members, thousands of times, at the same moment. When it ends shard 1
    // holds a member, so the node must still be subscribed and hear the room.
    ManualClock clock;
    Shards shards(2);
    redis::Node node(shards.at(0).io(), test_redis(), unique_prefix());
    RedisBroker broker(node, clock);
    chat::RoomHub hub(
        shards, [&](const std::string& room) { broker.subscribe(room); },
        [&](const std::string& room) { broker.unsubscribe(room); });
    broker.set_sink([&](const std::string& room, const RoomEvent& ev) { hub.deliver(room, ev); });
    node.start();
    shards.start();
    for (int i = 0; i < 500 && !node.up(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(node.up());

    CountingListener a, b;
    std::atomic<int> ready{0};
    auto churn = [&](Shard& shard, chat::RoomListener* who, bool end_inside) {
        auto finished = std::make_shared<std::promise<void>>();
        auto f = finished->get_future();
        shard.post([&, who, end_inside, finished] {
            ++ready;
            while (ready.load() < 2) {
            }
            for (int i = 0; i < 3000; ++i) {
                hub.add(shard, "race", who);
                hub.remove(shard, "race", who);
            }
            if (end_inside)
                hub.add(shard, "race", who);
            finished->set_value();
        });
        return f;
    };
    auto f0 = churn(shards.at(0), &a, false);
    auto f1 = churn(shards.at(1), &b, true);
    f0.get();
    f1.get();

    const std::string channel = node.prefix() + "r:race";
    bool subscribed = false;
    for (int i = 0; i < 300 && !subscribed; ++i) {
        subscribed = on_shard(shards.at(0), [&] { return node.subscriber().subscribed(channel); });
        if (!subscribed)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(subscribed);
    on_shard(shards.at(0), [&] {
        broker.publish(chat::message_draft("race", "m1", "ねこ", "まだいる?", "x1"), {}, nullptr);
        return 0;
    });
    for (int i = 0; i < 300 && b.events.load() == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(b.events.load() == 1);
    CHECK(a.events.load() == 0);
    on_shard(shards.at(0), [&] {
        node.commands().stop();
        node.subscriber().stop();
        return 0;
    });
    shards.stop();
    shards.join();
}
