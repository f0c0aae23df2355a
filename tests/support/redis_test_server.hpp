// Where tests find a real Redis: IBASHO_TEST_REDIS_URL (the test command starts a throw-away
// redis-server and sets it), or a redis-server this process starts on a free port itself.
#pragma once

#include <string>

#include "server/config.hpp"

namespace ibasho::test {

// Throws std::runtime_error when no Redis can be had (the test then fails, never skips).
RedisAddress test_redis();

// A key prefix no other test uses, so tests can share one Redis and run in parallel.
std::string unique_prefix();

}  // namespace ibasho::test
