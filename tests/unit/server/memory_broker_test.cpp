#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "server/broker/memory_broker.hpp"
#include "server/chat/event_frame.hpp"

using namespace ibasho;

namespace {

struct Captured {
    std::vector<std::pair<std::string, RoomEvent>> events;
};

std::uint64_t publish(MemoryBroker& b, const std::string& room, const std::string& text,
                      const std::string& id, HistoryLimits limits = {}) {
    std::uint64_t got = 0;
    Fault fault = Fault::unavailable;
    b.publish(chat::message_draft(room, "m1", "ねこ", text, id), limits,
              [&](Fault f, std::uint64_t seq) {
                  fault = f;
                  got = seq;
              });
    REQUIRE(fault != Fault::unavailable);
    return fault == Fault::duplicate ? 0 : got;
}

HistorySlice history(MemoryBroker& b, const std::string& room, std::uint64_t since,
                     std::uint32_t max = 50,
                     HistoryLimits limits = {5, std::chrono::seconds(3600)}) {
    HistorySlice out;
    b.history(room, since, max, limits, [&](Fault, HistorySlice s) { out = std::move(s); });
    return out;
}

}  // namespace

TEST_CASE("seq increases by one per room and frames carry it", "[broker]") {
    ManualClock clock;
    MemoryBroker b(clock);
    Captured cap;
    b.set_sink([&](const std::string& room, const RoomEvent& ev) {
        cap.events.push_back({room, ev});
    });
    CHECK(publish(b, "a", "one", "1") == 1);
    CHECK(publish(b, "a", "two", "2") == 2);
    CHECK(publish(b, "b", "other", "3") == 1);
    REQUIRE(cap.events.size() == 3);
    auto j = nlohmann::json::parse(*cap.events[1].second.frame);
    CHECK(j["type"] == "message");
    CHECK(j["room"] == "a");
    CHECK(j["seq"] == 2);
    CHECK(j["from"] == "m1");
    CHECK(j["nick"] == "ねこ");
    CHECK(j["text"] == "two");
    CHECK(j["id"] == "2");
    CHECK(j["ts"] == clock.unix_ms());
}

TEST_CASE("a repeated client id is delivered once", "[broker]") {
    ManualClock clock;
    MemoryBroker b(clock);
    int delivered = 0;
    b.set_sink([&](const std::string&, const RoomEvent&) { ++delivered; });
    CHECK(publish(b, "a", "hello", "x1") == 1);
    CHECK(publish(b, "a", "hello", "x1") == 0);
    CHECK(delivered == 1);
    clock.advance(MemoryBroker::dedupe_window + std::chrono::seconds(1));
    CHECK(publish(b, "a", "hello", "x1") == 2);
}

TEST_CASE("history resumes after since, in order, and reports gaps", "[broker]") {
    ManualClock clock;
    MemoryBroker b(clock);
    const HistoryLimits limits{5, std::chrono::seconds(3600)};
    for (int i = 1; i <= 8; ++i) {
        publish(b, "a", "m" + std::to_string(i), std::to_string(i), limits);
    }
    auto s = history(b, "a", 5);
    CHECK(s.last_seq == 8);
    REQUIRE(s.events.size() == 3);
    CHECK(s.events[0].seq == 6);
    CHECK(s.events[2].seq == 8);
    CHECK_FALSE(s.gap.has_value());

    auto g = history(b, "a", 1);  // 2 and 3 fell out of the 5-message history
    REQUIRE(g.gap.has_value());
    CHECK(g.gap->first == 2);
    CHECK(g.gap->second == 3);
    CHECK(g.events.front().seq == 4);

    auto fresh = history(b, "a", 0, 2);
    REQUIRE(fresh.events.size() == 2);
    CHECK(fresh.events[0].seq == 7);
    CHECK_FALSE(fresh.gap.has_value());

    CHECK(history(b, "a", 8).events.empty());
    CHECK(history(b, "empty", 0).last_seq == 0);
}

TEST_CASE("history expires by age with the injected clock", "[broker]") {
    ManualClock clock;
    MemoryBroker b(clock);
    const HistoryLimits limits{200, std::chrono::seconds(60)};
    publish(b, "a", "old", "1", limits);
    clock.advance(std::chrono::seconds(45));
    publish(b, "a", "newer", "2", limits);
    clock.advance(std::chrono::seconds(30));
    auto s = history(b, "a", 0, 50, limits);
    REQUIRE(s.events.size() == 1);
    CHECK(s.events[0].seq == 2);
    auto resume = history(b, "a", 0, 50, limits);
    CHECK(resume.last_seq == 2);
    clock.advance(std::chrono::seconds(31));
    CHECK(history(b, "a", 0, 50, limits).events.empty());
    CHECK(history(b, "a", 0, 50, limits).last_seq == 2);  // seq never goes back
}

TEST_CASE("wipe forgets history but not the sequence", "[broker]") {
    ManualClock clock;
    MemoryBroker b(clock);
    publish(b, "a", "x", "1");
    b.wipe("a");
    CHECK(history(b, "a", 0).events.empty());
    CHECK(publish(b, "a", "y", "2") == 2);
}
