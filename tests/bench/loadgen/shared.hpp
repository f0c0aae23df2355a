// State every generator thread reads: the options, where to connect, the schedule, and the
// few atomics through which threads report progress to the coordinator.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <memory>
#include <vector>

#include "tests/bench/loadgen/options.hpp"
#include "tests/bench/loadgen/schedule.hpp"

namespace ibasho::bench {

struct Shared {
    explicit Shared(const Options& o) : options(o) {}

    const Options& options;
    std::vector<boost::asio::ip::tcp::endpoint> targets;  // options.targets, resolved
    std::vector<boost::asio::ip::address> sources;
    std::shared_ptr<boost::asio::ssl::context> tls;  // null for ws://

    // Set before the load starts and read-only afterwards.
    Schedule schedule;
    std::vector<std::uint32_t> readers;  // per room: joined members that keep reading
    std::uint32_t total_senders = 0;

    std::atomic<std::uint32_t> joined{0};
    std::atomic<std::uint32_t> failed{0};
    std::atomic<std::int64_t> last_joined_ns{0};
    std::vector<std::atomic<std::uint32_t>> room_readers;  // counted as members join
    std::atomic<bool> stop_sending{false};
    std::atomic<std::int64_t> storm_ns{0};  // when the drop was ordered
};

}  // namespace ibasho::bench
