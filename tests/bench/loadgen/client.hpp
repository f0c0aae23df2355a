// One simulated participant: connects, says hello, joins its room, sends when the ticker
// asks, and checks every message it receives (order, duplicates, latency). Lives on one
// generator thread; a storm drop (or, with --resume-on-close, any close) makes it reconnect
// and resume with `since`.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "tests/bench/loadgen/link.hpp"
#include "tests/bench/loadgen/stats.hpp"

namespace ibasho::bench {

class Worker;

// Where a client sits in the load: fixed before any connection is made.
struct ClientPlan {
    std::uint32_t index = 0;  // over all connections
    std::uint32_t room = 0;
    std::uint32_t slot = 0;  // position in the room; senders come first
    bool sender = false;
    bool slow = false;   // stops reading once joined
    bool storm = false;  // dropped by the storm
};

class Client final : public LinkOwner {
  public:
    Client(Worker& worker, ClientPlan plan, std::string room_id);

    const ClientPlan& plan() const { return plan_; }
    bool ready() const { return phase_ == Phase::ready; }

    // Opens a connection (the first, or after a failure or a drop).
    void connect();
    // Sends one message now, or as soon as the write in flight is done; the stamp is now.
    void say(std::int64_t stamp_ns);
    // A storm: drop the TCP connection without a word, then reconnect and resume.
    void drop();
    // Adds where this client stands now to the end-of-run checks (--resume-on-close).
    void add_end_state(ResumeCounters& r, std::uint32_t members) const;

    // LinkOwner
    void on_open() override;
    void on_frame(std::string_view payload) override;
    void on_written() override;
    void on_failed(const std::string& what, int close_code) override;
    bool keep_reading() const override;

  private:
    enum class Phase { idle, connecting, hello, joining, ready, closed, failed };

    void on_line(std::string_view line, std::int64_t now);
    void on_message(std::string_view line, std::int64_t now);
    void on_welcome(std::string_view line);
    void send_join();
    void on_joined(std::string_view line, std::int64_t now);
    void send(std::string frame);
    void send_next_say();
    void retry_later();
    bool resume_mode() const;
    // The connection ended while joined: come back after a jittered delay and resume.
    void lose(std::int64_t now);
    // A resumed join has every missed message: the gap ends, unechoed says go again.
    void caught_up(std::int64_t now);
    void on_own_echo(std::uint32_t sender_seq);

    Worker& worker_;
    ClientPlan plan_;
    std::string room_id_;
    Phase phase_ = Phase::idle;
    std::shared_ptr<Link> link_;
    bool writing_ = false;
    std::deque<std::int64_t> due_;  // stamps of messages waiting for the write in flight
    unsigned attempts_ = 0;
    std::unique_ptr<boost::asio::steady_timer> retry_timer_;

    std::string token_;      // session, for resume
    std::string nick_;       // "b<index>", or the server's suggestion if another generator has it
    bool resuming_ = false;  // this connection follows a storm drop
    bool counted_reader_ = false;
    std::uint64_t joined_seq_ = 0;  // the room's seq when the join took effect
    std::uint64_t last_seq_ = 0;    // newest room seq received
    bool recovering_ = false;
    std::vector<std::uint32_t> sender_seen_;  // per sender slot: newest sequence number
    std::uint32_t next_sender_seq_ = 0;

    // --resume-on-close: says written but not yet seen echoed, oldest first, with their
    // exact frames (same id), so a resume can send them again in order.
    struct Unacked {
        std::uint32_t sender_seq;
        std::string frame;
    };
    std::deque<Unacked> unacked_;
    std::deque<std::string> resend_;  // waiting for the write in flight, before new says
    std::uint32_t acked_ = 0;         // newest own sender seq seen echoed
    std::int64_t lost_ns_ = 0;
    std::minstd_rand rng_;
};

}  // namespace ibasho::bench
