// The load generator's settings, read from its command line. Every option has a default that
// makes a small, safe run; --help lists them.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ibasho::bench {

struct Target {
    bool tls = false;
    std::string host;  // an IP address: the generator does not resolve names
    std::uint16_t port = 0;
    std::string path = "/ws";
    // What the server compares the Origin header with: its own scheme, host and port.
    std::string origin() const;
    std::string host_header() const;
};

// Total send rates (messages per second over all senders) run one after another.
struct Ramp {
    std::vector<double> rates;
    double top() const { return rates.empty() ? 0 : rates.back(); }
};

struct Options {
    Target target;                // the first --url
    std::vector<Target> targets;  // every --url: connection i goes to targets[i % n]
    std::uint32_t connections = 100;
    std::string room_prefix = "bench-";    // rooms are <prefix>0, <prefix>1, ...
    std::vector<std::string> room_list;    // or exactly these rooms, in order
    std::uint32_t members = 50;            // connections per room
    std::optional<std::uint32_t> senders;  // per room; default: every member
    double rate = 0;                       // total messages per second; 0 = idle
    std::optional<Ramp> ramp;
    double step_seconds = 5;      // length of one ramp step, warm-up included
    double stop_p99_ms = 0;       // a ramp stops after two steps with a worse p99
    double max_sender_rate = 45;  // the server closes (4002) above ~50 frames/s
    std::size_t size = 64;        // bytes of text per message
    double duration = 10;         // measured seconds (without a ramp)
    double warmup = 2;            // seconds of load before measuring
    double drain = 5;             // longest wait for messages still in flight at the end
    unsigned threads = 0;         // 0 = one per core
    std::vector<std::string> sources = {"127.0.0.1"};
    int pid = 0;                         // server process to sample; 0 = none
    std::vector<int> pids;               // every --pid: memory and CPU are summed
    unsigned connect_concurrency = 512;  // handshakes in progress at once (all threads)
    double connect_timeout = 15;
    unsigned connect_attempts = 3;
    double slow_fraction = 0;          // share of connections (listeners) that stop reading
    double storm_at = 0;               // seconds into the measurement; 0 = no storm
    std::uint32_t storm_count = 0;     // connections dropped at once (0 = all)
    bool check = false;                // exit 1 unless every message arrived exactly once
    std::string label;                 // copied into the JSON result
    std::uint32_t self_test_drop = 0;  // discard every Nth delivery (tests the check)

    // --resume-on-close MS: a joined connection the server closes (or the network drops)
    // reconnects after a random 0..MS ms and resumes; senders resend what was not echoed.
    std::optional<double> resume_on_close_ms;
    std::string ready_file;  // written once every client has joined and the load starts
    std::string stop_file;   // the load ends early once this file exists

    // --write-rooms FILE N: write a benchmark rooms file and exit.
    std::string write_rooms_file;
    std::uint32_t write_rooms_count = 0;
    std::uint32_t room_capacity = 10000;

    std::uint32_t room_count() const { return (connections + members - 1) / members; }
    std::string room_id(std::uint32_t room) const;
    std::uint32_t senders_per_room() const;
};

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throws UsageError with a sentence naming the bad option. Returns nothing for --help (the
// text has been printed).
std::optional<Options> parse_options(int argc, char** argv);
std::string usage();

}  // namespace ibasho::bench
