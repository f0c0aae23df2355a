// A throw-away redis-server on a free loopback port with persistence off, for tests that
// need a real Redis when the test command did not provide one (IBASHO_TEST_REDIS_URL).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "tests/integration/support/subprocess.hpp"
#include "tests/integration/support/temp_dir.hpp"

namespace ibasho::itest {

class RedisProcess {
  public:
    // Starts redis-server and waits until it answers PING; throws std::runtime_error with its
    // log when it does not within 5 s.
    RedisProcess();
    std::string url() const;  // redis://127.0.0.1:PORT

    // Whether redis-server can be found on PATH.
    static bool available();

  private:
    std::unique_ptr<TempDir> dir_;
    std::uint16_t port_ = 0;
    std::unique_ptr<Subprocess> process_;
};

// PINGs redis at 127.0.0.1:port once; true on +PONG.
bool redis_ping(std::uint16_t port);

// $IBASHO_TEST_REDIS_URL when set and non-empty.
std::optional<std::string> test_redis_url();

}  // namespace ibasho::itest
