// Process-wide counters and gauges, rendered in the Prometheus text format at /metrics.
// Labels are bounded enumerations (error codes, close codes): none can identify a person.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ibasho {

// Own cache line each, so two shards bumping different counters do not fight over one.
struct alignas(64) Counter {
    std::atomic<std::uint64_t> value{0};
    void add(std::uint64_t n = 1) { value.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t get() const { return value.load(std::memory_order_relaxed); }
};

struct alignas(64) Gauge {
    std::atomic<std::int64_t> value{0};
    void add(std::int64_t n = 1) { value.fetch_add(n, std::memory_order_relaxed); }
    void sub(std::int64_t n = 1) { value.fetch_sub(n, std::memory_order_relaxed); }
    void set(std::int64_t n) { value.store(n, std::memory_order_relaxed); }
    std::int64_t get() const { return value.load(std::memory_order_relaxed); }
};

// Fixed-bucket latency histogram (seconds).
class Histogram {
  public:
    static constexpr std::array<double, 12> bounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                      0.01,   0.025,   0.05,   0.1,   0.5,    1.0};
    void observe(double seconds);
    void render(std::string& out, std::string_view name, std::string_view help) const;

  private:
    std::array<std::atomic<std::uint64_t>, bounds.size() + 1> buckets_{};
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_micros_{0};
};

// Why a node dropped a control command (ibasho_control_dropped_total{reason=...}).
enum class ControlDrop : std::uint8_t {
    malformed,       // not a command we can read
    stale,           // older (or further in the future) than the age bound
    duplicate,       // an id already handled
    unknown_action,  // no handler here (a node of another version)
    overload,        // too many ids remembered to be sure it is not a repeat
    count_
};
std::string_view to_string(ControlDrop reason);

struct Metrics {
    Gauge connections_open;  // TCP connections (HTTP or WebSocket)
    Counter connections_total;
    Gauge ws_open;  // upgraded WebSocket connections
    Counter ws_total;
    Counter ws_rejected_origin;
    Counter address_limited;       // connections closed by the per-address connection limit
    Counter proxy_header_refused;  // trusted-proxy connections without a valid PROXY v2 header
    Counter http_requests;
    Counter frames_in;
    Counter bytes_in;
    Counter frames_out;  // server objects delivered (one per message per recipient)
    Counter ws_writes;   // WebSocket frames written (one may carry many objects)
    Counter bytes_out;
    Gauge send_queue_bytes;  // bytes queued for all sessions, not yet written
    Counter slow_consumer_drops;
    Counter oversize_closes;
    Counter idle_timeouts;
    Counter tls_handshake_failures;
    Counter published;  // room messages accepted and sequenced
    Gauge redis_up;
    Counter redis_callback_errors;  // exceptions caught where hiredis called our code
    Counter control_handled;        // control commands that ran a handler on this node
    std::array<Counter, static_cast<std::size_t>(ControlDrop::count_)> control_dropped;
    Histogram redis_rtt;
    // Safety (issue 12): counts only, never who or what.
    Counter crisis_detected;    // messages that matched the crisis lexicon
    Counter alerts_raised;      // alerts sent to staff (crisis and blocked words)
    Counter alerts_suppressed;  // not raised: the writer's 10-minute window was open
    Counter alerts_escalated;   // sent on to organisers (nobody on duty, or no answer in 5 min)
    Gauge alerts_queued;        // waiting for Redis to reach other nodes
    Counter alerts_sent_late;   // reached other nodes after Redis came back
    Counter alerts_expired;     // older than 10 minutes when Redis came back: not delivered
    Counter contact_masked;     // messages whose contact details were masked
    Counter blocked_words;      // messages that matched a blocked word
    Counter auto_mutes;         // chat floods turned into a short mute

    // Errors sent to clients, indexed by protocol::ErrorCode.
    std::array<Counter, 64> errors_by_code;
    // Close codes we sent, by code (1000–1015 and 4000–4063 folded into this table).
    std::array<Counter, 80> closes_by_code;

    void count_error(int code_index);
    void count_close(std::uint16_t close_code);
    void count_control_drop(ControlDrop reason) {
        control_dropped[static_cast<std::size_t>(reason)].add();
    }

    // Gauges computed on demand (sessions, rooms) registered by the composition root.
    void add_gauge(std::string name, std::string help, std::function<double()> read);

    std::string render() const;

  private:
    struct Computed {
        std::string name;
        std::string help;
        std::function<double()> read;
    };
    std::vector<Computed> computed_;
};

// The one instance for this process.
Metrics& metrics();

}  // namespace ibasho
