// The receiving rules every Control shares: fresh commands once, bounded memory of ids.
#include <catch2/catch.hpp>

#include "server/control/control_inbox.hpp"
#include "server/metrics.hpp"

using namespace ibasho;

namespace {

ControlCommand at(const ManualClock& clock, std::string id, std::string action = "a") {
    ControlCommand c;
    c.id = std::move(id);
    c.action = std::move(action);
    c.target = ControlTarget::of_room("r");
    c.origin = "n";
    c.sent_ms = clock.unix_ms();
    return c;
}

}  // namespace

TEST_CASE("control inbox: ids are forgotten once their command would be stale anyway",
          "[control]") {
    ManualClock clock;
    ControlInbox inbox(clock, ControlLimits{std::chrono::milliseconds(5000), 100});
    int ran = 0;
    inbox.on("a", [&](const ControlCommand&) { ++ran; });
    const auto first = at(clock, "1");
    CHECK(inbox.receive(first));
    CHECK_FALSE(inbox.receive(first));
    clock.advance(std::chrono::seconds(3));
    CHECK(inbox.receive(at(clock, "2")));
    CHECK(inbox.remembered() == 2);
    clock.advance(std::chrono::milliseconds(2001));  // "1" is 5.001 s old now
    CHECK_FALSE(inbox.receive(first));               // refused as stale, not as a repeat
    CHECK(inbox.remembered() == 1);
    clock.advance(std::chrono::seconds(10));
    CHECK(inbox.receive(at(clock, "3")));
    CHECK(inbox.remembered() == 1);
    CHECK(ran == 3);
}

TEST_CASE("control inbox: a command from a clock far ahead is refused", "[control]") {
    ManualClock clock;
    ControlInbox inbox(clock, ControlLimits{});
    inbox.on("a", [](const ControlCommand&) {});
    auto c = at(clock, "1");
    c.sent_ms += 5001;
    CHECK_FALSE(inbox.receive(c));
    c.sent_ms -= 2;
    CHECK(inbox.receive(c));
}

TEST_CASE("control inbox: at the memory cap new commands are refused, not risked", "[control]") {
    ManualClock clock;
    ControlInbox inbox(clock, ControlLimits{std::chrono::milliseconds(5000), 3});
    int ran = 0;
    inbox.on("a", [&](const ControlCommand&) { ++ran; });
    const auto before =
        metrics().control_dropped[static_cast<std::size_t>(ControlDrop::overload)].get();
    for (int i = 0; i < 5; ++i) {
        inbox.receive(at(clock, std::to_string(i)));
    }
    CHECK(ran == 3);
    CHECK(inbox.remembered() == 3);
    CHECK(metrics().control_dropped[static_cast<std::size_t>(ControlDrop::overload)].get() -
              before ==
          2);
    clock.advance(std::chrono::milliseconds(5001));
    CHECK(inbox.receive(at(clock, "late")));
    CHECK(ran == 4);
}

TEST_CASE("control inbox: a throwing handler does not escape", "[control]") {
    ManualClock clock;
    ControlInbox inbox(clock, ControlLimits{});
    inbox.on("a", [](const ControlCommand&) { throw std::runtime_error("bug"); });
    CHECK_NOTHROW(inbox.receive(at(clock, "1")));
}
