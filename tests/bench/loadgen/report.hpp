// The outcome of a run: gathered by the coordinator, printed as a summary for people and as
// one JSON line (the last line of output) for scripts, and checked for --check.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tests/bench/loadgen/options.hpp"
#include "tests/bench/loadgen/schedule.hpp"
#include "tests/bench/loadgen/stats.hpp"

namespace ibasho::bench {

struct StepUsage {
    std::optional<double> server_cpu_s;  // over the step's measured part
    double self_cpu_s = 0;
    std::optional<double> machine_busy_s;  // all cores, every process
};

struct Result {
    explicit Result(const Options& o) : options(o) {}

    const Options& options;
    std::uint32_t joined = 0;
    std::uint32_t failed = 0;
    double connect_seconds = 0;
    std::uint32_t readers = 0;
    std::uint32_t slow = 0;

    std::optional<std::uint64_t> rss_start_kib;   // before connecting
    std::optional<std::uint64_t> rss_joined_kib;  // all joined, one second later
    std::optional<std::uint64_t> rss_peak_kib;
    std::optional<std::uint64_t> rss_end_kib;  // the load over, before draining

    Schedule schedule;
    std::vector<StepUsage> usage;
    std::size_t steps_run = 0;  // fewer than scheduled when a ramp stopped early
    bool drained = false;
    double drain_seconds = 0;
    Counters counters;
};

nlohmann::json to_json(const Result& r);
std::string summary(const Result& r, const nlohmann::json& j);
// Why the run is not exact (for --check); empty when every message arrived once, in order.
std::vector<std::string> check_problems(const Result& r);

}  // namespace ibasho::bench
