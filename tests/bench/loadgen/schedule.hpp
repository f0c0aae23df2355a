// When the load runs: one step per send rate, each with a warm-up and a measured part. Built
// once by the coordinator and then only read, by every thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace ibasho::bench {

inline std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Step {
    double rate = 0;  // total messages per second, all senders together
    std::int64_t begin_ns = 0;
    std::int64_t measure_ns = 0;  // warm-up ends here
    std::int64_t end_ns = 0;
    double measured_seconds() const { return static_cast<double>(end_ns - measure_ns) / 1e9; }
};

struct Schedule {
    std::vector<Step> steps;

    std::int64_t end_ns() const { return steps.empty() ? 0 : steps.back().end_ns; }

    // The step whose measured part holds `t`, or -1 (warm-up, before or after the load).
    // Messages are attributed by the time they were sent, so a late delivery still counts for
    // the step that caused it.
    int measured_step(std::int64_t t) const {
        for (std::size_t i = 0; i < steps.size(); ++i) {
            if (t >= steps[i].measure_ns && t < steps[i].end_ns) {
                return static_cast<int>(i);
            }
        }
        return -1;
    }

    // The send rate at `t`: 0 before the first step and after the last.
    double rate_at(std::int64_t t) const {
        for (const auto& s : steps) {
            if (t >= s.begin_ns && t < s.end_ns) {
                return s.rate;
            }
        }
        return 0;
    }
};

}  // namespace ibasho::bench
