#include <catch2/catch.hpp>

#include <set>

#include "server/chat/session_registry.hpp"

using namespace ibasho;
using namespace ibasho::chat;

TEST_CASE("sessions are created with a 22-char token and resume until idle expiry", "[sessions]") {
    ManualClock clock;
    MemorySessionRegistry reg(clock, std::chrono::minutes(30));
    std::optional<SessionRecord> rec;
    reg.create([&](Fault, std::optional<SessionRecord> r) { rec = r; });
    REQUIRE(rec);
    CHECK(rec->token.size() == 22);
    rec->seats.push_back(Seat{"hiroba", "mem1", "ねこ", true, false});
    reg.save(*rec);

    clock.advance(std::chrono::minutes(29));
    std::optional<SessionRecord> back;
    reg.resume(rec->token, [&](Fault, std::optional<SessionRecord> r) { back = r; });
    REQUIRE(back);
    REQUIRE(back->find("hiroba") != nullptr);
    CHECK(back->find("hiroba")->member == "mem1");
    CHECK(back->find("hiroba")->nick == "ねこ");

    // Resuming refreshed the TTL: 29 more minutes are fine, 31 are not.
    clock.advance(std::chrono::minutes(29));
    reg.resume(rec->token, [&](Fault, std::optional<SessionRecord> r) { back = r; });
    CHECK(back);
    clock.advance(std::chrono::minutes(31));
    reg.resume(rec->token, [&](Fault, std::optional<SessionRecord> r) { back = r; });
    CHECK_FALSE(back);
}

TEST_CASE("unknown tokens do not resume and tokens differ", "[sessions]") {
    ManualClock clock;
    MemorySessionRegistry reg(clock, std::chrono::minutes(30));
    std::optional<SessionRecord> back{SessionRecord{}};
    reg.resume("AAAAAAAAAAAAAAAAAAAAAA", [&](Fault, std::optional<SessionRecord> r) { back = r; });
    CHECK_FALSE(back);
    std::set<std::string> tokens;
    for (int i = 0; i < 100; ++i) {
        reg.create([&](Fault, std::optional<SessionRecord> r) { tokens.insert(r->token); });
    }
    CHECK(tokens.size() == 100);
}

TEST_CASE("a removed session never resumes, and removing twice is harmless", "[sessions]") {
    ManualClock clock;
    MemorySessionRegistry reg(clock, std::chrono::minutes(30));
    std::optional<SessionRecord> rec;
    reg.create([&](Fault, std::optional<SessionRecord> r) { rec = r; });
    REQUIRE(rec);
    std::optional<SessionRecord> other;
    reg.create([&](Fault, std::optional<SessionRecord> r) { other = r; });
    REQUIRE(other);
    std::optional<Fault> removed;
    reg.remove(rec->token, [&](Fault f) { removed = f; });
    CHECK(removed == Fault::none);
    reg.remove(rec->token, nullptr);
    std::optional<SessionRecord> back{SessionRecord{}};
    reg.resume(rec->token, [&](Fault, std::optional<SessionRecord> r) { back = r; });
    CHECK_FALSE(back);
    reg.resume(other->token, [&](Fault, std::optional<SessionRecord> r) { back = r; });
    CHECK(back);  // only that one
    CHECK(reg.size() == 1);
}
