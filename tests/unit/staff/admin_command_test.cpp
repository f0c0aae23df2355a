// The admin command line: the store flags before "admin", the command after it, and a flag
// value that happens to be "admin" left alone; a memory store is refused.
#include <catch2/catch.hpp>

#include <cstdio>

#include "server/staff/admin_command.hpp"

using namespace ibasho;
using namespace ibasho::staff;

TEST_CASE("admin command: split at the word admin", "[staff][admin]") {
    auto s = split_admin_args({"--redis", "redis://h:1", "admin", "create-organiser", "Aiko"});
    CHECK(s.admin);
    CHECK(s.config_args == std::vector<std::string>{"--redis", "redis://h:1"});
    CHECK(s.command == std::vector<std::string>{"create-organiser", "Aiko"});

    s = split_admin_args(
        {"--node-id", "admin", "--behind-tls-proxy", "admin", "create-organiser", "admin"});
    CHECK(s.config_args == std::vector<std::string>{"--node-id", "admin", "--behind-tls-proxy"});
    CHECK(s.command == std::vector<std::string>{"create-organiser", "admin"});

    CHECK_FALSE(split_admin_args({"--node-id", "admin", "--threads=2"}).admin);
}

TEST_CASE("admin command: a memory store or an unknown command is refused", "[staff][admin]") {
    std::FILE* sink = std::tmpfile();
    REQUIRE(sink != nullptr);
    Config memory;
    CHECK(run_admin_command(memory, {"create-organiser", "Aiko"}, sink, sink) == 2);
    Config redis;
    redis.store = StoreKind::redis;
    redis.redis = RedisAddress{};
    CHECK(run_admin_command(redis, {"create-organizer", "Aiko"}, sink, sink) == 2);
    CHECK(run_admin_command(redis, {"create-organiser"}, sink, sink) == 2);
    CHECK(run_admin_command(redis, {"create-organiser", ""}, sink, sink) == 2);
    std::fclose(sink);
}
