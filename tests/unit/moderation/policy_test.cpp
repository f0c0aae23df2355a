// The policy layer as a table: each row is (role, assignment, action, room, standing, time)
// and the answer it must get. Time is a number passed in; nothing sleeps.
#include <catch2/catch.hpp>

#include <vector>

#include "moderation/policy.hpp"
#include "moderation/rate_limiter.hpp"
#include "moderation/slow_mode.hpp"

using namespace ibasho::moderation;
using ibasho::protocol::ErrorCode;
using std::chrono::milliseconds;

namespace {

constexpr std::int64_t now = 1'760'000'000'000;

struct Row {
    const char* what;
    Request request;
    Verdict verdict;
    ErrorCode code = ErrorCode::internal_error;
    milliseconds retry{0};
};

Request req(Role role, Action action, RoomState state = RoomState::open) {
    Request r;
    r.role = role;
    r.action = action;
    r.room.state = state;
    r.now_ms = now;
    return r;
}

template <class F>
Request with(Request r, F change) {
    change(r);
    return r;
}

void check(const std::vector<Row>& rows) {
    for (const Row& row : rows) {
        INFO(row.what);
        const Decision d = decide(row.request);
        CHECK(d.verdict == row.verdict);
        if (row.verdict == Verdict::reject) {
            CHECK(ibasho::protocol::to_string(d.code) == ibasho::protocol::to_string(row.code));
            CHECK(d.retry_after == row.retry);
        }
    }
}

}  // namespace

TEST_CASE("policy: joining, by room state, standing and role", "[moderation][policy]") {
    const auto P = Role::participant;
    const auto S = Role::supporter;
    const auto O = Role::organiser;
    auto assigned = [](Request& r) { r.assigned_to_room = true; };
    check({
        {"open room", req(P, Action::join), Verdict::allow},
        {"closed room", req(P, Action::join, RoomState::closed), Verdict::reject,
         ErrorCode::room_closed},
        {"closed room, even for an organiser", req(O, Action::join, RoomState::closed),
         Verdict::reject, ErrorCode::room_closed},
        {"locked room, a newcomer", req(P, Action::join, RoomState::locked), Verdict::reject,
         ErrorCode::room_locked},
        {"locked room, coming back to a held seat",
         with(req(P, Action::join, RoomState::locked), [](Request& r) { r.resuming = true; }),
         Verdict::allow},
        {"locked room, its supporter", with(req(S, Action::join, RoomState::locked), assigned),
         Verdict::allow},
        {"locked room, a supporter of other rooms", req(S, Action::join, RoomState::locked),
         Verdict::reject, ErrorCode::room_locked},
        {"paused room: reading is always fine", req(P, Action::join, RoomState::paused),
         Verdict::allow},
        {"limited room without affirmation",
         with(req(P, Action::join), [](Request& r) { r.room.limited = true; }), Verdict::reject,
         ErrorCode::affirmation_required},
        {"limited room, affirmed",
         with(req(P, Action::join),
              [](Request& r) {
                  r.room.limited = true;
                  r.affirmed = true;
              }),
         Verdict::allow},
        {"removed for another minute",
         with(req(P, Action::join), [](Request& r) { r.standing.removed_until_ms = now + 60'000; }),
         Verdict::reject, ErrorCode::removed, milliseconds(60'000)},
        {"removal has passed",
         with(req(P, Action::join), [](Request& r) { r.standing.removed_until_ms = now; }),
         Verdict::allow},
    });
}

TEST_CASE("policy: writing, by room state, standing, limits and role", "[moderation][policy]") {
    const auto P = Role::participant;
    const auto S = Role::supporter;
    auto assigned = [](Request& r) { r.assigned_to_room = true; };
    check({
        {"say in an open room", req(P, Action::say), Verdict::allow},
        {"stamp in an open room", req(P, Action::stamp), Verdict::allow},
        {"say in a paused room", req(P, Action::say, RoomState::paused), Verdict::reject,
         ErrorCode::room_paused},
        {"stamp in a paused room", req(P, Action::stamp, RoomState::paused), Verdict::reject,
         ErrorCode::room_paused},
        {"its supporter says in a paused room",
         with(req(S, Action::say, RoomState::paused), assigned), Verdict::allow},
        {"say in a closed room", req(P, Action::say, RoomState::closed), Verdict::reject,
         ErrorCode::room_closed},
        {"say in a locked room (already inside)", req(P, Action::say, RoomState::locked),
         Verdict::allow},
        {"muted for 10 more seconds",
         with(req(P, Action::say), [](Request& r) { r.standing.muted_until_ms = now + 10'000; }),
         Verdict::reject, ErrorCode::muted, milliseconds(10'000)},
        {"muted: stamps too",
         with(req(P, Action::stamp), [](Request& r) { r.standing.muted_until_ms = now + 5; }),
         Verdict::reject, ErrorCode::muted, milliseconds(5)},
        {"mute has lifted",
         with(req(P, Action::say), [](Request& r) { r.standing.muted_until_ms = now - 1; }),
         Verdict::allow},
        {"rate limited",
         with(req(P, Action::say), [](Request& r) { r.rate_wait = milliseconds(700); }),
         Verdict::reject, ErrorCode::rate_limited, milliseconds(700)},
        {"slow mode",
         with(req(P, Action::say), [](Request& r) { r.slow_wait = milliseconds(4000); }),
         Verdict::reject, ErrorCode::slow_mode, milliseconds(4000)},
        {"slow mode does not hold stamps",
         with(req(P, Action::stamp), [](Request& r) { r.slow_wait = milliseconds(4000); }),
         Verdict::allow},
        {"slow mode does not hold the room's supporter",
         with(with(req(S, Action::say), assigned),
              [](Request& r) { r.slow_wait = milliseconds(4000); }),
         Verdict::allow},
        {"rate limit before slow mode",
         with(req(P, Action::say),
              [](Request& r) {
                  r.rate_wait = milliseconds(300);
                  r.slow_wait = milliseconds(4000);
              }),
         Verdict::reject, ErrorCode::rate_limited, milliseconds(300)},
        {"crisis words never block: allow and alert",
         with(req(P, Action::say), [](Request& r) { r.alert = true; }), Verdict::allow_and_alert},
        {"status in a paused room", req(P, Action::set_status, RoomState::paused), Verdict::allow},
        {"status in a closed room", req(P, Action::set_status, RoomState::closed), Verdict::allow},
    });
}

TEST_CASE("policy: moderator actions for every role", "[moderation][policy]") {
    for (Action a : {Action::hide, Action::remind, Action::mute, Action::remove, Action::ban,
                     Action::room_control}) {
        INFO(to_string(a));
        check({
            {"participant", req(Role::participant, a), Verdict::reject, ErrorCode::forbidden},
            {"supporter of another room", req(Role::supporter, a), Verdict::reject,
             ErrorCode::forbidden},
            {"the room's supporter",
             with(req(Role::supporter, a), [](Request& r) { r.assigned_to_room = true; }),
             Verdict::allow},
            {"organiser", req(Role::organiser, a), Verdict::allow},
            {"operator", req(Role::operator_, a), Verdict::allow},
        });
    }
}

TEST_CASE("policy: a refusal costs no rate-limit token (wait, decide, then take)",
          "[moderation][policy]") {
    // One token, refilling at 1 per second; slow mode 10 s. After one message, a second one
    // 2 s later is refused by slow mode: under the old rule order that refusal spent the
    // token the member had just earned back.
    RateLimiter rate(1.0, 1.0);
    SlowMode slow(std::chrono::seconds(10));
    const auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    auto attempt = [&](std::chrono::steady_clock::time_point t) {
        Request r = req(Role::participant, Action::say);
        r.rate_wait = rate.wait(t);
        r.slow_wait = slow.wait(t);
        const Decision d = decide(r);
        if (d.allowed()) {
            rate.take(t);
            slow.record(t);
        }
        return d;
    };
    REQUIRE(attempt(t0).allowed());
    const Decision second = attempt(t0 + std::chrono::seconds(2));
    CHECK(second.code == ErrorCode::slow_mode);
    CHECK(rate.wait(t0 + std::chrono::seconds(2)).count() == 0);
    CHECK(attempt(t0 + std::chrono::seconds(10)).allowed());
}

TEST_CASE("policy: reports and the private word", "[moderation][policy]") {
    const auto assigned = [](Request& r) { r.assigned_to_room = true; };
    const auto operator_report = [](Request& r) {
        r.assigned_to_room = true;
        r.organisers_only = true;
    };
    const auto staffed = [](Request& r) { r.room_has_staff = true; };
    const auto party = [](Request& r) { r.party = true; };
    check({
        {"anyone may report", req(Role::participant, Action::report), Verdict::allow},
        {"staff may report too", req(Role::supporter, Action::report), Verdict::allow},
        {"a participant cannot resolve", req(Role::participant, Action::resolve_report),
         Verdict::reject, ErrorCode::forbidden},
        {"a supporter of another room cannot resolve", req(Role::supporter, Action::resolve_report),
         Verdict::reject, ErrorCode::forbidden},
        {"the room's supporter resolves",
         with(req(Role::supporter, Action::resolve_report), assigned), Verdict::allow},
        {"an operator report is not the supporter's",
         with(req(Role::supporter, Action::resolve_report), operator_report), Verdict::reject,
         ErrorCode::forbidden},
        {"an organiser resolves an operator report",
         with(req(Role::organiser, Action::resolve_report), operator_report), Verdict::allow},
        {"asking where staff could answer", with(req(Role::participant, Action::ask), staffed),
         Verdict::allow},
        {"asking where nobody could", req(Role::participant, Action::ask), Verdict::reject,
         ErrorCode::no_supporter},
        {"staff do not ask", with(req(Role::supporter, Action::ask), staffed), Verdict::reject,
         ErrorCode::forbidden},
        {"a participant cannot accept", req(Role::participant, Action::accept_ask), Verdict::reject,
         ErrorCode::forbidden},
        {"a supporter of another room cannot accept", req(Role::supporter, Action::accept_ask),
         Verdict::reject, ErrorCode::forbidden},
        {"the room's supporter accepts", with(req(Role::supporter, Action::accept_ask), assigned),
         Verdict::allow},
        {"a side writes", with(req(Role::participant, Action::private_say), party), Verdict::allow},
        {"nobody else writes, not even an organiser", req(Role::organiser, Action::private_say),
         Verdict::reject, ErrorCode::forbidden},
        {"another participant never", req(Role::participant, Action::private_say), Verdict::reject,
         ErrorCode::forbidden},
        {"a side over the rate limit",
         with(req(Role::participant, Action::private_say),
              [](Request& r) {
                  r.party = true;
                  r.rate_wait = milliseconds{700};
              }),
         Verdict::reject, ErrorCode::rate_limited, milliseconds{700}},
        {"a side ends", with(req(Role::supporter, Action::private_end), party), Verdict::allow},
        {"nobody else ends", req(Role::organiser, Action::private_end), Verdict::reject,
         ErrorCode::forbidden},
    });
}

TEST_CASE("policy: the shield holds newcomers, not returning members or staff",
          "[moderation][policy]") {
    const auto P = Role::participant;
    const auto S = Role::supporter;
    auto shield = [](Request& r) { r.room.shield = true; };
    check({
        {"shielded room, a newcomer", with(req(P, Action::join), shield), Verdict::reject,
         ErrorCode::held},
        {"shielded room, coming back to a seat",
         with(req(P, Action::join),
              [&](Request& r) {
                  shield(r);
                  r.resuming = true;
              }),
         Verdict::allow},
        {"shielded room, admitted by staff",
         with(req(P, Action::join),
              [&](Request& r) {
                  shield(r);
                  r.admitted = true;
              }),
         Verdict::allow},
        {"shielded room, its supporter",
         with(req(S, Action::join),
              [&](Request& r) {
                  shield(r);
                  r.assigned_to_room = true;
              }),
         Verdict::allow},
        {"shielded and locked: the lock answers first",
         with(req(P, Action::join, RoomState::locked), shield), Verdict::reject,
         ErrorCode::room_locked},
        {"admitted into a closed room: still closed",
         with(req(P, Action::join, RoomState::closed),
              [&](Request& r) {
                  shield(r);
                  r.admitted = true;
              }),
         Verdict::reject, ErrorCode::room_closed},
    });
}

TEST_CASE("policy: standing and standing_note for every role", "[moderation][policy]") {
    for (Action a : {Action::standing, Action::standing_note}) {
        INFO(to_string(a));
        check({
            {"participant", req(Role::participant, a), Verdict::reject, ErrorCode::forbidden},
            {"supporter of another room", req(Role::supporter, a), Verdict::reject,
             ErrorCode::forbidden},
            {"the room's supporter",
             with(req(Role::supporter, a), [](Request& r) { r.assigned_to_room = true; }),
             Verdict::allow},
            {"organiser", req(Role::organiser, a), Verdict::allow},
        });
    }
}

TEST_CASE("policy: sanctions on staff and on oneself", "[moderation][policy]") {
    const auto assigned = [](Request& r) { r.assigned_to_room = true; };
    for (Action a : {Action::remind, Action::mute, Action::remove, Action::ban}) {
        INFO(to_string(a));
        check({
            {"supporter on a participant", with(req(Role::supporter, a), assigned), Verdict::allow},
            {"supporter on a supporter",
             with(with(req(Role::supporter, a), assigned),
                  [](Request& r) { r.target_role = Role::supporter; }),
             Verdict::reject, ErrorCode::forbidden},
            {"supporter on an organiser",
             with(with(req(Role::supporter, a), assigned),
                  [](Request& r) { r.target_role = Role::organiser; }),
             Verdict::reject, ErrorCode::forbidden},
            {"supporter on themselves",
             with(with(req(Role::supporter, a), assigned),
                  [](Request& r) { r.target_self = true; }),
             Verdict::reject, ErrorCode::forbidden},
            {"supporter of another room on a participant", req(Role::supporter, a), Verdict::reject,
             ErrorCode::forbidden},
            {"participant on a participant", req(Role::participant, a), Verdict::reject,
             ErrorCode::forbidden},
            {"organiser on a supporter",
             with(req(Role::organiser, a), [](Request& r) { r.target_role = Role::supporter; }),
             Verdict::allow},
            {"organiser on themselves",
             with(req(Role::organiser, a), [](Request& r) { r.target_self = true; }),
             Verdict::reject, ErrorCode::forbidden},
        });
    }
}

TEST_CASE("policy: a room that needs a supporter present", "[moderation][policy]") {
    const auto needs = [](Request& r) { r.room.supporter_required = true; };
    const auto present = [](Request& r) {
        r.room.supporter_required = true;
        r.room.staff_present = true;
    };
    for (Action a : {Action::say, Action::stamp}) {
        INFO(to_string(a));
        check({
            {"participant, nobody there", with(req(Role::participant, a), needs), Verdict::reject,
             ErrorCode::no_supporter},
            {"participant, a supporter there", with(req(Role::participant, a), present),
             Verdict::allow},
            {"supporter of another room, nobody there", with(req(Role::supporter, a), needs),
             Verdict::reject, ErrorCode::no_supporter},
            {"the room's supporter, nobody else there",
             with(with(req(Role::supporter, a), needs),
                  [](Request& r) { r.assigned_to_room = true; }),
             Verdict::allow},
            {"organiser, nobody there", with(req(Role::organiser, a), needs), Verdict::allow},
            {"not such a room", req(Role::participant, a), Verdict::allow},
        });
    }
    check({{"joining and reading stay open", with(req(Role::participant, Action::join), needs),
            Verdict::allow}});
}

TEST_CASE("policy: a ban refuses joins until it ends, for participants", "[moderation][policy]") {
    const auto banned = [](Request& r) { r.standing.banned_until_ms = now + 60'000; };
    check({
        {"banned participant", with(req(Role::participant, Action::join), banned), Verdict::reject,
         ErrorCode::banned, milliseconds(60'000)},
        {"ban over",
         with(req(Role::participant, Action::join),
              [](Request& r) { r.standing.banned_until_ms = now; }),
         Verdict::allow},
        {"removed",
         with(req(Role::participant, Action::join),
              [](Request& r) { r.standing.removed_until_ms = now + 5; }),
         Verdict::reject, ErrorCode::removed, milliseconds(5)},
    });
}

TEST_CASE("policy: a session sits in at most max_rooms rooms at once", "[moderation][policy]") {
    const auto P = Role::participant;
    const auto S = Role::supporter;
    const auto O = Role::organiser;
    auto holding = [](std::size_t held) {
        return [held](Request& r) {
            r.rooms_held = held;
            r.max_rooms = 8;
        };
    };
    auto assigned = [](Request& r) { r.assigned_to_room = true; };
    check({
        {"no rooms yet", with(req(P, Action::join), holding(0)), Verdict::allow},
        {"the 8th room", with(req(P, Action::join), holding(7)), Verdict::allow},
        {"the 9th room", with(req(P, Action::join), holding(8)), Verdict::reject,
         ErrorCode::too_many_rooms},
        {"far past it", with(req(P, Action::join), holding(50)), Verdict::reject,
         ErrorCode::too_many_rooms},
        {"a supporter not assigned here counts as a participant",
         with(req(S, Action::join), holding(8)), Verdict::reject, ErrorCode::too_many_rooms},
        {"a supporter assigned here", with(with(req(S, Action::join), holding(8)), assigned),
         Verdict::allow},
        {"an organiser", with(req(O, Action::join), holding(20)), Verdict::allow},
        {"0 means no limit", with(req(P, Action::join), [](Request& r) { r.rooms_held = 99; }),
         Verdict::allow},
        {"a closed room still says closed",
         with(req(P, Action::join, RoomState::closed), holding(8)), Verdict::reject,
         ErrorCode::room_closed},
        {"other actions do not count rooms", with(req(P, Action::say), holding(8)), Verdict::allow},
    });
}

TEST_CASE("policy: a stamp answers only a seq the room has reached", "[moderation][policy]") {
    CHECK(decide_stamp_target(std::nullopt, 0, false).allowed());
    CHECK(decide_stamp_target(0, 0, false).allowed());
    CHECK(decide_stamp_target(41, 42, false).allowed());
    CHECK(decide_stamp_target(42, 42, false).allowed());
    const Decision ahead = decide_stamp_target(43, 42, false);
    CHECK_FALSE(ahead.allowed());
    CHECK(ibasho::protocol::to_string(ahead.code) == "no_such_message");
    CHECK_FALSE(decide_stamp_target(1, 0, false).allowed());
    // While history is still being replayed the room's last seq is not known yet.
    CHECK(decide_stamp_target(43, 0, true).allowed());
}

TEST_CASE("policy: a quoted reply answers only a message seq the room has reached",
          "[moderation][policy]") {
    CHECK(decide_reply_target(std::nullopt, 0, false).allowed());
    CHECK(decide_reply_target(42, 42, false).allowed());
    CHECK_FALSE(decide_reply_target(43, 42, false).allowed());
    CHECK(ibasho::protocol::to_string(decide_reply_target(43, 42, false).code) ==
          "no_such_message");
    // seq 0 is never a message, unlike a stamp's `on` (kept as it was for old clients).
    CHECK_FALSE(decide_reply_target(0, 42, false).allowed());
    CHECK_FALSE(decide_reply_target(0, 0, true).allowed());
    CHECK(decide_reply_target(43, 0, true).allowed());
}
