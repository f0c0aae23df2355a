// Times one filter over a set of messages: the set in order, repeated to about the asked
// duration per run, several runs; the answer is the cost per message of the median run.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

namespace ibasho::bench {

struct Timing {
    double p50_us = 0;  // per message, the median run
    double min_us = 0;  // per message, the fastest and the slowest run
    double max_us = 0;
    std::size_t messages_per_run = 0;
    double messages_per_s() const { return p50_us > 0 ? 1e6 / p50_us : 0; }
};

struct MeasureSettings {
    double seconds_per_run = 1.0;
    int runs = 5;
};

// Calls one(i) for each message index i in [0, count), in order, over and over; one returns a
// number that is summed into a sink so the optimiser cannot drop the work. The pass count per
// run comes from a warm-up of about a tenth of a run, which also fills the caches and the
// filters' lazily built tables, so the first run measures what the rest do.
template <typename One>
Timing measure(std::size_t count, One&& one, const MeasureSettings& settings) {
    using clock = std::chrono::steady_clock;
    static volatile std::size_t sink = 0;
    const auto pass = [&] {
        std::size_t sum = 0;
        for (std::size_t i = 0; i < count; ++i) {
            sum += one(i);
        }
        sink = sink + sum;
    };
    const auto seconds_since = [](clock::time_point start) {
        return std::chrono::duration<double>(clock::now() - start).count();
    };

    std::size_t warm_passes = 0;
    const auto warm_start = clock::now();
    do {
        pass();
        ++warm_passes;
    } while (seconds_since(warm_start) < settings.seconds_per_run / 10);
    const double per_pass = seconds_since(warm_start) / double(warm_passes);
    const auto passes = std::max<std::size_t>(1, std::size_t(settings.seconds_per_run / per_pass));

    std::vector<double> us;
    for (int run = 0; run < settings.runs; ++run) {
        const auto start = clock::now();
        for (std::size_t p = 0; p < passes; ++p) {
            pass();
        }
        us.push_back(seconds_since(start) * 1e6 / double(passes * count));
    }
    std::sort(us.begin(), us.end());
    Timing t;
    t.p50_us = us[us.size() / 2];
    t.min_us = us.front();
    t.max_us = us.back();
    t.messages_per_run = passes * count;
    return t;
}

}  // namespace ibasho::bench
