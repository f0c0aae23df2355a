#include "tests/bench/loadgen/client.hpp"

#include "protocol/encode_client.hpp"
#include "tests/bench/loadgen/payload.hpp"
#include "tests/bench/loadgen/shared.hpp"
#include "tests/bench/loadgen/worker.hpp"

namespace ibasho::bench {

namespace {

// A failed attempt is retried after this long, so a refused burst does not spin.
constexpr auto retry_delay = std::chrono::milliseconds(250);

// More stamps than this waiting behind one write means the server stopped reading us.
constexpr std::size_t max_due = 4096;

}  // namespace

Client::Client(Worker& worker, ClientPlan plan, std::string room_id)
    : worker_(worker), plan_(plan), room_id_(std::move(room_id)), rng_(plan.index + 1) {}

bool Client::resume_mode() const {
    return worker_.shared().options.resume_on_close_ms.has_value();
}

void Client::connect() {
    phase_ = Phase::connecting;
    writing_ = false;
    due_.clear();
    ++attempts_;
    ++worker_.counters().connect_attempts;
    link_ = make_link(*this, worker_.shared(), worker_.io(), worker_.source_for(plan_.index),
                      plan_.index);
    link_->start();
}

void Client::on_open() {
    protocol::Hello hello;
    if (resuming_ && !token_.empty()) {
        hello.resume = token_;
    }
    phase_ = Phase::hello;
    send(protocol::encode(hello));
}

void Client::on_welcome(std::string_view line) {
    if (phase_ != Phase::hello) {
        return;
    }
    if (auto token = string_field(line, R"("session":")")) {
        if (resuming_ && *token != token_) {
            ++worker_.counters().storm.not_resumed;
            ++worker_.counters().resume.not_resumed;
        }
        token_ = std::string(*token);
    }
    send_join();
}

void Client::send_join() {
    protocol::Join join;
    join.room = room_id_;
    if (nick_.empty()) {
        nick_ = "b" + std::to_string(plan_.index);
    }
    join.nick = nick_;
    if (resuming_) {
        join.since = last_seq_;
    }
    phase_ = Phase::joining;
    send(protocol::encode(join));
}

void Client::on_joined(std::string_view line, std::int64_t now) {
    if (phase_ != Phase::joining) {
        return;
    }
    const std::uint64_t seq = number_field(line, R"("seq":)").value_or(0);
    phase_ = Phase::ready;
    attempts_ = 0;
    Shared& shared = worker_.shared();
    if (!resuming_) {
        joined_seq_ = seq;
        last_seq_ = seq;
        sender_seen_.assign(worker_.shared().options.members, 0);
        if (!plan_.slow && !counted_reader_) {
            counted_reader_ = true;
            shared.room_readers[plan_.room].fetch_add(1, std::memory_order_relaxed);
        }
        shared.joined.fetch_add(1, std::memory_order_relaxed);
        shared.last_joined_ns.store(now, std::memory_order_relaxed);
        worker_.connect_done(true);
        return;
    }
    // A resumed join: everything after `since` comes next, up to `seq` and beyond.
    auto& storm = worker_.counters().storm;
    ++storm.rejoined;
    const std::int64_t since_storm = now - shared.storm_ns.load(std::memory_order_relaxed);
    storm.rejoin_ns.record(static_cast<std::uint64_t>(std::max<std::int64_t>(0, since_storm)));
    joined_seq_ = seq;
    recovering_ = last_seq_ < seq;
    if (resume_mode()) {
        worker_.counters().resume.rejoin_ns.push_back(
            static_cast<std::uint64_t>(std::max<std::int64_t>(0, now - lost_ns_)));
    }
    worker_.connect_done(true);
    if (!recovering_) {
        caught_up(now);
    }
}

void Client::caught_up(std::int64_t now) {
    recovering_ = false;
    if (!resume_mode()) {
        auto& storm = worker_.counters().storm;
        ++storm.recovered;
        const std::int64_t t = now - worker_.shared().storm_ns.load(std::memory_order_relaxed);
        storm.recover_ns.record(static_cast<std::uint64_t>(std::max<std::int64_t>(0, t)));
        return;
    }
    auto& r = worker_.counters().resume;
    ++r.caught_up;
    r.gap_ns.push_back(static_cast<std::uint64_t>(std::max<std::int64_t>(0, now - lost_ns_)));
    // Only now, after the replay: a say the old node took is in it and already acknowledged,
    // so what is left never reached a node (or is answered `duplicate`), and new says follow
    // the resent ones in order.
    for (const auto& u : unacked_) {
        resend_.push_back(u.frame);
    }
    if (!writing_) {
        send_next_say();
    }
}

void Client::say(std::int64_t stamp_ns) {
    if (phase_ != Phase::ready || (resume_mode() && recovering_)) {
        ++worker_.counters().sends_skipped;
        return;
    }
    if (due_.size() >= max_due) {
        ++worker_.counters().sends_skipped;
        return;
    }
    due_.push_back(stamp_ns);
    worker_.counters().send_backlog_max =
        std::max<std::uint64_t>(worker_.counters().send_backlog_max, due_.size());
    if (!writing_) {
        send_next_say();
    }
}

void Client::send_next_say() {
    if (!resend_.empty()) {
        ++worker_.counters().resume.resent;
        std::string frame = std::move(resend_.front());
        resend_.pop_front();
        send(std::move(frame));
        return;
    }
    if (due_.empty()) {
        return;
    }
    const std::int64_t stamp = due_.front();
    due_.pop_front();
    Stamp s{stamp, plan_.slot, ++next_sender_seq_};
    protocol::Say m;
    m.room = room_id_;
    m.text = encode_text(s, worker_.shared().options.size);
    m.id = "m" + std::to_string(next_sender_seq_);
    Counters& c = worker_.counters();
    ++c.sent_total;
    const Shared& shared = worker_.shared();
    const int step = shared.schedule.measured_step(stamp);
    if (step >= 0) {
        const std::uint64_t readers = shared.readers[plan_.room];
        auto& sc = c.steps[static_cast<std::size_t>(step)];
        ++sc.sent;
        sc.expected += readers;
        worker_.progress().measured_expected.fetch_add(readers, std::memory_order_relaxed);
    }
    std::string frame = protocol::encode(m);
    if (resume_mode()) {
        unacked_.push_back({next_sender_seq_, frame});
    }
    send(std::move(frame));
}

void Client::send(std::string frame) {
    writing_ = true;
    link_->write(std::move(frame));
}

void Client::on_written() {
    writing_ = false;
    if (phase_ == Phase::ready) {
        send_next_say();
    }
}

bool Client::keep_reading() const {
    return !(plan_.slow && phase_ == Phase::ready);
}

void Client::on_frame(std::string_view payload) {
    const std::int64_t now = now_ns();
    Counters& c = worker_.counters();
    ++c.frames_in;
    c.bytes_in += payload.size();
    std::size_t pos = 0;
    while (pos < payload.size()) {
        std::size_t end = payload.find('\n', pos);
        if (end == std::string_view::npos) {
            end = payload.size();
        }
        if (end > pos) {
            ++c.lines_in;
            on_line(payload.substr(pos, end - pos), now);
        }
        pos = end + 1;
    }
}

void Client::on_line(std::string_view line, std::int64_t now) {
    switch (line_type(line)) {
        case LineType::message:
            on_message(line, now);
            break;
        case LineType::welcome:
            on_welcome(line);
            break;
        case LineType::joined:
            on_joined(line, now);
            break;
        case LineType::error: {
            auto code = string_field(line, R"("code":")");
            // A resent say that had reached a node after all: the protocol's "treat as
            // success"; its event comes (or came) through the room like any other.
            if (resume_mode() && code && *code == "duplicate") {
                ++worker_.counters().resume.duplicates;
                break;
            }
            ++worker_.counters().error_codes[code ? std::string(*code) : "?"];
            // Within one generator every nickname is unique; a second generator on the same
            // rooms reuses them. The server refuses the clash (no silent suffix any more), so
            // join again under its first suggestion, as a person would.
            if (phase_ == Phase::joining && code && *code == "nickname_taken") {
                if (auto next = string_field(line, R"("suggestions":[")"); next && !next->empty()) {
                    nick_ = std::string(*next);
                    send_join();
                }
            }
            break;
        }
        case LineType::gap:
            ++worker_.counters().gap_frames;
            break;
        case LineType::other:
            break;  // presence and anything newer than the core protocol
    }
}

void Client::on_message(std::string_view line, std::int64_t now) {
    Counters& c = worker_.counters();
    const auto seq = number_field(line, R"("seq":)");
    if (!seq || phase_ != Phase::ready) {
        return;
    }
    if (!resuming_ && *seq <= joined_seq_) {
        ++c.history_skipped;  // sent before we were in the room
        return;
    }
    const Options& options = worker_.shared().options;
    // Counted per thread, so that even a short run with few messages per client drops some.
    if (options.self_test_drop != 0 &&
        (c.deliveries_total + c.self_test_dropped + 1) % options.self_test_drop == 0) {
        ++c.self_test_dropped;
        last_seq_ = std::max(last_seq_, *seq);
        return;
    }
    if (*seq <= last_seq_) {
        ++c.seq_repeated;
        return;
    }
    c.seq_missing += *seq - last_seq_ - 1;
    last_seq_ = *seq;

    const auto text = string_field(line, R"("text":")");
    const auto stamp = text ? decode_text(*text) : std::nullopt;
    if (!stamp) {
        ++c.bad_text;
        return;
    }
    if (stamp->slot < sender_seen_.size()) {
        auto& seen = sender_seen_[stamp->slot];
        if (stamp->sender_seq <= seen) {
            ++c.sender_repeated;
        } else if (seen != 0 && stamp->sender_seq != seen + 1) {
            ++c.resume.sender_skipped;
        }
        seen = std::max(seen, stamp->sender_seq);
    }
    if (resume_mode() && plan_.sender && stamp->slot == plan_.slot) {
        on_own_echo(stamp->sender_seq);
    }
    ++c.deliveries_total;
    const Shared& shared = worker_.shared();
    const int step = shared.schedule.measured_step(stamp->sent_ns);
    if (step >= 0) {
        auto& sc = c.steps[static_cast<std::size_t>(step)];
        ++sc.deliveries;
        sc.latency_ns.record(
            static_cast<std::uint64_t>(std::max<std::int64_t>(0, now - stamp->sent_ns)));
        worker_.progress().measured_deliveries.fetch_add(1, std::memory_order_relaxed);
    }
    if (recovering_) {
        ++c.storm.replayed;
        if (last_seq_ >= joined_seq_) {
            caught_up(now);
        }
    }
}

void Client::on_own_echo(std::uint32_t sender_seq) {
    acked_ = std::max(acked_, sender_seq);
    while (!unacked_.empty() && unacked_.front().sender_seq <= sender_seq) {
        unacked_.pop_front();
    }
}

void Client::on_failed(const std::string& what, int close_code) {
    Counters& c = worker_.counters();
    if (close_code != 0) {
        ++c.close_codes[close_code];
    } else {
        ++c.transport_errors[what];
    }
    link_.reset();
    writing_ = false;
    if (phase_ == Phase::ready && resume_mode()) {
        lose(now_ns());
        return;
    }
    if (phase_ == Phase::ready) {
        ++c.closed_while_ready;
        phase_ = Phase::closed;
        return;
    }
    ++c.connect_errors;
    if (attempts_ < worker_.shared().options.connect_attempts) {
        retry_later();
        return;
    }
    phase_ = Phase::failed;
    ++c.connections_failed;
    if (!resuming_) {
        worker_.shared().failed.fetch_add(1, std::memory_order_relaxed);
    }
    worker_.connect_done(false);
}

void Client::retry_later() {
    phase_ = Phase::idle;
    if (!retry_timer_) {
        retry_timer_ = std::make_unique<boost::asio::steady_timer>(worker_.io());
    }
    retry_timer_->expires_after(retry_delay);
    retry_timer_->async_wait([this](boost::system::error_code ec) {
        if (!ec) {
            connect();
        }
    });
}

void Client::lose(std::int64_t now) {
    ++worker_.counters().resume.lost;
    lost_ns_ = now;
    due_.clear();
    resend_.clear();
    resuming_ = true;
    recovering_ = false;
    attempts_ = 0;
    phase_ = Phase::idle;
    // Jittered, as docs/protocol.md asks of clients after 1001, so a node's clients do not
    // all knock at once.
    const double max_ms = *worker_.shared().options.resume_on_close_ms;
    const auto delay = std::chrono::microseconds(static_cast<std::int64_t>(
        std::uniform_real_distribution<double>(0, max_ms * 1000.0)(rng_)));
    if (!retry_timer_) {
        retry_timer_ = std::make_unique<boost::asio::steady_timer>(worker_.io());
    }
    retry_timer_->expires_after(delay);
    retry_timer_->async_wait([this](boost::system::error_code ec) {
        if (!ec) {
            worker_.request_connect(this);
        }
    });
}

void Client::add_end_state(ResumeCounters& r, std::uint32_t members) const {
    if (phase_ != Phase::ready || recovering_) {
        ++r.not_ready;
    }
    r.unacked += unacked_.size();
    if (plan_.slow) {
        return;
    }
    const std::size_t room = plan_.room;
    r.room_last_min[room] = std::min(r.room_last_min[room], last_seq_);
    r.room_last_max[room] = std::max(r.room_last_max[room], last_seq_);
    const std::size_t base = room * members;
    if (plan_.sender) {
        r.writer_acked[base + plan_.slot] =
            std::max<std::uint64_t>(r.writer_acked[base + plan_.slot], acked_);
    }
    for (std::size_t s = 0; s < sender_seen_.size() && s < members; ++s) {
        r.readers_seen_min[base + s] =
            std::min<std::uint64_t>(r.readers_seen_min[base + s], sender_seen_[s]);
    }
}

void Client::drop() {
    if (phase_ != Phase::ready) {
        return;
    }
    ++worker_.counters().storm.dropped;
    link_->abort();
    link_.reset();
    writing_ = false;
    due_.clear();
    resuming_ = true;
    recovering_ = false;
    attempts_ = 0;
    phase_ = Phase::idle;
    worker_.request_connect(this);
}

}  // namespace ibasho::bench
