#include "tests/bench/loadgen/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace ibasho::bench {
namespace {

using nlohmann::json;

double round3(double v) {
    return std::round(v * 1000.0) / 1000.0;
}

json latency_json(const Histogram& h) {
    auto ms = [](std::uint64_t ns) { return round3(static_cast<double>(ns) / 1e6); };
    return {{"count", h.count()},
            {"p50", ms(h.quantile(0.50))},
            {"p90", ms(h.quantile(0.90))},
            {"p99", ms(h.quantile(0.99))},
            {"p999", ms(h.quantile(0.999))},
            {"max", ms(h.max())},
            {"mean", round3(h.mean() / 1e6)}};
}

json step_json(const Step& s, const StepCounters& c, const StepUsage& u) {
    const double secs = s.measured_seconds();
    json j = {{"rate", s.rate},
              {"seconds", round3(secs)},
              {"sent", c.sent},
              {"expected", c.expected},
              {"deliveries", c.deliveries},
              {"complete", c.deliveries == c.expected},
              {"lost", c.expected > c.deliveries ? c.expected - c.deliveries : 0},
              {"messages_per_s", std::round(static_cast<double>(c.sent) / secs)},
              {"deliveries_per_s", std::round(static_cast<double>(c.deliveries) / secs)},
              {"latency_ms", latency_json(c.latency_ns)},
              {"loadgen_cpu_pct", std::round(100.0 * u.self_cpu_s / secs)}};
    if (u.server_cpu_s) {
        j["server_cpu_s"] = round3(*u.server_cpu_s);
        j["server_cpu_pct"] = std::round(100.0 * *u.server_cpu_s / secs);
        j["deliveries_per_server_cpu_s"] =
            *u.server_cpu_s > 0 ? std::round(static_cast<double>(c.deliveries) / *u.server_cpu_s)
                                : 0.0;
    }
    if (u.machine_busy_s) {
        j["machine_cpu_pct"] = std::round(100.0 * *u.machine_busy_s / secs);
        const double other = *u.machine_busy_s - u.self_cpu_s - u.server_cpu_s.value_or(0);
        j["other_cpu_pct"] = std::round(100.0 * std::max(0.0, other) / secs);
    }
    return j;
}

template <class Map>
json map_json(const Map& m) {
    json j = json::object();
    for (const auto& [k, v] : m) {
        if constexpr (std::is_same_v<typename Map::key_type, int>) {
            j[std::to_string(k)] = v;
        } else {
            j[k] = v;
        }
    }
    return j;
}

std::uint64_t sum_of(const std::map<std::string, std::uint64_t>& m) {
    std::uint64_t n = 0;
    for (const auto& [k, v] : m) {
        n += v;
    }
    return n;
}

constexpr std::uint64_t none = std::numeric_limits<std::uint64_t>::max();

// Rooms whose members end at different seqs, and writer slots some member of the room has
// not received every acknowledged say of.
struct ResumeFindings {
    std::vector<std::string> split_rooms;
    std::uint64_t acked_missing = 0;  // (writer, reader) pairs short of the writer's echo
};

ResumeFindings resume_findings(const Options& o, const ResumeCounters& r) {
    ResumeFindings f;
    for (std::size_t i = 0; i < r.room_last_min.size() && i < r.room_last_max.size(); ++i) {
        if (r.room_last_min[i] != none && r.room_last_min[i] != r.room_last_max[i]) {
            f.split_rooms.push_back(o.room_id(static_cast<std::uint32_t>(i)) + " " +
                                    std::to_string(r.room_last_min[i]) + ".." +
                                    std::to_string(r.room_last_max[i]));
        }
    }
    for (std::size_t i = 0; i < r.writer_acked.size() && i < r.readers_seen_min.size(); ++i) {
        if (r.writer_acked[i] > 0 && r.readers_seen_min[i] < r.writer_acked[i]) {
            ++f.acked_missing;
        }
    }
    return f;
}

// Exact order statistics of a few thousand values (a histogram's buckets would round them).
json spread_ms(std::vector<std::uint64_t> v) {
    std::sort(v.begin(), v.end());
    auto at = [&](std::size_t i) {
        return v.empty() ? 0.0 : round3(static_cast<double>(v[i]) / 1e6);
    };
    return {{"count", v.size()},
            {"median", at(v.size() / 2)},
            {"p90", at(v.size() * 9 / 10)},
            {"max", at(v.empty() ? 0 : v.size() - 1)}};
}

json resume_json(const Options& o, const ResumeCounters& r) {
    const auto f = resume_findings(o, r);
    std::uint64_t acked = 0;
    for (auto a : r.writer_acked) {
        acked += a;
    }
    return {{"lost", r.lost},
            {"caught_up", r.caught_up},
            {"not_resumed", r.not_resumed},
            {"resent", r.resent},
            {"duplicates", r.duplicates},
            {"sender_skipped", r.sender_skipped},
            {"gap_ms", spread_ms(r.gap_ns)},
            {"rejoin_ms", spread_ms(r.rejoin_ns)},
            {"end",
             {{"not_ready", r.not_ready},
              {"unacked", r.unacked},
              {"acked_says", acked},
              {"acked_missing_pairs", f.acked_missing},
              {"rooms_split", f.split_rooms}}}};
}

}  // namespace

json to_json(const Result& r) {
    const Options& o = r.options;
    const Counters& c = r.counters;
    json j;
    j["label"] = o.label;
    std::string targets;
    for (const auto& t : o.targets) {
        targets += (targets.empty() ? "" : " + ") + std::string(t.tls ? "wss://" : "ws://") +
                   t.host_header() + t.path;
    }
    j["target"] = targets;
    j["tls"] = o.target.tls;
    j["nodes"] = o.targets.size();
    j["threads"] = o.threads;
    j["connections"] = o.connections;
    j["members"] = o.members;
    j["rooms"] = o.room_count();
    j["senders_per_room"] = o.senders_per_room();
    j["size"] = o.size;
    j["readers"] = r.readers;
    j["slow"] = r.slow;
    j["connect"] = {
        {"joined", r.joined},
        {"failed", r.failed},
        {"seconds", round3(r.connect_seconds)},
        {"per_second", r.connect_seconds > 0 ? std::round(r.joined / r.connect_seconds) : 0.0},
        {"attempts", c.connect_attempts},
        {"errors", c.connect_errors}};

    json steps = json::array();
    StepCounters total;
    double measured = 0;
    double server_cpu = 0;
    double self_cpu = 0;
    bool have_server_cpu = true;
    int best = -1;
    double best_rate = -1;
    for (std::size_t i = 0; i < r.steps_run && i < r.schedule.steps.size(); ++i) {
        const Step& s = r.schedule.steps[i];
        const StepCounters sc = i < c.steps.size() ? c.steps[i] : StepCounters{};
        const StepUsage& u = r.usage[i];
        json sj = step_json(s, sc, u);
        steps.push_back(sj);
        total.merge(sc);
        measured += s.measured_seconds();
        self_cpu += u.self_cpu_s;
        if (u.server_cpu_s) {
            server_cpu += *u.server_cpu_s;
        } else {
            have_server_cpu = false;
        }
        // Sustained: the generator sent what was asked, (almost) everything arrived, and (for
        // a ramp with a latency bound) p99 stayed within it. Losses are reported per step; they
        // do not hide a rate, because a server that loses a few messages at any rate would
        // otherwise have no maximum at all.
        const double asked = s.rate * s.measured_seconds();
        const bool kept_up = static_cast<double>(sc.sent) >= 0.97 * asked;
        const bool arrived =
            static_cast<double>(sc.deliveries) >= 0.99 * static_cast<double>(sc.expected);
        const bool fast = o.stop_p99_ms <= 0 ||
                          static_cast<double>(sc.latency_ns.quantile(0.99)) <= o.stop_p99_ms * 1e6;
        const double dps = sj["deliveries_per_s"].get<double>();
        if (kept_up && arrived && fast && sc.sent > 0 && dps > best_rate) {
            best = static_cast<int>(i);
            best_rate = dps;
        }
    }
    j["steps"] = steps;
    j["best_step"] = best;
    j["best"] = best >= 0 ? steps[static_cast<std::size_t>(best)] : json(nullptr);
    j["stopped_early"] = r.steps_run < r.schedule.steps.size();
    j["total"] = {
        {"seconds", round3(measured)},
        {"sent", total.sent},
        {"expected", total.expected},
        {"deliveries", total.deliveries},
        {"lost", total.expected > total.deliveries ? total.expected - total.deliveries : 0},
        {"messages_per_s", measured > 0 ? std::round(total.sent / measured) : 0.0},
        {"deliveries_per_s", measured > 0 ? std::round(total.deliveries / measured) : 0.0},
        {"latency_ms", latency_json(total.latency_ns)}};
    j["sent_total"] = c.sent_total;
    j["deliveries_total"] = c.deliveries_total;
    j["drained"] = r.drained;
    j["drain_seconds"] = round3(r.drain_seconds);

    json server = {{"pid", o.pid}, {"pids", o.pids}};
    auto opt = [](const std::optional<std::uint64_t>& v) { return v ? json(*v) : json(nullptr); };
    server["rss_kib"] = {{"start", opt(r.rss_start_kib)},
                         {"joined", opt(r.rss_joined_kib)},
                         {"peak", opt(r.rss_peak_kib)},
                         {"end", opt(r.rss_end_kib)}};
    if (r.rss_start_kib && r.joined > 0) {
        auto per_conn = [&](std::optional<std::uint64_t> at) {
            if (!at) {
                return json(nullptr);
            }
            const double delta = static_cast<double>(*at) - static_cast<double>(*r.rss_start_kib);
            return json(std::round(delta * 1024.0 / r.joined));
        };
        server["rss_bytes_per_connection"] = {{"joined", per_conn(r.rss_joined_kib)},
                                              {"end", per_conn(r.rss_end_kib)}};
    }
    if (o.pid != 0 && have_server_cpu && measured > 0) {
        server["cpu_s"] = round3(server_cpu);
        server["cpu_pct"] = std::round(100.0 * server_cpu / measured);
        server["deliveries_per_cpu_s"] =
            server_cpu > 0 ? std::round(total.deliveries / server_cpu) : 0.0;
    }
    j["server"] = server;
    j["loadgen"] = {
        {"cpu_s", round3(self_cpu)},
        {"cpu_pct", measured > 0 ? std::round(100.0 * self_cpu / measured) : 0.0},
        {"frames_in", c.frames_in},
        {"lines_in", c.lines_in},
        {"bytes_in", c.bytes_in},
        {"lines_per_frame",
         c.frames_in > 0 ? round3(static_cast<double>(c.lines_in) / c.frames_in) : 0.0}};
    j["checks"] = {{"seq_missing", c.seq_missing},
                   {"seq_repeated", c.seq_repeated},
                   {"sender_repeated", c.sender_repeated},
                   {"bad_text", c.bad_text},
                   {"gap_frames", c.gap_frames},
                   {"history_skipped", c.history_skipped},
                   {"sends_skipped", c.sends_skipped},
                   {"send_backlog_max", c.send_backlog_max},
                   {"closed_while_ready", c.closed_while_ready},
                   {"connections_failed", c.connections_failed},
                   {"self_test_dropped", c.self_test_dropped}};
    j["errors"] = map_json(c.error_codes);
    j["error_count"] = sum_of(c.error_codes);
    j["close_codes"] = map_json(c.close_codes);
    j["transport_errors"] = map_json(c.transport_errors);
    if (o.storm_at > 0) {
        const auto& s = c.storm;
        auto ms = [](std::uint64_t ns) { return round3(static_cast<double>(ns) / 1e6); };
        j["storm"] = {{"dropped", s.dropped},
                      {"rejoined", s.rejoined},
                      {"recovered", s.recovered},
                      {"not_resumed", s.not_resumed},
                      {"replayed_messages", s.replayed},
                      {"rejoin_ms",
                       {{"p50", ms(s.rejoin_ns.quantile(0.5))},
                        {"p99", ms(s.rejoin_ns.quantile(0.99))},
                        {"all", ms(s.rejoin_ns.max())}}},
                      {"recover_ms",
                       {{"p50", ms(s.recover_ns.quantile(0.5))},
                        {"p99", ms(s.recover_ns.quantile(0.99))},
                        {"all", ms(s.recover_ns.max())}}}};
    }
    if (o.resume_on_close_ms) {
        j["resume"] = resume_json(o, c.resume);
    }
    const auto problems = check_problems(r);
    j["check"] = {{"passed", problems.empty()}, {"problems", problems}};
    return j;
}

std::vector<std::string> check_problems(const Result& r) {
    std::vector<std::string> out;
    const Counters& c = r.counters;
    StepCounters total;
    for (const auto& s : c.steps) {
        total.merge(s);
    }
    auto add = [&](bool bad, const std::string& what) {
        if (bad) {
            out.push_back(what);
        }
    };
    add(r.failed > 0, std::to_string(r.failed) + " connections never joined");
    add(r.options.rate > 0 && total.sent == 0, "nothing was sent");
    add(total.deliveries != total.expected, "deliveries " + std::to_string(total.deliveries) +
                                                " != expected " + std::to_string(total.expected) +
                                                " (sent x readers)");
    add(c.seq_missing > 0, std::to_string(c.seq_missing) + " room seqs never arrived");
    add(c.seq_repeated > 0, std::to_string(c.seq_repeated) + " repeated or reordered room seqs");
    add(c.sender_repeated > 0,
        std::to_string(c.sender_repeated) + " repeated per-sender sequence numbers");
    add(c.bad_text > 0, std::to_string(c.bad_text) + " messages with unreadable text");
    add(c.self_test_dropped > 0,
        std::to_string(c.self_test_dropped) + " deliveries discarded by --self-test-drop");
    add(!c.error_codes.empty(), std::to_string(sum_of(c.error_codes)) + " error frames");
    add(c.closed_while_ready > 0,
        std::to_string(c.closed_while_ready) + " joined connections ended early");
    if (!r.options.resume_on_close_ms) {
        add(c.sends_skipped > 0, std::to_string(c.sends_skipped) + " sends skipped");
        return out;
    }
    // Senders skip their turns while reconnecting; everything else must be exact.
    const ResumeCounters& rc = c.resume;
    const auto f = resume_findings(r.options, rc);
    const auto n = [](std::uint64_t v) { return std::to_string(v); };
    add(!r.drained, "the run did not settle within --drain");
    add(c.gap_frames > 0, n(c.gap_frames) + " gap frames (history lost)");
    add(rc.caught_up != rc.lost,
        n(rc.lost) + " connections lost but " + n(rc.caught_up) + " caught up again");
    add(rc.not_resumed > 0, n(rc.not_resumed) + " resumes got a new session");
    add(rc.sender_skipped > 0, n(rc.sender_skipped) + " says missing between two of a sender's");
    add(rc.not_ready > 0, n(rc.not_ready) + " clients not connected and caught up at the end");
    add(rc.unacked > 0, n(rc.unacked) + " says never echoed to their writer");
    add(f.acked_missing > 0, n(f.acked_missing) + " (writer, member) pairs where the member " +
                                 "lacks a say acknowledged to its writer");
    add(!f.split_rooms.empty(),
        n(f.split_rooms.size()) + " rooms whose members end at " +
            "different seqs (first: " + (f.split_rooms.empty() ? "" : f.split_rooms.front()) + ")");
    return out;
}

std::string summary(const Result& r, const json& j) {
    std::string out;
    char line[512];
    auto put = [&](const char* fmt, auto... args) {
        std::snprintf(line, sizeof line, fmt, args...);
        out += line;
    };
    const Options& o = r.options;
    put("ibasho-loadgen %s  %s\n", o.label.c_str(), j["target"].get<std::string>().c_str());
    put("  connections %u (%u joined, %u failed) in %u rooms of %u, %u senders/room, %zu-byte "
        "text, %u threads\n",
        o.connections, r.joined, r.failed, o.room_count(), o.members, o.senders_per_room(), o.size,
        o.threads);
    put("  connect: %.2f s, %.0f joined/s\n", r.connect_seconds,
        j["connect"]["per_second"].get<double>());
    for (std::size_t i = 0; i < j["steps"].size(); ++i) {
        const json& s = j["steps"][i];
        const json& l = s["latency_ms"];
        put("  step %zu: rate %.0f msg/s: sent %llu, delivered %llu/%llu, %.0f deliveries/s, "
            "p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f max %.3f ms",
            i, s["rate"].get<double>(), s["sent"].get<unsigned long long>(),
            s["deliveries"].get<unsigned long long>(), s["expected"].get<unsigned long long>(),
            s["deliveries_per_s"].get<double>(), l["p50"].get<double>(), l["p90"].get<double>(),
            l["p99"].get<double>(), l["p999"].get<double>(), l["max"].get<double>());
        if (s.contains("server_cpu_pct")) {
            put(", server cpu %.0f%%, %.0f deliveries/cpu-s", s["server_cpu_pct"].get<double>(),
                s["deliveries_per_server_cpu_s"].get<double>());
        }
        put(", generator cpu %.0f%%", s["loadgen_cpu_pct"].get<double>());
        if (s.contains("other_cpu_pct")) {
            put(", other cpu %.0f%%", s["other_cpu_pct"].get<double>());
        }
        out += '\n';
    }
    const json& rss = j["server"]["rss_kib"];
    if (!rss["start"].is_null()) {
        put("  server RSS: start %llu KiB, joined %llu KiB, peak %llu KiB, end %llu KiB\n",
            rss["start"].get<unsigned long long>(),
            rss.value("joined", json(0)).is_null() ? 0ULL : rss["joined"].get<unsigned long long>(),
            rss["peak"].is_null() ? 0ULL : rss["peak"].get<unsigned long long>(),
            rss["end"].is_null() ? 0ULL : rss["end"].get<unsigned long long>());
    }
    if (j.contains("storm")) {
        const json& s = j["storm"];
        put("  storm: dropped %llu, rejoined %llu, recovered %llu, all rejoined after %.0f ms, "
            "all recovered after %.0f ms\n",
            s["dropped"].get<unsigned long long>(), s["rejoined"].get<unsigned long long>(),
            s["recovered"].get<unsigned long long>(), s["rejoin_ms"]["all"].get<double>(),
            s["recover_ms"]["all"].get<double>());
    }
    if (j.contains("resume")) {
        const json& s = j["resume"];
        put("  resume: lost %llu, caught up %llu, resent %llu, gap median %.0f ms, max %.0f ms\n",
            s["lost"].get<unsigned long long>(), s["caught_up"].get<unsigned long long>(),
            s["resent"].get<unsigned long long>(), s["gap_ms"]["median"].get<double>(),
            s["gap_ms"]["max"].get<double>());
    }
    out += "  errors: " + j["errors"].dump() + ", closes: " + j["close_codes"].dump() +
           ", transport: " + j["transport_errors"].dump() + "\n";
    out += "  checks: " + j["checks"].dump() + "\n";
    out += std::string("  check: ") + (j["check"]["passed"].get<bool>() ? "passed" : "FAILED");
    for (const auto& p : j["check"]["problems"]) {
        out += "; " + p.get<std::string>();
    }
    out += "\n";
    return out;
}

}  // namespace ibasho::bench
