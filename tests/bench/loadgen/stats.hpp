// What one generator thread counts. Each thread owns its Counters and touches them without
// locks; the coordinator gets copies through the thread's io_context and merges them.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tests/bench/loadgen/histogram.hpp"

namespace ibasho::bench {

// The measured part of one schedule step, by send time.
struct StepCounters {
    std::uint64_t sent = 0;
    std::uint64_t expected = 0;  // sent x readers of the room at the time
    std::uint64_t deliveries = 0;
    Histogram latency_ns;
    void merge(const StepCounters& other);
};

struct StormCounters {
    std::uint64_t dropped = 0;
    std::uint64_t rejoined = 0;
    std::uint64_t recovered = 0;
    std::uint64_t not_resumed = 0;  // welcome said resumed:false: the session was lost
    std::uint64_t replayed = 0;     // missed messages received after the rejoin
    Histogram rejoin_ns;            // from the drop order to `joined`
    Histogram recover_ns;           // from the drop order to the last missed message
    void merge(const StormCounters& other);
};

// --resume-on-close: what the reconnects did, and the state every client ended in.
struct ResumeCounters {
    std::uint64_t lost = 0;                // joined connections that ended (closed or dropped)
    std::uint64_t caught_up = 0;           // back in the room with every missed message
    std::uint64_t not_resumed = 0;         // welcome carried another session: the seat was lost
    std::uint64_t resent = 0;              // says sent again after a resume (not echoed before)
    std::uint64_t duplicates = 0;          // resends the server recognised (`duplicate`)
    std::uint64_t sender_skipped = 0;      // a sender's sequence jumped: one of its says is gone
    std::vector<std::uint64_t> gap_ns;     // per lost connection: lost -> caught up
    std::vector<std::uint64_t> rejoin_ns;  // per lost connection: lost -> `joined` again
    // End state, filled by each snapshot from the clients themselves.
    std::uint64_t not_ready = 0;               // clients not connected, joined and caught up
    std::uint64_t unacked = 0;                 // says their writers have not seen echoed
    std::vector<std::uint64_t> room_last_min;  // per room: lowest last seq of its clients
    std::vector<std::uint64_t> room_last_max;
    // Per room x slot: the newest sender seq a writer saw echoed, and the lowest newest one
    // any member of the room received from that writer.
    std::vector<std::uint64_t> writer_acked;
    std::vector<std::uint64_t> readers_seen_min;
    void merge(const ResumeCounters& other);
};

struct Counters {
    std::vector<StepCounters> steps;
    std::uint64_t sent_total = 0;        // including warm-up
    std::uint64_t deliveries_total = 0;  // including warm-up
    std::uint64_t history_skipped = 0;   // sent before this member joined
    std::uint64_t seq_missing = 0;       // room seqs that never arrived (gaps in the stream)
    std::uint64_t seq_repeated = 0;      // a room seq at or below one already seen
    std::uint64_t sender_repeated = 0;   // a sender's sequence number seen again or backwards
    std::uint64_t bad_text = 0;          // a message whose text is not ours (e.g. masked)
    std::uint64_t gap_frames = 0;        // "gap": history the server no longer has
    std::uint64_t self_test_dropped = 0;
    std::uint64_t frames_in = 0;
    std::uint64_t lines_in = 0;
    std::uint64_t bytes_in = 0;
    std::uint64_t sends_skipped = 0;  // a sender's turn came while it was not connected
    std::uint64_t send_backlog_max = 0;
    std::uint64_t connect_attempts = 0;
    std::uint64_t connect_errors = 0;
    std::uint64_t connections_failed = 0;  // gave up after every attempt
    std::uint64_t closed_while_ready = 0;  // a joined connection ended (other than a storm drop)
    std::map<std::string, std::uint64_t> error_codes;  // "error" frames, by code
    std::map<int, std::uint64_t> close_codes;          // WebSocket close codes received
    std::map<std::string, std::uint64_t> transport_errors;
    StormCounters storm;
    ResumeCounters resume;

    void merge(const Counters& other);
};

// Running totals the coordinator polls while draining; one cache line per thread.
struct alignas(64) Progress {
    std::atomic<std::uint64_t> measured_deliveries{0};
    std::atomic<std::uint64_t> measured_expected{0};
};

}  // namespace ibasho::bench
