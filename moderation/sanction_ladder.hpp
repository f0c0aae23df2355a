// The ladder of member sanctions: reminder, mute, removal, ban. Given what has happened to a
// member in a room over the last 30 days, which step staff are offered next. Pure; time in.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "moderation/policy.hpp"

namespace ibasho::moderation {

// Only what happened within this window counts; older steps are forgiven.
inline constexpr std::chrono::milliseconds ladder_window{30LL * 24 * 3600 * 1000};

struct SanctionStep {
    Action action = Action::remind;  // remind, mute, remove or ban
    std::int64_t at_ms = 0;
};

struct StandingSummary {
    std::vector<SanctionStep> steps;  // in any order
};

// No step in the window -> remind; the highest step so far was a reminder -> mute; a mute ->
// remove; a removal or a ban -> ban. Steps later than `now_ms` (clock skew between nodes)
// count as now.
Action suggest_next(const StandingSummary& summary, std::int64_t now_ms);

}  // namespace ibasho::moderation
