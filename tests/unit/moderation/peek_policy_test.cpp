// Which rooms may be looked into before joining, as a table: each row is the room as it is now
// and the preview it must get. Nothing here has a clock or a socket.
#include <catch2/catch.hpp>

#include <vector>

#include "moderation/peek_policy.hpp"

using namespace ibasho::moderation;
using ibasho::protocol::ErrorCode;
using std::chrono::milliseconds;

namespace {

struct Row {
    const char* what;
    PeekFacts facts;
    bool allowed;
    PeekView view;
    ErrorCode code;
};

PeekFacts open_room() {
    return PeekFacts{};
}

PeekFacts with(PeekFacts f, auto change) {
    change(f);
    return f;
}

}  // namespace

TEST_CASE("decide_peek: open rooms show messages, gated rooms only what they are",
          "[moderation][peek]") {
    const std::vector<Row> rows = {
        {"an open room for everyone", open_room(), true, PeekView::messages, ErrorCode{}},
        {"an audience room (age band, women, LGBTQ+, family) asks an affirmation",
         with(open_room(), [](PeekFacts& f) { f.limited = true; }), true, PeekView::about,
         ErrorCode{}},
        {"a scheduled room", with(open_room(), [](PeekFacts& f) { f.scheduled = true; }), true,
         PeekView::about, ErrorCode{}},
        {"a closed room", with(open_room(), [](PeekFacts& f) { f.state = RoomState::closed; }),
         true, PeekView::about, ErrorCode{}},
        {"a locked room", with(open_room(), [](PeekFacts& f) { f.state = RoomState::locked; }),
         true, PeekView::about, ErrorCode{}},
        {"a paused room", with(open_room(), [](PeekFacts& f) { f.state = RoomState::paused; }),
         true, PeekView::about, ErrorCode{}},
        {"a room with the shield on", with(open_room(), [](PeekFacts& f) { f.shield = true; }),
         true, PeekView::about, ErrorCode{}},
        {"an unknown room", with(open_room(), [](PeekFacts& f) { f.known = false; }), false,
         PeekView::about, ErrorCode::no_such_room},
        {"the preview budget is spent",
         with(open_room(), [](PeekFacts& f) { f.rate_wait = milliseconds(700); }), false,
         PeekView::about, ErrorCode::rate_limited},
        {"the budget is checked for gated rooms too",
         with(open_room(),
              [](PeekFacts& f) {
                  f.limited = true;
                  f.rate_wait = milliseconds(1);
              }),
         false, PeekView::about, ErrorCode::rate_limited},
    };
    for (const Row& row : rows) {
        INFO(row.what);
        const PeekDecision d = decide_peek(row.facts);
        CHECK(d.allowed == row.allowed);
        if (row.allowed) {
            CHECK(d.view == row.view);
        } else {
            CHECK(d.code == row.code);
        }
    }
}

TEST_CASE("decide_peek: a refusal for the budget says how long to wait", "[moderation][peek]") {
    PeekFacts f;
    f.rate_wait = milliseconds(1500);
    CHECK(decide_peek(f).retry_after == milliseconds(1500));
    CHECK(decide_peek(PeekFacts{}).retry_after == milliseconds(0));
}
