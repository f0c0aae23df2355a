// The benchmark's results: a table for people and one JSON line for scripts
// (tests/bench/run-scenarios.sh keeps it as results/filters.json).
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "tests/bench/filters/measure.hpp"

namespace ibasho::bench {

// The filters in the order the say path runs them, then the whole screen (screen_say).
inline constexpr const char* filter_names[] = {"shield", "fold", "crisis", "blocked", "screen"};
inline constexpr std::size_t filter_count = std::size(filter_names);

// What the inputs made the filters do, counted once per message: so a reader sees that a
// corpus exercises the filter it is meant to, and a broken data path is not timed as fast.
struct Hits {
    std::size_t masked = 0;   // the shield replaced something
    std::size_t crisis = 0;   // the crisis lexicon matched
    std::size_t blocked = 0;  // a blocked word matched (hide or alert)
};

struct SetResult {
    std::string name;
    std::string language;
    std::size_t lines = 0;
    Hits hits;
    Timing timings[filter_count];
};

struct Report {
    int nproc = 0;
    std::string cpu_model;
    MeasureSettings settings;
    std::vector<SetResult> sets;
};

// The CPU model from /proc/cpuinfo, or "unknown".
std::string cpu_model();

void write_table(std::ostream& out, const Report& report);
// One line, no trailing text after it.
void write_json(std::ostream& out, const Report& report);

}  // namespace ibasho::bench
