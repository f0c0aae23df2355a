#include "server/metrics.hpp"

#include <cstdio>

#include "protocol/error_codes.hpp"

namespace ibasho {
namespace {

void line(std::string& out, std::string_view name, std::string_view help, std::string_view type,
          double value) {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
    out += name;
    char buf[64];
    std::snprintf(buf, sizeof buf, " %.17g\n", value);
    out += buf;
}

int close_slot(std::uint16_t code) {
    if (code >= 1000 && code <= 1015) {
        return code - 1000;
    }
    if (code >= 4000 && code < 4064) {
        return 16 + (code - 4000);
    }
    return -1;
}

}  // namespace

std::string_view to_string(ControlDrop reason) {
    switch (reason) {
        case ControlDrop::malformed:
            return "malformed";
        case ControlDrop::stale:
            return "stale";
        case ControlDrop::duplicate:
            return "duplicate";
        case ControlDrop::unknown_action:
            return "unknown_action";
        case ControlDrop::overload:
            return "overload";
        case ControlDrop::count_:
            break;
    }
    return "other";
}

void Histogram::observe(double seconds) {
    std::size_t i = 0;
    while (i < bounds.size() && seconds > bounds[i]) {
        ++i;
    }
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_micros_.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Histogram::render(std::string& out, std::string_view name, std::string_view help) const {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += " histogram\n";
    std::uint64_t cumulative = 0;
    char buf[128];
    for (std::size_t i = 0; i <= bounds.size(); ++i) {
        cumulative += buckets_[i].load(std::memory_order_relaxed);
        if (i < bounds.size()) {
            std::snprintf(buf, sizeof buf, "_bucket{le=\"%g\"} %llu\n", bounds[i],
                          static_cast<unsigned long long>(cumulative));
        } else {
            std::snprintf(buf, sizeof buf, "_bucket{le=\"+Inf\"} %llu\n",
                          static_cast<unsigned long long>(cumulative));
        }
        out += name;
        out += buf;
    }
    std::snprintf(buf, sizeof buf, "_sum %.6f\n", sum_micros_.load() / 1e6);
    out += name;
    out += buf;
    std::snprintf(buf, sizeof buf, "_count %llu\n",
                  static_cast<unsigned long long>(count_.load(std::memory_order_relaxed)));
    out += name;
    out += buf;
}

void Metrics::count_error(int code_index) {
    if (code_index >= 0 && code_index < static_cast<int>(errors_by_code.size())) {
        errors_by_code[static_cast<std::size_t>(code_index)].add();
    }
}

void Metrics::count_close(std::uint16_t close_code) {
    if (int slot = close_slot(close_code); slot >= 0) {
        closes_by_code[static_cast<std::size_t>(slot)].add();
    }
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
    computed_.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::render() const {
    std::string out;
    out.reserve(8192);
    auto c = [&](std::string_view n, std::string_view h, const Counter& v) {
        line(out, n, h, "counter", static_cast<double>(v.get()));
    };
    auto g = [&](std::string_view n, std::string_view h, const Gauge& v) {
        line(out, n, h, "gauge", static_cast<double>(v.get()));
    };
    g("ibasho_connections_open", "Open TCP connections (HTTP and WebSocket).", connections_open);
    c("ibasho_connections_total", "TCP connections accepted.", connections_total);
    g("ibasho_ws_open", "Open WebSocket connections.", ws_open);
    c("ibasho_ws_total", "WebSocket upgrades accepted.", ws_total);
    c("ibasho_ws_rejected_origin_total", "WebSocket upgrades refused for their Origin.",
      ws_rejected_origin);
    c("ibasho_address_limited_total",
      "Connections closed unserved: their address hash had its connections this window.",
      address_limited);
    c("ibasho_proxy_header_refused_total",
      "Connections from a --proxy-from peer closed for a missing or invalid PROXY v2 header.",
      proxy_header_refused);
    c("ibasho_http_requests_total", "HTTP requests served.", http_requests);
    c("ibasho_frames_in_total", "WebSocket messages received.", frames_in);
    c("ibasho_bytes_in_total", "WebSocket payload bytes received.", bytes_in);
    c("ibasho_frames_out_total", "Server objects delivered to clients.", frames_out);
    c("ibasho_ws_writes_total", "WebSocket frames written (one may carry several objects).",
      ws_writes);
    c("ibasho_bytes_out_total", "WebSocket payload bytes written.", bytes_out);
    g("ibasho_send_queue_bytes", "Bytes queued for clients and not yet written.", send_queue_bytes);
    c("ibasho_slow_consumer_drops_total", "Clients closed because they fell too far behind.",
      slow_consumer_drops);
    c("ibasho_oversize_closes_total", "Clients closed for a message over the size limit.",
      oversize_closes);
    c("ibasho_idle_timeouts_total", "Clients closed because they stopped answering pings.",
      idle_timeouts);
    c("ibasho_tls_handshake_failures_total", "TLS handshakes that failed.", tls_handshake_failures);
    c("ibasho_published_total", "Room messages accepted and sequenced.", published);
    g("ibasho_redis_up", "1 when the store's Redis answers, 0 otherwise.", redis_up);
    c("ibasho_redis_callback_errors_total",
      "Exceptions thrown by our code into a Redis callback, caught and counted.",
      redis_callback_errors);
    redis_rtt.render(out, "ibasho_redis_rtt_seconds", "Redis round-trip time.");
    c("ibasho_control_handled_total", "Node-to-node control commands handled on this node.",
      control_handled);
    c("ibasho_crisis_detected_total", "Messages that matched the crisis lexicon.", crisis_detected);
    c("ibasho_alerts_raised_total", "Alerts raised to staff (crisis words, blocked words).",
      alerts_raised);
    c("ibasho_alerts_suppressed_total",
      "Alerts not raised again within a writer's 10-minute window.", alerts_suppressed);
    c("ibasho_alerts_escalated_total",
      "Alerts sent on to organisers (nobody on duty, or no answer in 5 minutes).",
      alerts_escalated);
    g("ibasho_alerts_queued", "Alerts waiting for Redis to reach the other nodes.", alerts_queued);
    c("ibasho_alerts_sent_late_total", "Alerts that reached other nodes after Redis came back.",
      alerts_sent_late);
    c("ibasho_alerts_expired_total",
      "Alerts older than 10 minutes when Redis came back, not delivered to other nodes.",
      alerts_expired);
    c("ibasho_contact_masked_total", "Messages whose contact details were masked.", contact_masked);
    c("ibasho_blocked_words_total", "Messages that matched a blocked word.", blocked_words);
    c("ibasho_auto_mutes_total", "Chat floods turned into a short automatic mute.", auto_mutes);
    out += "# HELP ibasho_control_dropped_total Control commands dropped, by reason.\n";
    out += "# TYPE ibasho_control_dropped_total counter\n";
    for (std::size_t i = 0; i < control_dropped.size(); ++i) {
        out += "ibasho_control_dropped_total{reason=\"";
        out += to_string(static_cast<ControlDrop>(i));
        out += "\"} ";
        out += std::to_string(control_dropped[i].get());
        out += '\n';
    }

    out += "# HELP ibasho_errors_total Error frames sent to clients, by code.\n";
    out += "# TYPE ibasho_errors_total counter\n";
    for (int i = 0; i < protocol::error_code_count; ++i) {
        out += "ibasho_errors_total{code=\"";
        out += protocol::to_string(static_cast<protocol::ErrorCode>(i));
        out += "\"} ";
        out += std::to_string(errors_by_code[static_cast<std::size_t>(i)].get());
        out += '\n';
    }
    out += "# HELP ibasho_closes_total WebSocket closes sent by the server, by close code.\n";
    out += "# TYPE ibasho_closes_total counter\n";
    for (std::size_t i = 0; i < closes_by_code.size(); ++i) {
        const auto n = closes_by_code[i].get();
        if (n == 0) {
            continue;
        }
        const unsigned code =
            i < 16 ? 1000 + static_cast<unsigned>(i) : 4000 + static_cast<unsigned>(i - 16);
        out += "ibasho_closes_total{code=\"" + std::to_string(code) + "\"} " + std::to_string(n) +
               '\n';
    }
    for (const auto& cg : computed_) {
        line(out, cg.name, cg.help, "gauge", cg.read());
    }
    return out;
}

Metrics& metrics() {
    static Metrics instance;
    return instance;
}

}  // namespace ibasho
