// Asks Redis "PING" once a second on the node's loop and remembers whether it answered, for
// /readyz and the ibasho_redis_up / ibasho_redis_rtt_seconds metrics.
#pragma once

#include <atomic>
#include <memory>

#include "server/config.hpp"

namespace boost::asio {
class io_context;
}

namespace ibasho {

class RedisReadinessProbe {
  public:
    RedisReadinessProbe(boost::asio::io_context& io, RedisAddress address);
    ~RedisReadinessProbe();
    void start();
    void stop();
    bool up() const;

  private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace ibasho
