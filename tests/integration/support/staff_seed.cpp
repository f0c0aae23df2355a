#include "tests/integration/support/staff_seed.hpp"

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <chrono>

#include "server/redis/redis_node.hpp"
#include "server/store/redis_store.hpp"

namespace ibasho::itest {

std::string seed_staff(const ControlledRedis& redis, const std::string& prefix,
                       const ibasho::test::StaffSpec& spec) {
    using namespace std::chrono_literals;
    boost::asio::io_context io;
    ibasho::redis::Node node(io, ibasho::RedisAddress{"127.0.0.1", redis.port(), 0}, prefix);
    ibasho::RedisStore store(node);
    node.start();
    for (int i = 0; i < 500 && !node.up(); ++i) {
        io.run_for(10ms);
    }
    REQUIRE(node.up());
    ibasho::test::put_staff(store, spec);
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const std::string token = ibasho::test::put_staff_token(store, spec.id, now);
    // Both writes are answered once a read behind them on the same connection is.
    bool read = false;
    store.get("staff", spec.id, [&](ibasho::StoreResult r, ibasho::StoreRecord) {
        read = r == ibasho::StoreResult::ok;
    });
    for (int i = 0; i < 500 && !read; ++i) {
        io.run_for(10ms);
    }
    REQUIRE(read);
    node.commands().stop();
    node.subscriber().stop();
    io.run_for(50ms);
    return token;
}

}  // namespace ibasho::itest
