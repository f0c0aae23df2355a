#include <catch2/catch.hpp>

#include <mutex>

#include "chat_harness.hpp"
#include "protocol/utc_time.hpp"
#include "server/chat/event_frame.hpp"
#include "server/chat/report_store.hpp"
#include "server/events/event_cleanup.hpp"
#include "server/events/room_scheduler.hpp"
#include "staff_fixture.hpp"

// The room scheduler (issue 14) with a manual clock and a fake window source, through real
// sessions against the memory seams and a real Redis: a scheduled room before, during and
// after its window, the closing notice once per member, the close, the clean-up (history,
// private words, the marker), a cancelled occurrence, a paired event and the event's
// capacity and supporters.

using namespace ibasho;
using namespace ibasho::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t minute = 60'000;

std::string scheduled_rooms_json() {
    return R"({"rooms":[
      {"id":"tsudoi","name":{"ja":"つどい","en":"Meeting"},"audience":["open"],"scheduled":true,
       "capacity":10,"rate_limit":"off"},
      {"id":"tsudoi-honnin","name":{"ja":"本人","en":"Lived"},"audience":["open"],
       "scheduled":true,"rate_limit":"off"},
      {"id":"tsudoi-kazoku","name":{"ja":"家族","en":"Family"},"audience":["family"],
       "scheduled":true,"rate_limit":"off"},
      {"id":"open","name":{"ja":"ひろば","en":"Open"},"audience":["open"],"rate_limit":"off"}
    ]})";
}

// What B1's EventBook will be: here a list the test edits.
class FakeWindows final : public events::WindowSource {
  public:
    std::vector<events::RoomWindow> windows_between(std::int64_t from_ms,
                                                    std::int64_t to_ms) const override {
        std::lock_guard lock(mutex_);
        std::vector<events::RoomWindow> out;
        for (const auto& w : windows_) {
            if (w.ends_ms >= from_ms && w.opens_ms <= to_ms) {
                out.push_back(w);
            }
        }
        return out;
    }
    void set(std::vector<events::RoomWindow> windows) {
        std::lock_guard lock(mutex_);
        windows_ = std::move(windows);
    }

  private:
    mutable std::mutex mutex_;
    std::vector<events::RoomWindow> windows_;
};

events::RoomWindow window(const std::string& room, std::int64_t opens, std::int64_t starts,
                          std::int64_t ends, std::string event = "ev_AAAAAAAAAAAAAAAA") {
    events::RoomWindow w;
    w.room = room;
    w.event_id = std::move(event);
    w.opens_ms = opens;
    w.starts_ms = starts;
    w.ends_ms = ends;
    return w;
}

struct Scheduled {
    explicit Scheduled(Backend kind)
        : node(scheduled_rooms_json(), kind),
          t0(node.clock.unix_ms()),
          scheduler(make_scheduler()) {}

    std::unique_ptr<events::RoomScheduler> make_scheduler() {
        return std::make_unique<events::RoomScheduler>(
            events::SchedulerDeps{node.catalog, node.local, node.broker, *node.seams.store,
                                  *node.seams.control, node.clock, windows},
            std::chrono::duration_cast<std::chrono::milliseconds>(node.config.schedule_warning));
    }
    void tick() {
        scheduler->tick();
        node.settle();
    }
    // Moves the clock to t0 + `at_ms` and ticks.
    void at(std::int64_t at_ms) {
        node.clock.advance(std::chrono::milliseconds(t0 + at_ms - node.clock.unix_ms()));
        tick();
    }
    json join(Client& c, const std::string& room, const std::string& nick) {
        c.send(json{{"type", "join"}, {"room", room}, {"nick", nick}, {"affirm", true}});
        auto all = c.take();
        last = all;
        for (auto& j : all) {
            if (j["type"] == "joined" || j["type"] == "error") {
                return j;
            }
        }
        return nullptr;
    }
    json room_entry(Client& c, const std::string& room) {
        c.send(json{{"type", "rooms"}});
        for (auto& j : c.take()) {
            if (j["type"] == "room_list") {
                for (auto& r : j["rooms"]) {
                    if (r["id"] == room) {
                        return r;
                    }
                }
            }
        }
        return nullptr;
    }

    ChatNode node;
    std::int64_t t0;
    FakeWindows windows;
    std::unique_ptr<events::RoomScheduler> scheduler;
    std::vector<json> last;
};

std::vector<json> notices(const std::vector<json>& all, const std::string& kind) {
    std::vector<json> out;
    for (auto& j : of_type(all, "notice")) {
        if (j["kind"] == kind) {
            out.push_back(j);
        }
    }
    return out;
}

std::size_t messages_in(const std::vector<json>& all) {
    return of_type(all, "message").size();
}

}  // namespace

TEMPLATE_TEST_CASE("scheduled room: closed before its window, and says when it opens",
                   "[scheduler]", MemoryBackend, RedisBackend) {
    Scheduled s(TestType::kind);
    Client c(s.node);
    c.hello();
    s.tick();

    // No window known: closed, with nothing to count down to.
    json e = s.join(c, "tsudoi", "ねこ");
    CHECK(e["code"] == "room_closed");
    CHECK_FALSE(e.contains("retry_after_ms"));
    json entry = s.room_entry(c, "tsudoi");
    CHECK(entry["state"] == "closed");
    CHECK_FALSE(entry.contains("event"));
    // A room that is not scheduled is not touched.
    CHECK(s.room_entry(c, "open")["state"] == "open");

    // Opening in 10 minutes: still closed, the refusal and the list say when.
    const auto w = window("tsudoi", s.t0 + 10 * minute, s.t0 + 20 * minute, s.t0 + 80 * minute);
    s.windows.set({w});
    s.tick();
    e = s.join(c, "tsudoi", "ねこ");
    CHECK(e["code"] == "room_closed");
    CHECK(e["retry_after_ms"] == 10 * minute);
    CHECK(e["message"].get<std::string>().find(protocol::format_utc(w.opens_ms)) !=
          std::string::npos);
    entry = s.room_entry(c, "tsudoi");
    CHECK(entry["state"] == "closed");
    REQUIRE(entry.contains("event"));
    CHECK(entry["event"] == json{{"id", "ev_AAAAAAAAAAAAAAAA"},
                                 {"opens", protocol::format_utc(w.opens_ms)},
                                 {"starts", protocol::format_utc(w.starts_ms)},
                                 {"ends", protocol::format_utc(w.ends_ms)}});

    // Two days ahead: the refusal says when, the list does not count down yet.
    s.windows.set({window("tsudoi", s.t0 + 48 * 60 * minute, s.t0 + 49 * 60 * minute,
                          s.t0 + 50 * 60 * minute)});
    s.tick();
    CHECK(s.join(c, "tsudoi", "ねこ")["retry_after_ms"] == 48 * 60 * minute);
    CHECK_FALSE(s.room_entry(c, "tsudoi").contains("event"));
}

TEMPLATE_TEST_CASE("scheduled room: joinable from opens_ms with the event on joined and the list",
                   "[scheduler]", MemoryBackend, RedisBackend) {
    Scheduled s(TestType::kind);
    auto w = window("tsudoi", s.t0 + 10 * minute, s.t0 + 20 * minute, s.t0 + 80 * minute);
    s.windows.set({w});
    Client c(s.node);
    c.hello();
    s.at(10 * minute - 1000);
    CHECK(s.join(c, "tsudoi", "ねこ")["code"] == "room_closed");
    s.at(10 * minute);
    const json joined = s.join(c, "tsudoi", "ねこ");
    REQUIRE(joined["type"] == "joined");
    CHECK(joined["event"]["id"] == "ev_AAAAAAAAAAAAAAAA");
    CHECK(joined["event"]["starts"] == protocol::format_utc(w.starts_ms));
    CHECK(joined["event"]["ends"] == protocol::format_utc(w.ends_ms));
    const json entry = s.room_entry(c, "tsudoi");
    CHECK(entry["state"] == "open");
    CHECK(entry["capacity"] == 10);  // no capacity on the event: the room's own
    CHECK(entry["event"]["id"] == "ev_AAAAAAAAAAAAAAAA");
    // Nobody is told anything yet.
    CHECK(notices(c.take(), "closing_soon").empty());
}

TEMPLATE_TEST_CASE("scheduled room: the event's capacity applies during its window", "[scheduler]",
                   MemoryBackend, RedisBackend) {
    Scheduled s(TestType::kind);
    auto w = window("tsudoi", s.t0, s.t0, s.t0 + 60 * minute);
    w.capacity = 2;
    s.windows.set({w});
    s.tick();
    Client a(s.node), b(s.node), c(s.node);
    a.hello();
    b.hello();
    c.hello();
    CHECK(s.join(a, "tsudoi", "あ")["type"] == "joined");
    CHECK(s.join(b, "tsudoi", "い")["type"] == "joined");
    CHECK(s.join(c, "tsudoi", "う")["code"] == "room_full");
    CHECK(s.room_entry(c, "tsudoi")["capacity"] == 2);
}

TEMPLATE_TEST_CASE("scheduled room: closing_soon once per member, on join in the last minutes",
                   "[scheduler]", MemoryBackend, RedisBackend) {
    Scheduled s(TestType::kind);
    const auto w = window("tsudoi", s.t0, s.t0, s.t0 + 60 * minute);
    s.windows.set({w});
    s.tick();
    Client a(s.node), b(s.node), late(s.node);
    a.hello();
    b.hello();
    late.hello();
    REQUIRE(s.join(a, "tsudoi", "あ")["type"] == "joined");
    REQUIRE(s.join(b, "tsudoi", "い")["type"] == "joined");
    a.take();
    b.take();

    s.at(55 * minute - 1000);
    CHECK(notices(a.take(), "closing_soon").empty());
    s.at(55 * minute);
    for (Client* c : {&a, &b}) {
        const auto told = notices(c->take(), "closing_soon");
        REQUIRE(told.size() == 1);
        CHECK(told[0]["room"] == "tsudoi");
        CHECK(told[0]["until"] == w.ends_ms);
        CHECK(told[0]["ends"] == protocol::format_utc(w.ends_ms));
    }
    // Later ticks, and a scheduler that starts afresh (a restart), tell nobody twice.
    s.at(56 * minute);
    s.scheduler = s.make_scheduler();
    s.at(57 * minute);
    CHECK(notices(a.take(), "closing_soon").empty());
    CHECK(notices(b.take(), "closing_soon").empty());

    // Someone who arrives now is told on joining, once.
    REQUIRE(s.join(late, "tsudoi", "う")["type"] == "joined");
    CHECK(notices(s.last, "closing_soon").size() == 1);
    s.at(58 * minute);
    CHECK(notices(late.take(), "closing_soon").empty());
}

TEMPLATE_TEST_CASE("scheduled room: at the end members leave, and the history is gone",
                   "[scheduler]", MemoryBackend, RedisBackend) {
    Scheduled s(TestType::kind);
    const auto first = window("tsudoi", s.t0, s.t0, s.t0 + 60 * minute);
    const auto next =
        window("tsudoi", s.t0 + 120 * minute, s.t0 + 130 * minute, s.t0 + 190 * minute);
    s.windows.set({first, next});
    s.tick();
    Client a(s.node), b(s.node);
    a.hello();
    b.hello();
    REQUIRE(s.join(a, "tsudoi", "あ")["type"] == "joined");
    REQUIRE(s.join(b, "tsudoi", "い")["type"] == "joined");
    a.send(json{{"type", "say"}, {"room", "tsudoi"}, {"text", "きょうはありがとう"}, {"id", "m1"}});
    s.node.settle();
    CHECK(messages_in(b.take()) == 1);
    a.take();

    s.at(60 * minute);
    for (Client* c : {&a, &b}) {
        const auto all = c->take();
        const auto left = of_type(all, "left");
        REQUIRE(left.size() == 1);
        CHECK(left[0]["room"] == "tsudoi");
        CHECK(left[0]["reason"] == "room_closed");
    }
    CHECK(s.join(a, "tsudoi", "あ")["code"] == "room_closed");

    // The next occurrence starts with an empty room.
    s.at(120 * minute);
    Client fresh(s.node);
    fresh.hello();
    REQUIRE(s.join(fresh, "tsudoi", "う")["type"] == "joined");
    s.node.settle();
    auto seen = s.last;
    for (auto& j : fresh.take()) {
        seen.push_back(j);
    }
    CHECK(messages_in(seen) == 0);
}

TEMPLATE_TEST_CASE("scheduled room: the clean-up ends private words and leaves a marker",
                   "[scheduler]", MemoryBackend, RedisBackend) {
    Scheduled s(TestType::kind);
    // The event's supporter, assigned to no room: asks may be made because the event names them.
    StaffSpec spec;
    spec.rooms = {"open"};
    put_staff(*s.node.seams.store, spec);
    // Shorter than an ask's hour, which a memory Store counts on the manual clock.
    auto w = window("tsudoi", s.t0, s.t0, s.t0 + 30 * minute);
    w.supporters = {spec.id};
    s.windows.set({w});
    s.tick();
    Client a(s.node);
    a.hello();
    REQUIRE(s.join(a, "tsudoi", "あ")["type"] == "joined");
    a.send(json{{"type", "ask"}, {"room", "tsudoi"}, {"id", "q1"}});
    s.node.settle();
    const auto waiting = of_type(a.take(), "ask_waiting");
    REQUIRE(waiting.size() == 1);

    s.at(30 * minute);
    const auto all = a.take();
    INFO(json(all).dump());
    const auto ended = of_type(all, "private_ended");
    REQUIRE(ended.size() == 1);
    CHECK(ended[0]["by"] == "room_closed");
    std::optional<std::size_t> asks;
    chat::ReportStore(*s.node.seams.store)
        .asks_of("tsudoi", [&](StoreResult r, std::vector<chat::AskRecord> list) {
            if (r == StoreResult::ok)
                asks = list.size();
        });
    s.node.settle();
    CHECK(asks == 0u);
    std::optional<StoreRecord> marker;
    s.node.seams.store->get(events::schedule_cleaned_kind, "tsudoi",
                            [&](StoreResult r, StoreRecord rec) {
                                if (r == StoreResult::ok)
                                    marker = rec;
                            });
    s.node.settle();
    REQUIRE(marker);
    CHECK(json::parse(marker->body)["event"] == "ev_AAAAAAAAAAAAAAAA");
    CHECK(marker->ttl.count() > 0);
}

TEMPLATE_TEST_CASE("scheduled room: a node that missed the end cleans up unless marked",
                   "[scheduler]", MemoryBackend, RedisBackend) {
    Scheduled s(TestType::kind);
    s.windows.set({window("tsudoi", s.t0, s.t0, s.t0 + 60 * minute)});
    s.tick();
    Client a(s.node);
    a.hello();
    REQUIRE(s.join(a, "tsudoi", "あ")["type"] == "joined");
    a.send(json{{"type", "say"}, {"room", "tsudoi"}, {"text", "のこってほしくない"}, {"id", "m1"}});
    s.node.settle();
    auto history_size = [&] {
        std::optional<std::size_t> n;
        s.node.broker.history("tsudoi", 0, 50, {200, std::chrono::seconds(3600)},
                              [&](Fault f, HistorySlice slice) {
                                  if (f == Fault::none)
                                      n = slice.events.size();
                              });
        s.node.settle();
        return n;
    };
    REQUIRE(history_size() == 1u);

    // This node "was down" across the end: a scheduler that never saw the window open.
    s.scheduler = s.make_scheduler();
    s.at(61 * minute);
    CHECK(history_size() == 0u);

    // With the marker in place, another fresh node leaves the room alone.
    s.node.broker.publish(chat::message_draft("tsudoi", "m9", "ねこ", "あとから", "m9", "", false),
                          {200, std::chrono::seconds(3600)}, nullptr);
    s.node.settle();
    REQUIRE(history_size() == 1u);
    s.scheduler = s.make_scheduler();
    s.at(62 * minute);
    CHECK(history_size() == 1u);
}

TEMPLATE_TEST_CASE("scheduled room: a cancelled occurrence tells members, then closes",
                   "[scheduler]", MemoryBackend, RedisBackend) {
    Scheduled s(TestType::kind);
    s.windows.set({window("tsudoi", s.t0, s.t0, s.t0 + 60 * minute)});
    s.tick();
    Client a(s.node);
    a.hello();
    REQUIRE(s.join(a, "tsudoi", "あ")["type"] == "joined");
    a.take();
    s.windows.set({});
    s.at(10 * minute);
    const auto all = a.take();
    REQUIRE(notices(all, "event_cancelled").size() == 1);
    const auto left = of_type(all, "left");
    REQUIRE(left.size() == 1);
    CHECK(left[0]["reason"] == "room_closed");
    // The notice comes first, so the client can say why before the room goes.
    std::size_t notice_at = 0, left_at = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (all[i]["type"] == "notice")
            notice_at = i;
        if (all[i]["type"] == "left")
            left_at = i;
    }
    CHECK(notice_at < left_at);
    CHECK(s.join(a, "tsudoi", "あ")["code"] == "room_closed");
}

TEMPLATE_TEST_CASE("scheduled room: a paired event keeps each session in its own room",
                   "[scheduler]", MemoryBackend, RedisBackend) {
    Scheduled s(TestType::kind);
    auto lived = window("tsudoi-honnin", s.t0, s.t0, s.t0 + 60 * minute);
    lived.side = "lived";
    lived.pair_room = "tsudoi-kazoku";
    auto family = window("tsudoi-kazoku", s.t0, s.t0, s.t0 + 60 * minute);
    family.side = "family";
    family.pair_room = "tsudoi-honnin";
    s.windows.set({lived, family});
    s.tick();
    Client a(s.node), b(s.node);
    a.hello();
    b.hello();
    REQUIRE(s.join(a, "tsudoi-kazoku", "かぞく")["type"] == "joined");
    CHECK(s.join(a, "tsudoi-honnin", "かぞく")["code"] == "wrong_room");
    REQUIRE(s.join(b, "tsudoi-honnin", "ほんにん")["type"] == "joined");
    // Leaving does not open the other door within the same occurrence.
    a.send(json{{"type", "leave"}, {"room", "tsudoi-kazoku"}});
    s.node.settle();
    CHECK(s.join(a, "tsudoi-honnin", "かぞく")["code"] == "wrong_room");
    CHECK(s.join(a, "tsudoi-kazoku", "かぞく")["type"] == "joined");
    // The next occurrence is a new one.
    s.at(60 * minute);
    auto lived2 = lived, family2 = family;
    for (auto* w : {&lived2, &family2}) {
        w->opens_ms += 7 * 24 * 60 * minute;
        w->starts_ms += 7 * 24 * 60 * minute;
        w->ends_ms += 7 * 24 * 60 * minute;
    }
    s.windows.set({lived2, family2});
    s.at(7 * 24 * 60 * minute);
    CHECK(s.join(a, "tsudoi-honnin", "かぞく")["type"] == "joined");
}

TEMPLATE_TEST_CASE("scheduled room: the event's supporters are its staff during the window",
                   "[scheduler]", MemoryBackend, RedisBackend) {
    Scheduled s(TestType::kind);
    StaffSpec spec;
    spec.rooms = {"open"};  // not assigned to the scheduled room
    auto w = window("tsudoi", s.t0 + 10 * minute, s.t0 + 10 * minute, s.t0 + 60 * minute);
    w.supporters = {spec.id};
    s.windows.set({w});
    s.tick();
    put_staff(*s.node.seams.store, spec);
    Client sup(s.node);
    staff_hello(s.node, sup, spec);
    CHECK(s.join(sup, "tsudoi", "x")["code"] == "room_closed");
    s.at(10 * minute);
    const json joined = s.join(sup, "tsudoi", "x");
    REQUIRE(joined["type"] == "joined");
    CHECK(joined["badge"] == "supporter");
    CHECK(joined["nick"] == spec.name);

    // Another supporter, named by no event, sits there as anyone would.
    StaffSpec other;
    other.id = "st_test0000000000002";
    other.name = "そら";
    other.rooms = {"open"};
    put_staff(*s.node.seams.store, other);
    Client o(s.node);
    staff_hello(s.node, o, other);
    const json plain = s.join(o, "tsudoi", "ななし");
    REQUIRE(plain["type"] == "joined");
    CHECK_FALSE(plain.contains("badge"));
}
