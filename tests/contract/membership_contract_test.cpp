// Every way out of a room, through the one object that owns a seat: what each LeaveReason does
// to the hub (and so the room's events), to presence, to the session record, and what the
// client is told. The same cases against the memory seams and against Redis.
#include <catch2/catch.hpp>

#include "chat_harness.hpp"
#include "server/chat/event_frame.hpp"
#include "server/chat/membership.hpp"

using namespace ibasho;
using namespace ibasho::test;
using nlohmann::json;

namespace {

struct Recorder final : chat::RoomListener {
    std::vector<RoomEvent> events;
    void deliver(const std::string&, const RoomEvent& event) override { events.push_back(event); }
    void deliver_presence(const std::string&, const SharedFrame&) override {}
};

// One session holding a seat in "open", entered the way a join does it.
struct Seated {
    explicit Seated(ChatNode& n) : node(n), conn(n.shards.at(0)) {
        members = std::make_unique<chat::Memberships>(node.service, conn, listener, "holder-1");
        node.sessions.create([this](Fault f, std::optional<chat::SessionRecord> rec) {
            REQUIRE(f == Fault::none);
            members->set_record(std::move(*rec));
        });
        node.settle();
        REQUIRE(members->has_record());
        token = members->record().token;
        node.presence.join("open", Member{"mb-1", "ねこ", false, "holder-1"}, 10, NickClash::refuse,
                           [](Fault f, JoinResult) { REQUIRE(f == Fault::none); });
        node.settle();
        chat::Seat seat{"open", "mb-1", "ねこ", false, false};
        members->enter(*node.catalog.snapshot()->find("open"), seat);
        node.settle();
    }

    std::size_t presence_count() {
        std::size_t n = 0;
        node.presence.members("open", [&](Fault, std::vector<Member> list) { n = list.size(); });
        node.settle();
        return n;
    }
    // What a later resume of this session finds for "open".
    bool record_has_seat() {
        bool found = false;
        node.sessions.resume(token, [&](Fault, std::optional<chat::SessionRecord> rec) {
            found = rec && rec->find("open") != nullptr;
        });
        node.settle();
        return found;
    }
    bool hears_room() {
        listener.events.clear();
        node.broker.publish(chat::message_draft("open", "mb-2", "いぬ", "やあ", "x"), {}, nullptr);
        node.settle();
        return !listener.events.empty();
    }
    std::vector<json> told() {
        std::vector<json> out;
        for (const auto& f : conn.sent)
            out.push_back(json::parse(*f));
        return out;
    }

    ChatNode& node;
    FakeConnection conn;
    Recorder listener;
    std::unique_ptr<chat::Memberships> members;
    std::string token;
};

}  // namespace

TEMPLATE_TEST_CASE("membership: entering registers with the hub, presence and the record",
                   "[membership]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Seated s(node);
    CHECK(s.members->find("open") != nullptr);
    CHECK(s.hears_room());
    CHECK(s.presence_count() == 1);
    CHECK(s.record_has_seat());
}

TEMPLATE_TEST_CASE("membership: each leave reason has its one effect", "[membership]",
                   MemoryBackend, RedisBackend) {
    struct Expect {
        chat::LeaveReason reason;
        std::size_t presence;  // members left in presence
        bool seat_kept;        // the session record still holds the seat
        const char* told;      // the `left` reason the client gets; nullptr: no frame at all
    };
    using R = chat::LeaveReason;
    const Expect table[] = {
        {R::left, 0, false, ""},
        {R::closed, 0, true, nullptr},
        {R::superseded, 1, true, nullptr},
        {R::removed, 0, false, "removed"},
        {R::banned, 0, false, "banned"},
        {R::room_closed, 0, false, "room_closed"},
        {R::join_failed, 0, false, nullptr},
    };
    for (const Expect& e : table) {
        INFO(chat::to_string(e.reason));
        ChatNode node(test_rooms_json(), TestType::kind);
        Seated s(node);
        s.conn.sent.clear();
        s.members->leave("open", e.reason);
        node.settle();
        CHECK(s.members->find("open") == nullptr);
        CHECK_FALSE(s.hears_room());
        CHECK(s.presence_count() == e.presence);
        CHECK(s.record_has_seat() == e.seat_kept);
        const auto told = s.told();
        if (e.told == nullptr) {
            CHECK(told.empty());
        } else {
            REQUIRE(told.size() == 1);
            CHECK(told[0]["type"] == "left");
            CHECK(told[0]["room"] == "open");
            CHECK(told[0].value("reason", "") == e.told);
        }
        // Leaving twice, or a room never entered, changes nothing more.
        s.members->leave("open", e.reason);
        s.members->leave("nowhere", e.reason);
        node.settle();
        CHECK(s.told().size() == told.size());
    }
}
