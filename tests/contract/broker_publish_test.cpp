// The publish path under load: many publishes in flight at once (RedisBroker sends a room's
// queued publishes in one script call), de-duplication that costs no key per message, trimming
// by length and age, and one order when two nodes publish into one room at the same time.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <set>
#include <thread>

#include "chat_harness.hpp"
#include "redis_test_server.hpp"
#include "server/chat/event_frame.hpp"

using namespace ibasho;
using namespace ibasho::test;

namespace {

struct Outcome {
    Fault fault = Fault::unavailable;
    std::uint64_t seq = 0;
    int calls = 0;
};

struct Fixture {
    explicit Fixture(Backend kind, std::string prefix = {})
        : seams(kind, shards, clock, std::move(prefix)) {
        seams.broker->set_sink([this](const std::string& room, const RoomEvent& ev) {
            seen.push_back({room, ev});
        });
    }
    void settle() { test::settle(shards, seams.node.get()); }

    // Starts a publish without waiting: the outcome lands in `out` once the loop runs. An
    // empty id publishes without de-duplication, as events other than messages do.
    void start(const std::string& room, const std::string& id, HistoryLimits limits, Outcome& out,
               const std::string& member = "m1") {
        EventDraft draft = chat::message_draft(room, member, "ねこ", "text " + id, id);
        if (id.empty())
            draft.dedupe_key.clear();
        seams.broker->publish(std::move(draft), limits, [&out](Fault f, std::uint64_t seq) {
            out.fault = f;
            out.seq = seq;
            ++out.calls;
        });
    }
    Outcome publish(const std::string& room, const std::string& id, HistoryLimits limits) {
        Outcome out;
        start(room, id, limits, out);
        settle();
        REQUIRE(out.calls == 1);
        return out;
    }
    HistorySlice history(const std::string& room, std::uint64_t since, HistoryLimits limits) {
        HistorySlice out;
        seams.broker->history(room, since, 1000, limits, [&](Fault f, HistorySlice s) {
            REQUIRE(f == Fault::none);
            out = std::move(s);
        });
        settle();
        return out;
    }

    // One command on the node's Redis connection; the reply as an integer, or as the strings
    // of an array.
    long long integer(std::vector<std::string> argv) {
        long long out = -100;
        run(std::move(argv), [&](const redisReply* r) { out = redis::as_integer(r, -100); });
        return out;
    }
    std::vector<std::string> strings(std::vector<std::string> argv) {
        std::vector<std::string> out;
        run(std::move(argv), [&](const redisReply* r) {
            for (std::size_t i = 0; i < redis::array_size(r); ++i)
                out.emplace_back(redis::as_string(redis::array_at(r, i)));
        });
        return out;
    }
    void run(std::vector<std::string> argv, std::function<void(const redisReply*)> fn) {
        auto& n = *seams.node;
        bool answered = false;
        n.post([&] {
            std::vector<std::string_view> v(argv.begin(), argv.end());
            n.commands().command(v, [&](const redisReply* r) {
                answered = true;
                fn(r);
            });
        });
        settle();
        REQUIRE(answered);
    }
    // Every key of `room` under this node's prefix (SCAN; the room's keys share its hash tag).
    std::set<std::string> room_keys(const std::string& room) {
        std::set<std::string> out;
        std::string cursor = "0";
        do {
            auto reply = std::vector<std::string>{};
            run({"SCAN", cursor, "MATCH", seams.node->prefix() + "{" + room + "}*", "COUNT",
                 "1000"},
                [&](const redisReply* r) {
                    REQUIRE(redis::array_size(r) == 2);
                    cursor = std::string(redis::as_string(redis::array_at(r, 0)));
                    const auto* keys = redis::array_at(r, 1);
                    for (std::size_t i = 0; i < redis::array_size(keys); ++i)
                        out.emplace(redis::as_string(redis::array_at(keys, i)));
                });
        } while (cursor != "0");
        return out;
    }
    RedisBroker& redis_broker() { return static_cast<RedisBroker&>(*seams.broker); }

    ManualClock clock;
    Shards shards{1};
    Seams seams;
    std::vector<std::pair<std::string, RoomEvent>> seen;
};

const HistoryLimits hour{200, std::chrono::seconds(3600)};

}  // namespace

TEMPLATE_TEST_CASE("publish: a burst in flight at once is sequenced in order, each answered once",
                   "[contract][broker][publish]", MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    f.seams.broker->subscribe("a");
    f.settle();
    std::vector<Outcome> out(150);
    for (std::size_t i = 0; i < out.size(); ++i)
        f.start("a", "b" + std::to_string(i), hour, out[i]);
    Outcome again;
    f.start("a", "b7", hour, again);  // a repeat inside the same burst
    f.settle();
    for (std::size_t i = 0; i < out.size(); ++i) {
        CHECK(out[i].calls == 1);
        CHECK(out[i].fault == Fault::none);
        CHECK(out[i].seq == i + 1);
    }
    CHECK(again.calls == 1);
    CHECK(again.fault == Fault::duplicate);
    REQUIRE(f.seen.size() == out.size());
    for (std::size_t i = 0; i < f.seen.size(); ++i)
        CHECK(f.seen[i].second.seq == i + 1);
    CHECK(f.history("a", 0, hour).events.size() == out.size());
}

TEMPLATE_TEST_CASE("publish: repeats inside one burst are refused with their original's seq",
                   "[contract][broker][publish]", MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    const std::vector<std::string> ids = {"x1", "x2", "x1", "", "x3", "x2", ""};
    std::vector<Outcome> out(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i)
        f.start("a", ids[i], hour, out[i]);
    f.settle();
    const std::vector<Fault> faults = {Fault::none, Fault::none,      Fault::duplicate, Fault::none,
                                       Fault::none, Fault::duplicate, Fault::none};
    const std::vector<std::uint64_t> seqs = {1, 2, 1, 3, 4, 2, 5};
    for (std::size_t i = 0; i < ids.size(); ++i) {
        CHECK(out[i].fault == faults[i]);
        CHECK(out[i].seq == seqs[i]);
    }
}

TEMPLATE_TEST_CASE("publish: a repeat of an old id still in history is refused after many messages",
                   "[contract][broker][publish]", MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    for (int i = 1; i <= 180; ++i) {
        Outcome o;
        f.start("a", "id" + std::to_string(i), hour, o);
        if (i % 40 == 0)
            f.settle();
    }
    f.settle();
    // id3 is 177 messages back but still within the 200 kept: refused, and takes no seq.
    CHECK(f.publish("a", "id3", hour).fault == Fault::duplicate);
    CHECK(f.publish("a", "id180", hour).fault == Fault::duplicate);
    const Outcome next = f.publish("a", "new", hour);
    CHECK(next.fault == Fault::none);
    CHECK(next.seq == 181);
}

TEMPLATE_TEST_CASE("publish: history keeps exactly its length, however publishes were batched",
                   "[contract][broker][publish]", MemoryBackend, RedisBackend) {
    Fixture f(TestType::kind);
    const HistoryLimits ten{10, std::chrono::seconds(3600)};
    std::vector<Outcome> out(45);
    for (std::size_t i = 0; i < out.size(); ++i)
        f.start("a", "l" + std::to_string(i), ten, out[i]);
    f.settle();
    const HistorySlice all = f.history("a", 0, ten);
    REQUIRE(all.events.size() == 10);
    CHECK(all.events.front().seq == 36);
    CHECK(all.events.back().seq == 45);
    const HistorySlice resumed = f.history("a", 20, ten);
    REQUIRE(resumed.gap.has_value());
    CHECK(resumed.gap->first == 21);
    CHECK(resumed.gap->second == 35);
    CHECK(resumed.events.front().seq == 36);
}

TEST_CASE("publish: a room's keys do not grow with its messages", "[contract][broker][redis]") {
    Fixture f(Backend::redis);
    const HistoryLimits fifty{50, std::chrono::seconds(3600)};
    for (int i = 0; i < 400; ++i) {
        Outcome o;
        f.start("flat", "k" + std::to_string(i), fifty, o);
        if (i % 50 == 49)
            f.settle();
    }
    f.settle();
    auto& b = f.redis_broker();
    const std::set<std::string> expected = {b.seq_key("flat"), b.history_key("flat"),
                                            b.ids_key("flat")};
    CHECK(f.room_keys("flat") == expected);
    for (const auto& k : expected)
        CHECK(f.integer({"PTTL", k}) > 0);  // every one expires
    // The list and the id set may run a few entries past the length between trims, no more.
    const long long len = f.integer({"LLEN", b.history_key("flat")});
    const long long ids = f.integer({"ZCARD", b.ids_key("flat")});
    CHECK(len >= 50);
    CHECK(len <= 50 + 50 / 8);
    CHECK(ids == len);
    // An id whose entry has left the history is forgotten with it: its room holds no trace.
    CHECK(f.publish("flat", "k0", fifty).fault == Fault::none);
}

TEST_CASE("publish: ids leave with their entries when history ages out",
          "[contract][broker][redis]") {
    Fixture f(Backend::redis);
    const HistoryLimits minute{200, std::chrono::seconds(60)};
    auto& b = f.redis_broker();
    f.publish("aged", "old1", minute);
    f.publish("aged", "old2", minute);
    f.clock.advance(std::chrono::seconds(61));
    CHECK(f.publish("aged", "new", minute).seq == 3);
    CHECK(f.integer({"LLEN", b.history_key("aged")}) == 1);
    CHECK(f.strings({"ZRANGE", b.ids_key("aged"), "0", "-1"}) ==
          std::vector<std::string>{"m1:new"});
    // Text and ids of a room without history never stay: no list, and the ids expire soon.
    f.publish("none", "x", HistoryLimits{0, std::chrono::seconds(0)});
    CHECK(f.integer({"EXISTS", b.history_key("none")}) == 0);
    const long long ttl = f.integer({"PTTL", b.ids_key("none")});
    CHECK(ttl > 0);
    CHECK(
        ttl <=
        std::chrono::duration_cast<std::chrono::milliseconds>(RedisBroker::dedupe_window).count());
}

TEST_CASE("publish: two nodes publishing into one room at once agree on one order",
          "[contract][broker][redis][nodes]") {
    const std::string prefix = unique_prefix();
    Fixture a(Backend::redis, prefix);
    Fixture b(Backend::redis, prefix);
    a.seams.broker->subscribe("room");
    b.seams.broker->subscribe("room");
    a.settle();
    b.settle();
    constexpr std::size_t per_node = 120;
    std::vector<Outcome> from_a(per_node), from_b(per_node);
    for (std::size_t i = 0; i < per_node; ++i) {
        a.start("room", "a" + std::to_string(i), hour, from_a[i], "ma");
        b.start("room", "b" + std::to_string(i), hour, from_b[i], "mb");
    }
    // Both loops run at the same time, so the two nodes' script calls interleave in Redis.
    std::thread ta([&] { a.settle(); });
    std::thread tb([&] { b.settle(); });
    ta.join();
    tb.join();
    a.settle();
    b.settle();
    std::set<std::uint64_t> seqs;
    for (std::size_t i = 0; i < per_node; ++i) {
        REQUIRE(from_a[i].fault == Fault::none);
        REQUIRE(from_b[i].fault == Fault::none);
        if (i > 0) {  // each node's own publishes keep the order it made them in
            CHECK(from_a[i].seq > from_a[i - 1].seq);
            CHECK(from_b[i].seq > from_b[i - 1].seq);
        }
        seqs.insert(from_a[i].seq);
        seqs.insert(from_b[i].seq);
    }
    CHECK(seqs.size() == 2 * per_node);
    CHECK(*seqs.rbegin() == 2 * per_node);
    REQUIRE(a.seen.size() == 2 * per_node);
    REQUIRE(b.seen.size() == 2 * per_node);
    for (std::size_t i = 0; i < a.seen.size(); ++i) {
        CHECK(a.seen[i].second.seq == i + 1);
        CHECK(*a.seen[i].second.frame == *b.seen[i].second.frame);
    }
}

TEST_CASE("publish: a rolling upgrade — the old format's history and id keys are honoured",
          "[contract][broker][redis]") {
    Fixture f(Backend::redis);
    auto& b = f.redis_broker();
    f.seams.broker->subscribe("up");
    f.settle();
    // What an older node left: seq 1 in the same list format, and its id as a key of its own.
    const auto parts = chat::message_draft("up", "m1", "ねこ", "before", "old1");
    const std::string ts = std::to_string(f.clock.unix_ms());
    f.integer({"SET", b.seq_key("up"), "1", "EX", "172800"});
    f.integer({"RPUSH", b.history_key("up"),
               "1|" + ts + "|" + parts.head + "\x1f" + parts.middle + "\x1f" + parts.tail});
    f.integer({"PEXPIRE", b.history_key("up"), "3600000"});
    f.run({"SET", b.legacy_dedupe_key("up", parts.dedupe_key), "1", "EX", "300"},
          [](const redisReply*) {});
    const Outcome retry = f.publish("up", "old1", hour);
    CHECK(retry.fault == Fault::duplicate);
    CHECK(retry.seq == 1);
    CHECK(f.publish("up", "new1", hour).seq == 2);
    const HistorySlice h = f.history("up", 0, hour);
    REQUIRE(h.events.size() == 2);
    CHECK(nlohmann::json::parse(*h.events[0].frame)["text"] == "before");
    CHECK(h.events[1].seq == 2);
}
