#include "tests/bench/loadgen/options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <thread>

namespace ibasho::bench {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, sep)) {
        if (!item.empty()) {
            out.push_back(item);
        }
    }
    return out;
}

double number(const std::string& name, const std::string& v, double lo, double hi) {
    double out = 0;
    const auto* end = v.data() + v.size();
    auto [ptr, ec] = std::from_chars(v.data(), end, out);
    if (v.empty() || ec != std::errc{} || ptr != end || !std::isfinite(out)) {
        throw UsageError("--" + name + ": '" + v + "' is not a number");
    }
    if (out < lo || out > hi) {
        throw UsageError("--" + name + ": " + v + " is out of range");
    }
    return out;
}

std::uint32_t whole(const std::string& name, const std::string& v, double lo, double hi) {
    const double d = number(name, v, lo, hi);
    if (d != std::floor(d)) {
        throw UsageError("--" + name + ": '" + v + "' is not a whole number");
    }
    return static_cast<std::uint32_t>(d);
}

Target parse_url(const std::string& url) {
    Target t;
    std::string rest;
    if (url.rfind("ws://", 0) == 0) {
        rest = url.substr(5);
    } else if (url.rfind("wss://", 0) == 0) {
        t.tls = true;
        rest = url.substr(6);
    } else {
        throw UsageError("--url: '" + url + "' is not ws://HOST:PORT/PATH or wss://...");
    }
    if (auto slash = rest.find('/'); slash != std::string::npos) {
        t.path = rest.substr(slash);
        rest = rest.substr(0, slash);
    }
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        throw UsageError("--url: '" + url + "' needs an IP address and a port");
    }
    t.host = rest.substr(0, colon);
    if (t.host.front() == '[' && t.host.back() == ']') {
        t.host = t.host.substr(1, t.host.size() - 2);
    }
    t.port = static_cast<std::uint16_t>(whole("url", rest.substr(colon + 1), 1, 65535));
    return t;
}

std::vector<std::string> parse_sources(const std::string& v) {
    // "4" means 127.0.0.1 .. 127.0.0.4; otherwise a comma-separated list of addresses.
    if (v.find('.') == std::string::npos && v.find(':') == std::string::npos) {
        const auto n = whole("sources", v, 1, 250);
        std::vector<std::string> out;
        for (std::uint32_t i = 1; i <= n; ++i) {
            out.push_back("127.0.0." + std::to_string(i));
        }
        return out;
    }
    return split(v, ',');
}

Ramp parse_ramp(const std::string& v) {
    Ramp r;
    if (v.find(',') != std::string::npos) {
        for (const auto& item : split(v, ',')) {
            r.rates.push_back(number("ramp", item, 1, 1e9));
        }
    } else {
        auto parts = split(v, ':');
        if (parts.size() != 3) {
            throw UsageError("--ramp: '" + v + "' is not FROM:TO:STEP or a list R1,R2,...");
        }
        const double from = number("ramp", parts[0], 1, 1e9);
        const double to = number("ramp", parts[1], from, 1e9);
        const double step = number("ramp", parts[2], 1, 1e9);
        for (double rate = from; rate <= to * (1 + 1e-9); rate += step) {
            r.rates.push_back(rate);
        }
    }
    if (!std::is_sorted(r.rates.begin(), r.rates.end())) {
        throw UsageError("--ramp: rates must not go down");
    }
    return r;
}

}  // namespace

std::string Target::origin() const {
    return (tls ? "https://" : "http://") + host_header();
}

std::string Target::host_header() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string Options::room_id(std::uint32_t room) const {
    if (!room_list.empty()) {
        return room_list[room % room_list.size()];
    }
    return room_prefix + std::to_string(room);
}

std::uint32_t Options::senders_per_room() const {
    return std::min(senders.value_or(members), members);
}

std::string usage() {
    return R"(Usage: ibasho-loadgen --url ws://127.0.0.1:PORT/ws [options]
       ibasho-loadgen --write-rooms FILE N [--room-capacity C]

Opens many WebSocket connections to an ibasho (core protocol) server, joins them to rooms,
sends messages at a fixed rate or a ramp, and measures deliveries and end-to-end latency.
Prints a summary, then one JSON line with every number.

Load
  --url URL                  ws://HOST:PORT/ws or wss://... (TLS is not verified); repeat
                             for several nodes: connection i goes to URL i mod n, so
                             every room has members on every node
  --connections N            connections to open [100]
  --members M                connections per room [50]
  --rooms LIST               comma-separated room ids (else --room-prefix)
  --room-prefix P            rooms P0, P1, ... [bench-]
  --senders K                members per room that send [all]
  --rate R                   total messages per second over all senders; 0 = idle [0]
  --ramp FROM:TO:STEP        run total rates FROM, FROM+STEP, ... TO, one step each;
                             or an explicit list R1,R2,...
  --step-seconds S           length of a ramp step, its warm-up included [5]
  --stop-p99-ms X            end the ramp after two steps in a row whose p99 exceeds X [off]
  --max-sender-rate R        refuse rates above R per sender (server floods at 50/s) [45]
  --size BYTES               text bytes per message, at least 32 [64]
  --duration S               measured seconds without a ramp [10]
  --warmup S                 seconds of load before measuring (per ramp step) [2]
  --drain S                  longest wait for in-flight messages at the end [5]
Connections
  --threads N                generator threads, one io_context each; 0 = per core [0]
  --sources N|LIST           source addresses: N = 127.0.0.1..N, or a list [127.0.0.1]
  --connect-concurrency N    handshakes in flight at once [512]
  --connect-timeout S        per attempt [15]
  --connect-attempts N       attempts per connection [3]
Scenarios
  --slow-fraction F          share of all connections that stop reading once joined
                             (taken from the members that do not send) [0]
  --storm-at S               drop connections S seconds into the measurement; they resume
                             (hello resume + join since) at once [off]
  --storm-count N            how many to drop, listeners first; 0 = all [0]
  --resume-on-close MS       a joined connection that is closed or lost (a node restarting)
                             reconnects after a random 0..MS ms, resumes (hello resume +
                             join since) and resends what its writer saw no echo of; the
                             check then also wants every client back, caught up and agreeing
                             on each room's last seq, and reports each client's gap [off]
  --ready-file FILE          written once every client has joined and the load begins
  --stop-file FILE           end the load early (then drain) once FILE exists
Reporting
  --pid PID                  server process: sample its VmRSS and CPU from /proc;
                             repeat for several nodes (memory and CPU are summed)
  --label TEXT               copied into the JSON result
  --check                    exit 1 unless every message arrived exactly once, with no errors
)";
}

std::optional<Options> parse_options(int argc, char** argv) {
    Options o;
    bool have_url = false;
    for (int i = 1; i < argc; ++i) {
        std::string name = argv[i];
        if (name == "--help" || name == "-h") {
            std::fputs(usage().c_str(), stdout);
            return std::nullopt;
        }
        if (name == "--check") {
            o.check = true;
            continue;
        }
        if (name.rfind("--", 0) != 0) {
            throw UsageError("unexpected argument '" + name + "' (see --help)");
        }
        name = name.substr(2);
        if (i + 1 >= argc) {
            throw UsageError("--" + name + " needs a value");
        }
        const std::string v = argv[++i];
        if (name == "url") {
            Target t = parse_url(v);
            if (have_url && t.tls != o.target.tls) {
                throw UsageError("--url: every target must be ws:// or every one wss://");
            }
            if (!have_url) {
                o.target = t;
            }
            o.targets.push_back(std::move(t));
            have_url = true;
        } else if (name == "connections") {
            o.connections = whole(name, v, 1, 1e7);
        } else if (name == "members") {
            o.members = whole(name, v, 1, 1e5);
        } else if (name == "rooms") {
            o.room_list = split(v, ',');
        } else if (name == "room-prefix") {
            o.room_prefix = v;
        } else if (name == "senders") {
            o.senders = whole(name, v, 0, 1e5);
        } else if (name == "rate") {
            o.rate = number(name, v, 0, 1e9);
        } else if (name == "ramp") {
            o.ramp = parse_ramp(v);
        } else if (name == "step-seconds") {
            o.step_seconds = number(name, v, 0.5, 3600);
        } else if (name == "stop-p99-ms") {
            o.stop_p99_ms = number(name, v, 0, 1e6);
        } else if (name == "max-sender-rate") {
            o.max_sender_rate = number(name, v, 0.001, 1e6);
        } else if (name == "size") {
            o.size = whole(name, v, 32, 2000);
        } else if (name == "duration") {
            o.duration = number(name, v, 0.1, 86400);
        } else if (name == "warmup") {
            o.warmup = number(name, v, 0, 3600);
        } else if (name == "drain") {
            o.drain = number(name, v, 0, 3600);
        } else if (name == "threads") {
            o.threads = whole(name, v, 0, 256);
        } else if (name == "sources") {
            o.sources = parse_sources(v);
        } else if (name == "pid") {
            const int pid = static_cast<int>(whole(name, v, 0, 1e9));
            if (o.pids.empty()) {
                o.pid = pid;
            }
            o.pids.push_back(pid);
        } else if (name == "connect-concurrency") {
            o.connect_concurrency = whole(name, v, 1, 1e6);
        } else if (name == "connect-timeout") {
            o.connect_timeout = number(name, v, 0.1, 600);
        } else if (name == "connect-attempts") {
            o.connect_attempts = whole(name, v, 1, 100);
        } else if (name == "slow-fraction") {
            o.slow_fraction = number(name, v, 0, 1);
        } else if (name == "storm-at") {
            o.storm_at = number(name, v, 0, 86400);
        } else if (name == "storm-count") {
            o.storm_count = whole(name, v, 0, 1e7);
        } else if (name == "resume-on-close") {
            o.resume_on_close_ms = number(name, v, 0, 60000);
        } else if (name == "ready-file") {
            o.ready_file = v;
        } else if (name == "stop-file") {
            o.stop_file = v;
        } else if (name == "label") {
            o.label = v;
        } else if (name == "self-test-drop") {
            o.self_test_drop = whole(name, v, 0, 1e9);
        } else if (name == "write-rooms") {
            if (i + 1 >= argc) {
                throw UsageError("--write-rooms needs FILE and N");
            }
            o.write_rooms_file = v;
            o.write_rooms_count = whole(name, argv[++i], 1, 1e6);
        } else if (name == "room-capacity") {
            o.room_capacity = whole(name, v, 1, 100000);
        } else {
            throw UsageError("unknown option --" + name + " (see --help)");
        }
    }
    if (!o.write_rooms_file.empty()) {
        return o;
    }
    if (!have_url) {
        throw UsageError("--url is required (see --help)");
    }
    if (o.threads == 0) {
        o.threads = std::max(1u, std::thread::hardware_concurrency());
    }
    if (o.sources.empty()) {
        throw UsageError("--sources: no address given");
    }
    if (o.resume_on_close_ms && (o.storm_at > 0 || o.ramp)) {
        throw UsageError("--resume-on-close cannot be combined with --storm-at or --ramp");
    }
    if (o.storm_at > 0 && o.ramp) {
        throw UsageError("--storm-at cannot be combined with --ramp");
    }
    const double top = o.ramp ? o.ramp->top() : o.rate;
    const double senders =
        static_cast<double>(o.senders_per_room()) * static_cast<double>(o.room_count());
    if (top > 0 && senders == 0) {
        throw UsageError("--rate/--ramp need at least one sender (--senders)");
    }
    if (top > 0 && top / senders > o.max_sender_rate) {
        char buf[160];
        std::snprintf(buf, sizeof buf,
                      "a total of %.0f msg/s over %.0f senders is %.1f msg/s each, above "
                      "--max-sender-rate %.0f: add connections or --senders",
                      top, senders, top / senders, o.max_sender_rate);
        throw UsageError(buf);
    }
    return o;
}

}  // namespace ibasho::bench
