#include <catch2/catch.hpp>

#include "server/presence/memory_presence.hpp"

using namespace ibasho;

namespace {

JoinResult join(MemoryPresence& p, const std::string& room, const std::string& member,
                const std::string& nick, std::uint32_t capacity = 10, bool listening = false) {
    JoinResult out;
    p.join(room, Member{member, nick, listening}, capacity, NickClash::refuse,
           [&](Fault, JoinResult r) { out = r; });
    return out;
}

std::vector<Member> members(MemoryPresence& p, const std::string& room) {
    std::vector<Member> out;
    p.members(room, [&](Fault, std::vector<Member> m) { out = std::move(m); });
    return out;
}

}  // namespace

TEST_CASE("join, a taken nickname is refused, rejoin keeps the nickname", "[presence]") {
    MemoryPresence p;
    std::vector<std::string> changes;
    p.set_change_sink([&](const std::string& room) { changes.push_back(room); });

    CHECK(join(p, "r", "m1", "ねこ").member.nick == "ねこ");
    auto second = join(p, "r", "m2", "ねこ");
    CHECK(second.outcome == JoinOutcome::nick_taken);
    CHECK(second.free_nicks.size() == offered_nicks);
    CHECK(second.free_nicks[0] == "ねこ2");
    CHECK(members(p, "r").size() == 1);
    auto again = join(p, "r", "m1", "ignored", 10, true);
    CHECK(again.outcome == JoinOutcome::already_present);
    CHECK(again.member.nick == "ねこ");
    CHECK(again.member.listening);
    CHECK(changes.size() == 2);  // the refusal changed nothing
}

TEST_CASE("capacity is enforced", "[presence]") {
    MemoryPresence p;
    CHECK(join(p, "r", "a", "A", 2).outcome == JoinOutcome::joined);
    CHECK(join(p, "r", "b", "B", 2).outcome == JoinOutcome::joined);
    CHECK(join(p, "r", "c", "C", 2).outcome == JoinOutcome::full);
    CHECK(members(p, "r").size() == 2);
}

TEST_CASE("listening status and counts", "[presence]") {
    MemoryPresence p;
    join(p, "r", "a", "A", 10, true);
    join(p, "r", "b", "B", 10, false);
    join(p, "s", "c", "C", 10, true);
    std::vector<RoomCounts> counts;
    p.counts({"r", "s", "t"}, [&](Fault, std::vector<RoomCounts> c) { counts = c; });
    REQUIRE(counts.size() == 3);
    CHECK(counts[0].count == 2);
    CHECK(counts[0].listening == 1);
    CHECK(counts[1].count == 1);
    CHECK(counts[2].count == 0);
    p.set_listening("r", "b", true, nullptr);
    p.counts({"r"}, [&](Fault, std::vector<RoomCounts> c) { counts = c; });
    CHECK(counts[0].listening == 2);
    p.leave("r", "a", "", nullptr);
    CHECK(members(p, "r").size() == 1);
    p.leave("r", "b", "", nullptr);
    CHECK(members(p, "r").empty());
}
