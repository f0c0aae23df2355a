// The alerts that wait for Redis (issue 12): kept while Control cannot send, sent late once it
// can, and then repeated under the same command id for a few seconds, because the other nodes
// re-subscribe at their own pace after an outage and miss what was published before.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "server/chat/alert_desk.hpp"
#include "server/chat/crisis_alerts.hpp"
#include "server/chat/local_sessions.hpp"
#include "server/clock.hpp"
#include "server/control/control.hpp"
#include "server/metrics.hpp"

using namespace ibasho;
using namespace std::chrono_literals;

namespace {

// A Control whose transport the test switches off and on; it records what went out.
class SwitchedControl final : public Control {
  public:
    void on(std::string, Handler) override {}
    void send(ControlCommand command, Done done) override {
        if (!up) {
            done(Fault::unavailable);
            return;
        }
        sent.push_back(command);
        done(Fault::none);
    }
    const std::string& node_id() const override { return id_; }

    bool up = true;
    std::vector<ControlCommand> sent;

  private:
    std::string id_ = "n1";
};

chat::QueuedCommand raise_command(std::int64_t raised_ms) {
    return {chat::alert_raise_action, "open", R"({"alert":"a_1"})", raised_ms, "cmd-1"};
}

}  // namespace

TEST_CASE("a late alert goes out once Control can send, then repeats with one id for a while",
          "[alerts]") {
    ManualClock clock;
    chat::AlertDesk desk;
    chat::LocalSessions local;
    SwitchedControl control;
    control.up = false;
    desk.queue(raise_command(clock.unix_ms()));
    const auto late_before = metrics().alerts_sent_late.get();

    // Still down: tried, kept, nothing sent.
    clock.advance(1s);
    chat::sweep_alerts(desk, control, local, clock);
    CHECK(control.sent.empty());
    CHECK(desk.queued() == 1);
    CHECK(metrics().alerts_queued.get() == 1);

    control.up = true;
    clock.advance(1s);
    chat::sweep_alerts(desk, control, local, clock);
    REQUIRE(control.sent.size() == 1);
    CHECK(control.sent[0].id == "cmd-1");
    CHECK(control.sent[0].action == chat::alert_raise_action);
    CHECK(desk.queued() == 0);
    CHECK(metrics().alerts_queued.get() == 0);
    CHECK(metrics().alerts_sent_late.get() == late_before + 1);

    // Repeated on every sweep within the window, under the same id, counted late only once.
    for (int i = 0; i < 4; ++i) {
        clock.advance(1s);
        chat::sweep_alerts(desk, control, local, clock);
    }
    CHECK(control.sent.size() == 5);
    for (const auto& c : control.sent) {
        CHECK(c.id == "cmd-1");
    }
    CHECK(metrics().alerts_sent_late.get() == late_before + 1);
    CHECK(desk.queued() == 0);

    // After the window: quiet.
    clock.advance(std::chrono::milliseconds(chat::AlertDesk::repeat_late_ms));
    chat::sweep_alerts(desk, control, local, clock);
    const auto after = control.sent.size();
    clock.advance(1s);
    chat::sweep_alerts(desk, control, local, clock);
    CHECK(control.sent.size() == after);
}

TEST_CASE("a repeat that cannot go out is not queued again", "[alerts]") {
    ManualClock clock;
    chat::AlertDesk desk;
    chat::LocalSessions local;
    SwitchedControl control;
    control.up = false;
    desk.queue(raise_command(clock.unix_ms()));
    control.up = true;
    chat::sweep_alerts(desk, control, local, clock);
    REQUIRE(control.sent.size() == 1);
    control.up = false;
    clock.advance(1s);
    chat::sweep_alerts(desk, control, local, clock);
    CHECK(desk.queued() == 0);  // it reached Redis once; a lost repeat is only a repeat
}

TEST_CASE("an alert kept past the late limit is dropped and counted", "[alerts]") {
    ManualClock clock;
    chat::AlertDesk desk;
    chat::LocalSessions local;
    SwitchedControl control;
    desk.queue(raise_command(clock.unix_ms()));
    const auto expired_before = metrics().alerts_expired.get();
    clock.advance(std::chrono::milliseconds(chat::AlertDesk::late_limit_ms + 1000));
    chat::sweep_alerts(desk, control, local, clock);
    CHECK(control.sent.empty());
    CHECK(metrics().alerts_expired.get() == expired_before + 1);
    CHECK(desk.queued() == 0);
}
