#include <catch2/catch.hpp>

#include <thread>

#include "server/broker/memory_broker.hpp"
#include "server/chat/event_frame.hpp"

using namespace ibasho;

TEST_CASE("many concurrent senders: seq strictly increasing and one order for all",
          "[broker][order]") {
    SystemClock clock;
    MemoryBroker broker(clock);
    std::vector<std::uint64_t> seen;  // appended under the broker's lock, in delivery order
    broker.set_sink([&](const std::string&, const RoomEvent& ev) { seen.push_back(ev.seq); });
    constexpr int threads = 8;
    constexpr int per_thread = 2000;
    std::vector<std::thread> senders;
    for (int t = 0; t < threads; ++t) {
        senders.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                broker.publish(chat::message_draft("room", "m" + std::to_string(t), "n", "x",
                                                   std::to_string(i)),
                               HistoryLimits{}, nullptr);
            }
        });
    }
    for (auto& s : senders)
        s.join();
    REQUIRE(seen.size() == threads * per_thread);
    for (std::size_t i = 0; i < seen.size(); ++i) {
        REQUIRE(seen[i] == i + 1);
    }
}
