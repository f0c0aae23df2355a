#include <catch2/catch.hpp>

#include <hiredis/hiredis.h>

#include <string>

#include "server/redis/redis_link.hpp"
#include "server/redis/sentinel_resolver.hpp"

using namespace ibasho;

TEST_CASE("+switch-master names the new primary of our master only", "[sentinel]") {
    const auto moved = redis::parse_switch_master("ibasho 127.0.0.1 6379 127.0.0.2 6380", "ibasho");
    REQUIRE(moved.has_value());
    CHECK(*moved == Endpoint{"127.0.0.2", 6380});
    // Another role's master (a second Redis watched by the same sentinels) is not ours.
    CHECK_FALSE(redis::parse_switch_master("store 127.0.0.1 6379 127.0.0.2 6380", "ibasho"));
    CHECK_FALSE(redis::parse_switch_master("ibasho 127.0.0.1 6379 127.0.0.2", "ibasho"));
    CHECK_FALSE(redis::parse_switch_master("ibasho 127.0.0.1 6379 127.0.0.2 0", "ibasho"));
    CHECK_FALSE(redis::parse_switch_master("ibasho 127.0.0.1 6379 127.0.0.2 70000", "ibasho"));
    CHECK_FALSE(redis::parse_switch_master("ibasho 127.0.0.1 6379 127.0.0.2 63x", "ibasho"));
    CHECK_FALSE(redis::parse_switch_master("", "ibasho"));
}

TEST_CASE("READONLY is told apart from other errors, in scripts too", "[sentinel]") {
    auto reply = [](int type, std::string text) {
        redisReply r{};
        r.type = type;
        static std::string keep;
        keep = std::move(text);
        r.str = keep.data();
        r.len = keep.size();
        return r;
    };
    redisReply plain =
        reply(REDIS_REPLY_ERROR, "READONLY You can't write against a read only replica.");
    CHECK(redis::is_readonly_error(&plain));
    redisReply script = reply(REDIS_REPLY_ERROR,
                              "READONLY You can't write against a read only replica. script: "
                              "2dc6a2806cfbef84960e763005eb136b02ebea15, on @user_script:1.");
    CHECK(redis::is_readonly_error(&script));
    redisReply loading = reply(REDIS_REPLY_ERROR, "LOADING Redis is loading the dataset in memory");
    CHECK_FALSE(redis::is_readonly_error(&loading));
    redisReply status = reply(REDIS_REPLY_STATUS, "READONLY");
    CHECK_FALSE(redis::is_readonly_error(&status));
    CHECK_FALSE(redis::is_readonly_error(nullptr));
}
