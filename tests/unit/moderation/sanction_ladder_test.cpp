// The sanction ladder with times passed in: reminder -> mute -> remove -> ban, and only the
// last 30 days count.
#include <catch2/catch.hpp>

#include "moderation/sanction_ladder.hpp"

using namespace ibasho::moderation;

namespace {

constexpr std::int64_t now = 1'790'000'000'000;
constexpr std::int64_t day = 24LL * 3600 * 1000;

StandingSummary of(std::initializer_list<SanctionStep> steps) {
    return StandingSummary{steps};
}

}  // namespace

TEST_CASE("ladder: each step suggests the next", "[moderation][ladder]") {
    CHECK(suggest_next(of({}), now) == Action::remind);
    CHECK(suggest_next(of({{Action::remind, now - day}}), now) == Action::mute);
    CHECK(suggest_next(of({{Action::remind, now - 2 * day}, {Action::mute, now - day}}), now) ==
          Action::remove);
    CHECK(suggest_next(of({{Action::remove, now - day}}), now) == Action::ban);
    CHECK(suggest_next(of({{Action::ban, now - day}}), now) == Action::ban);
    // The highest step counts, whatever the order of the events.
    CHECK(suggest_next(of({{Action::mute, now - day}, {Action::remind, now - 10}}), now) ==
          Action::remove);
}

TEST_CASE("ladder: steps older than 30 days are forgiven", "[moderation][ladder]") {
    CHECK(suggest_next(of({{Action::remove, now - 30 * day}}), now) == Action::remind);
    CHECK(suggest_next(of({{Action::remove, now - 30 * day + 1}}), now) == Action::ban);
    CHECK(suggest_next(of({{Action::ban, now - 40 * day}, {Action::remind, now - 29 * day}}),
                       now) == Action::mute);
    // The same standing read later: the mute ages out, the reminder still counts.
    const auto s = of({{Action::remind, now}, {Action::mute, now - 20 * day}});
    CHECK(suggest_next(s, now) == Action::remove);
    CHECK(suggest_next(s, now + 10 * day) == Action::mute);
    CHECK(suggest_next(s, now + 30 * day) == Action::remind);
    // A step stamped a moment in the future (another node's clock) counts as now.
    CHECK(suggest_next(of({{Action::mute, now + 500}}), now) == Action::remove);
}
