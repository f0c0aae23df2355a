// The coordinator: lays out clients over threads, connects them, runs the schedule (with an
// optional early stop and a storm), drains, samples the server, and gathers the result.
#pragma once

#include "tests/bench/loadgen/options.hpp"
#include "tests/bench/loadgen/report.hpp"

namespace ibasho::bench {

// Runs the load described by `options`; throws UsageError for a target it cannot reach.
Result run_load(const Options& options);

}  // namespace ibasho::bench
