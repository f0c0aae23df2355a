// Publishes N messages over R rooms through RedisBroker, keeping W publishes in flight, and
// prints what happened as JSON. redis-publish.sh reads the Redis side (INFO) around it.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "server/broker/redis_broker.hpp"
#include "server/chat/event_frame.hpp"
#include "server/clock.hpp"
#include "server/redis/redis_node.hpp"

using namespace ibasho;

namespace {

struct Options {
    std::uint16_t port = 6379;
    std::string prefix = "bench:";
    unsigned rooms = 10;
    unsigned messages = 20000;
    unsigned window = 1;  // publishes in flight at once, over all rooms
    unsigned text_bytes = 60;
    unsigned repeat_every = 0;  // every k-th message repeats an earlier client id (0 = never)
};

bool parse(int argc, char** argv, Options& o) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view k = argv[i];
        const char* v = argv[i + 1];
        if (k == "--port")
            o.port = static_cast<std::uint16_t>(std::atoi(v));
        else if (k == "--prefix")
            o.prefix = v;
        else if (k == "--rooms")
            o.rooms = static_cast<unsigned>(std::atoi(v));
        else if (k == "--messages")
            o.messages = static_cast<unsigned>(std::atoi(v));
        else if (k == "--window")
            o.window = static_cast<unsigned>(std::atoi(v));
        else if (k == "--text-bytes")
            o.text_bytes = static_cast<unsigned>(std::atoi(v));
        else if (k == "--repeat-every")
            o.repeat_every = static_cast<unsigned>(std::atoi(v));
        else
            return false;
    }
    return (argc % 2) == 1 && o.rooms > 0 && o.window > 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse(argc, argv, o)) {
        std::fprintf(stderr,
                     "usage: ibasho-redis-publish-bench [--port P] [--prefix S] [--rooms R]\n"
                     "       [--messages N] [--window W] [--text-bytes B] [--repeat-every K]\n");
        return 2;
    }
    boost::asio::io_context io;
    auto work = boost::asio::make_work_guard(io);
    SystemClock clock;
    RedisAddress address;
    address.port = o.port;
    redis::Node node(io, address, o.prefix);
    // The steady state: no look-ups of the old per-message id keys (see RedisBroker).
    RedisBroker broker(node, clock, std::chrono::milliseconds(0));
    node.start();
    std::thread loop([&] { io.run(); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!node.up() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!node.up()) {
        std::fprintf(stderr, "no Redis on port %u\n", o.port);
        return 1;
    }

    const std::string text(o.text_bytes, 'a');
    std::mutex mutex;
    std::condition_variable cv;
    unsigned in_flight = 0;
    unsigned sent = 0;
    std::atomic<unsigned> fresh{0}, duplicate{0}, failed{0};
    const auto started = std::chrono::steady_clock::now();
    for (;;) {
        unsigned i = 0;
        {
            std::unique_lock lock(mutex);
            cv.wait(lock, [&] { return in_flight < o.window || sent == o.messages; });
            if (sent == o.messages)
                break;
            i = sent++;
            ++in_flight;
        }
        const std::string room = "room-" + std::to_string(i % o.rooms);
        // A repeat reuses the id of the message one round (R messages) earlier in that room.
        const bool repeat = o.repeat_every > 0 && i >= o.rooms && i % o.repeat_every == 0;
        const std::string id = "c" + std::to_string(repeat ? i - o.rooms : i);
        broker.publish(
            chat::message_draft(room, "bWVtYmVyLWlk", "ねこ", text, id), {},
            [&](Fault f, std::uint64_t) {
                (f == Fault::none ? fresh : f == Fault::duplicate ? duplicate : failed)++;
                std::lock_guard lock(mutex);
                --in_flight;
                cv.notify_all();
            });
    }
    {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return in_flight == 0; });
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    node.stop();
    work.reset();
    io.stop();
    loop.join();
    std::printf(
        "{\"messages\":%u,\"rooms\":%u,\"window\":%u,\"fresh\":%u,\"duplicate\":%u,"
        "\"failed\":%u,\"seconds\":%.3f}\n",
        o.messages, o.rooms, o.window, fresh.load(), duplicate.load(), failed.load(), seconds);
    return failed.load() == 0 ? 0 : 1;
}
