#include "tests/bench/loadgen/run.hpp"

#include <algorithm>
#include <boost/asio/ssl/context.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <thread>

#include "tests/bench/loadgen/proc_stats.hpp"
#include "tests/bench/loadgen/shared.hpp"
#include "tests/bench/loadgen/worker.hpp"

namespace ibasho::bench {
namespace {

namespace net = boost::asio;

// How long after the last join the server's memory is read: freed handshake buffers and the
// presence frames of the last joins settle first.
constexpr auto settle = std::chrono::seconds(1);
// The load starts this long after the schedule is published, so every thread has it.
constexpr std::int64_t lead_ns = 200'000'000;

std::int64_t seconds_ns(double s) {
    return static_cast<std::int64_t>(s * 1e9);
}

std::shared_ptr<net::ssl::context> make_tls() {
    auto ctx = std::make_shared<net::ssl::context>(net::ssl::context::tls_client);
    // The dev certificate is self-signed: measure the server, not the trust chain.
    ctx->set_verify_mode(net::ssl::verify_none);
    SSL_CTX_set_mode(ctx->native_handle(), SSL_MODE_RELEASE_BUFFERS);
    return ctx;
}

std::vector<ClientPlan> make_plans(const Options& o) {
    std::vector<ClientPlan> plans(o.connections);
    const std::uint32_t senders = o.senders_per_room();
    std::uint32_t listeners = 0;
    for (std::uint32_t i = 0; i < o.connections; ++i) {
        ClientPlan& p = plans[i];
        p.index = i;
        p.room = i / o.members;
        p.slot = i % o.members;
        p.sender = p.slot < senders;
        listeners += p.sender ? 0 : 1;
    }
    // Slow readers (a share of all connections) are listeners spread evenly over the rooms
    // (Bresenham); storm victims are listeners first, so senders keep producing messages for
    // the dropped ones to miss.
    const double slow_wanted = std::round(o.slow_fraction * o.connections);
    const double slow_share = listeners == 0 ? 0 : std::min(1.0, slow_wanted / listeners);
    double slow_credit = 0;
    for (auto& p : plans) {
        if (!p.sender) {
            slow_credit += slow_share;
            if (slow_credit >= 1.0 - 1e-9) {
                slow_credit -= 1.0;
                p.slow = true;
            }
        }
    }
    if (o.storm_at > 0) {
        std::uint32_t left = o.storm_count == 0 ? o.connections : o.storm_count;
        for (int pass = 0; pass < 2 && left > 0; ++pass) {
            for (auto& p : plans) {
                if (left > 0 && !p.storm && !p.slow && p.sender == (pass == 1)) {
                    p.storm = true;
                    --left;
                }
            }
        }
    }
    return plans;
}

class Coordinator {
  public:
    Coordinator(const Options& o, Shared& shared, std::vector<std::unique_ptr<Worker>>& workers,
                Result& result)
        : o_(o), shared_(shared), workers_(workers), r_(result) {}

    // Sleeps until `t`, reading the server's memory now and then for the peak.
    void wait_until(std::int64_t t) {
        for (;;) {
            sample_rss();
            const std::int64_t now = now_ns();
            if (now >= t) {
                return;
            }
            std::this_thread::sleep_for(
                std::chrono::nanoseconds(std::min<std::int64_t>(t - now, 100'000'000)));
        }
    }

    void sample_rss() {
        if (auto rss = rss_now()) {
            r_.rss_peak_kib = std::max(r_.rss_peak_kib.value_or(0), *rss);
        }
    }

    // `read(pid)` summed over every --pid (several nodes); nothing if any cannot be read.
    template <class Read>
    auto sum_over_servers(Read read) -> decltype(read(0)) {
        if (o_.pids.empty()) {
            return std::nullopt;
        }
        typename decltype(read(0))::value_type sum{};
        for (int pid : o_.pids) {
            auto v = read(pid);
            if (!v) {
                return std::nullopt;
            }
            sum += *v;
        }
        return sum;
    }
    std::optional<std::uint64_t> rss_now() { return sum_over_servers(rss_kib); }
    std::optional<double> server_cpu() { return sum_over_servers(cpu_seconds); }

    void connect() {
        r_.rss_start_kib = rss_now();
        const std::int64_t start = now_ns();
        for (auto& w : workers_) {
            w->connect_all();
        }
        std::int64_t next_report = start + 2'000'000'000;
        for (;;) {
            const auto joined = shared_.joined.load();
            const auto failed = shared_.failed.load();
            if (joined + failed >= o_.connections) {
                break;
            }
            if (now_ns() >= next_report) {
                std::fprintf(stderr, "ibasho-loadgen: %u joined, %u failed...\n", joined, failed);
                next_report += 2'000'000'000;
            }
            wait_until(now_ns() + 20'000'000);
        }
        r_.joined = shared_.joined.load();
        r_.failed = shared_.failed.load();
        const std::int64_t last = std::max(shared_.last_joined_ns.load(), start);
        r_.connect_seconds = static_cast<double>(last - start) / 1e9;
        wait_until(now_ns() + std::chrono::nanoseconds(settle).count());
        r_.rss_joined_kib = rss_now();
    }

    void publish_schedule() {
        shared_.readers.resize(o_.room_count());
        for (std::uint32_t i = 0; i < o_.room_count(); ++i) {
            shared_.readers[i] = shared_.room_readers[i].load();
            r_.readers += shared_.readers[i];
        }
        const std::vector<double> rates = o_.ramp ? o_.ramp->rates : std::vector<double>{o_.rate};
        const double step_len = o_.ramp ? o_.step_seconds : o_.warmup + o_.duration;
        const double warm = o_.ramp ? std::min(o_.warmup, o_.step_seconds / 2) : o_.warmup;
        std::int64_t t = now_ns() + lead_ns;
        for (double rate : rates) {
            Step s;
            s.rate = rate;
            s.begin_ns = t;
            s.measure_ns = t + seconds_ns(warm);
            s.end_ns = t + seconds_ns(step_len);
            shared_.schedule.steps.push_back(s);
            t = s.end_ns;
        }
        r_.schedule = shared_.schedule;
        r_.usage.assign(rates.size(), StepUsage{});
        // Threads read the schedule only from handlers posted after this point.
        for (auto& w : workers_) {
            w->begin_load();
        }
        if (!o_.ready_file.empty()) {
            std::ofstream(o_.ready_file) << r_.readers << " readers\n";
        }
    }

    bool stop_file_seen() const {
        std::error_code ec;
        return !o_.stop_file.empty() && std::filesystem::exists(o_.stop_file, ec);
    }

    // wait_until, cut short by --stop-file (looked for every 100 ms).
    void wait_until_or_stopped(std::int64_t t) {
        while (!stop_file_seen() && now_ns() < t) {
            wait_until(std::min<std::int64_t>(t, now_ns() + 100'000'000));
        }
    }

    // --resume-on-close: every client is back and caught up, nothing waits for its echo, and
    // the members of each room agree on its last seq.
    static bool settled(const ResumeCounters& r) {
        if (r.not_ready != 0 || r.unacked != 0) {
            return false;
        }
        for (std::size_t i = 0; i < r.room_last_min.size(); ++i) {
            if (r.room_last_min[i] != std::numeric_limits<std::uint64_t>::max() &&
                r.room_last_min[i] != r.room_last_max[i]) {
                return false;
            }
        }
        return true;
    }

    Counters gather() {
        std::vector<std::future<Counters>> futures;
        for (auto& w : workers_) {
            futures.push_back(w->snapshot());
        }
        Counters all;
        for (auto& f : futures) {
            all.merge(f.get());
        }
        return all;
    }

    void run_steps() {
        const auto& steps = shared_.schedule.steps;
        bool storm_pending = o_.storm_at > 0;
        int slow_steps = 0;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            wait_until_or_stopped(steps[i].measure_ns);
            const auto cpu0 = server_cpu();
            const double self0 = self_cpu_seconds();
            const auto machine0 = machine_busy_seconds();
            if (storm_pending) {
                wait_until(steps[i].measure_ns + seconds_ns(o_.storm_at));
                shared_.storm_ns.store(now_ns());
                for (auto& w : workers_) {
                    w->storm();
                }
                storm_pending = false;
            }
            wait_until_or_stopped(steps[i].end_ns);
            if (stop_file_seen()) {
                // Measured up to now: the rates per second divide by the time really run.
                shared_.stop_sending.store(true);
                r_.schedule.steps[i].end_ns = std::max(now_ns(), r_.schedule.steps[i].measure_ns);
            }
            const auto cpu1 = server_cpu();
            const auto machine1 = machine_busy_seconds();
            r_.usage[i].self_cpu_s = self_cpu_seconds() - self0;
            if (machine0 && machine1) {
                r_.usage[i].machine_busy_s = *machine1 - *machine0;
            }
            if (cpu0 && cpu1) {
                r_.usage[i].server_cpu_s = *cpu1 - *cpu0;
            }
            r_.steps_run = i + 1;
            // Two slow steps in a row end the ramp: one alone may be a hiccup of the machine
            // (another job), while a saturated server only gets slower.
            if (i > 0 && too_slow(i - 1)) {
                if (++slow_steps >= 2) {
                    break;
                }
            } else if (i > 0) {
                slow_steps = 0;
            }
        }
        shared_.stop_sending.store(true);
        r_.rss_end_kib = rss_now();
    }

    // Judged a whole step later: whatever has not arrived by then is later than any bound
    // worth setting, so it counts as slow even though no latency was recorded for it.
    bool too_slow(std::size_t step) {
        if (o_.stop_p99_ms <= 0) {
            return false;
        }
        const Counters c = gather();
        if (step >= c.steps.size()) {
            return false;
        }
        const StepCounters& s = c.steps[step];
        const double p99_ms = static_cast<double>(s.latency_ns.quantile(0.99)) / 1e6;
        const double arrived =
            s.expected == 0 ? 1.0
                            : static_cast<double>(s.deliveries) / static_cast<double>(s.expected);
        std::fprintf(stderr,
                     "ibasho-loadgen: step %zu (%.0f msg/s): p99 %.3f ms, %.1f %% arrived\n", step,
                     shared_.schedule.steps[step].rate, p99_ms, 100.0 * arrived);
        return p99_ms > o_.stop_p99_ms || arrived < 0.99;
    }

    // Waits for the messages still in flight (and, after a storm, for every dropped client
    // to be back and caught up), up to --drain seconds.
    void drain() {
        const std::int64_t start = now_ns();
        const std::int64_t deadline = start + seconds_ns(o_.drain);
        for (;;) {
            std::uint64_t delivered = 0;
            std::uint64_t expected = 0;
            for (auto& w : workers_) {
                delivered += w->progress().measured_deliveries.load();
                expected += w->progress().measured_expected.load();
            }
            bool storm_done = true;
            if (o_.storm_at > 0) {
                const Counters c = gather();
                storm_done = c.storm.recovered + c.connections_failed >= c.storm.dropped;
            }
            if (o_.resume_on_close_ms) {
                storm_done = settled(gather().resume);
            }
            r_.drained = delivered >= expected && storm_done;
            if (r_.drained || now_ns() >= deadline) {
                break;
            }
            wait_until(now_ns() + 10'000'000);
        }
        r_.drain_seconds = static_cast<double>(now_ns() - start) / 1e9;
    }

  private:
    const Options& o_;
    Shared& shared_;
    std::vector<std::unique_ptr<Worker>>& workers_;
    Result& r_;
};

}  // namespace

Result run_load(const Options& o) {
    Shared shared(o);
    boost::system::error_code ec;
    for (const auto& t : o.targets) {
        const auto address = net::ip::make_address(t.host, ec);
        if (ec) {
            throw UsageError("--url: '" + t.host + "' is not an IP address");
        }
        shared.targets.emplace_back(address, t.port);
    }
    for (const auto& s : o.sources) {
        auto a = net::ip::make_address(s, ec);
        if (ec) {
            throw UsageError("--sources: '" + s + "' is not an IP address");
        }
        shared.sources.push_back(a);
    }
    if (o.target.tls) {
        shared.tls = make_tls();
    }
    shared.room_readers = std::vector<std::atomic<std::uint32_t>>(o.room_count());

    Result result(o);
    std::vector<std::unique_ptr<Worker>> workers;
    for (unsigned i = 0; i < o.threads; ++i) {
        workers.push_back(std::make_unique<Worker>(i, o.threads, shared));
    }
    for (const auto& p : make_plans(o)) {
        workers[p.index % o.threads]->add(p);
        shared.total_senders += p.sender ? 1 : 0;
        result.slow += p.slow ? 1 : 0;
    }
    for (auto& w : workers) {
        w->start();
    }

    Coordinator coordinator(o, shared, workers, result);
    coordinator.connect();
    coordinator.publish_schedule();
    coordinator.run_steps();
    coordinator.drain();
    result.counters = coordinator.gather();
    for (auto& w : workers) {
        w->stop();
    }
    return result;
}

}  // namespace ibasho::bench
