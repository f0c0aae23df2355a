// Readings from /proc and getrusage: a process's resident memory and CPU time. Used to watch
// the server under test (by pid) and the generator itself.
#pragma once

#include <cstdint>
#include <optional>

namespace ibasho::bench {

// VmRSS of `pid` in KiB, or nothing if it cannot be read (the process is gone).
std::optional<std::uint64_t> rss_kib(int pid);

// User + system CPU seconds `pid` has used so far (from /proc/PID/stat).
std::optional<double> cpu_seconds(int pid);

// User + system CPU seconds of this process.
double self_cpu_seconds();

// CPU seconds every core of the machine has been busy (not idle, not waiting for I/O), from
// the first line of /proc/stat. Shows what other processes and kernel threads (softirq work
// for loopback TCP among them) took while the benchmark ran.
std::optional<double> machine_busy_seconds();

}  // namespace ibasho::bench
