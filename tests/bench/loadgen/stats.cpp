#include "tests/bench/loadgen/stats.hpp"

#include <algorithm>

namespace ibasho::bench {

void StepCounters::merge(const StepCounters& o) {
    sent += o.sent;
    expected += o.expected;
    deliveries += o.deliveries;
    latency_ns.merge(o.latency_ns);
}

void StormCounters::merge(const StormCounters& o) {
    dropped += o.dropped;
    rejoined += o.rejoined;
    recovered += o.recovered;
    not_resumed += o.not_resumed;
    replayed += o.replayed;
    rejoin_ns.merge(o.rejoin_ns);
    recover_ns.merge(o.recover_ns);
}

namespace {

// Element-wise: a side that holds no entries yet (a fresh total) takes the other's.
void merge_each(std::vector<std::uint64_t>& into, const std::vector<std::uint64_t>& from,
                bool lowest) {
    if (into.empty()) {
        into = from;
        return;
    }
    for (std::size_t i = 0; i < into.size() && i < from.size(); ++i) {
        into[i] = lowest ? std::min(into[i], from[i]) : std::max(into[i], from[i]);
    }
}

}  // namespace

void ResumeCounters::merge(const ResumeCounters& o) {
    lost += o.lost;
    caught_up += o.caught_up;
    not_resumed += o.not_resumed;
    resent += o.resent;
    duplicates += o.duplicates;
    sender_skipped += o.sender_skipped;
    gap_ns.insert(gap_ns.end(), o.gap_ns.begin(), o.gap_ns.end());
    rejoin_ns.insert(rejoin_ns.end(), o.rejoin_ns.begin(), o.rejoin_ns.end());
    not_ready += o.not_ready;
    unacked += o.unacked;
    merge_each(room_last_min, o.room_last_min, true);
    merge_each(room_last_max, o.room_last_max, false);
    merge_each(writer_acked, o.writer_acked, false);
    merge_each(readers_seen_min, o.readers_seen_min, true);
}

void Counters::merge(const Counters& o) {
    if (steps.size() < o.steps.size()) {
        steps.resize(o.steps.size());
    }
    for (std::size_t i = 0; i < o.steps.size(); ++i) {
        steps[i].merge(o.steps[i]);
    }
    sent_total += o.sent_total;
    deliveries_total += o.deliveries_total;
    history_skipped += o.history_skipped;
    seq_missing += o.seq_missing;
    seq_repeated += o.seq_repeated;
    sender_repeated += o.sender_repeated;
    bad_text += o.bad_text;
    gap_frames += o.gap_frames;
    self_test_dropped += o.self_test_dropped;
    frames_in += o.frames_in;
    lines_in += o.lines_in;
    bytes_in += o.bytes_in;
    sends_skipped += o.sends_skipped;
    send_backlog_max = std::max(send_backlog_max, o.send_backlog_max);
    connect_attempts += o.connect_attempts;
    connect_errors += o.connect_errors;
    connections_failed += o.connections_failed;
    closed_while_ready += o.closed_while_ready;
    for (const auto& [k, v] : o.error_codes) {
        error_codes[k] += v;
    }
    for (const auto& [k, v] : o.close_codes) {
        close_codes[k] += v;
    }
    for (const auto& [k, v] : o.transport_errors) {
        transport_errors[k] += v;
    }
    storm.merge(o.storm);
    resume.merge(o.resume);
}

}  // namespace ibasho::bench
