#include "moderation/sanction_ladder.hpp"

#include <algorithm>

namespace ibasho::moderation {
namespace {

int rung(Action a) {
    switch (a) {
        case Action::remind:
            return 1;
        case Action::mute:
            return 2;
        case Action::remove:
            return 3;
        case Action::ban:
            return 4;
        default:
            return 0;
    }
}

}  // namespace

Action suggest_next(const StandingSummary& summary, std::int64_t now_ms) {
    int highest = 0;
    for (const SanctionStep& step : summary.steps) {
        if (now_ms - step.at_ms >= ladder_window.count()) {
            continue;
        }
        highest = std::max(highest, rung(step.action));
    }
    switch (highest) {
        case 0:
            return Action::remind;
        case 1:
            return Action::mute;
        case 2:
            return Action::remove;
        default:
            return Action::ban;
    }
}

}  // namespace ibasho::moderation
