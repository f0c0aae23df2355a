// AddressCounter on Redis: `{prefix}rl:<kind>:<hash>:<window>` strings, INCRBY then PEXPIRE,
// every count of a batch pipelined on the node's command connection in one loop turn.
#pragma once

#include "server/abuse/address_counter.hpp"

namespace ibasho::redis {
class Node;
}

namespace ibasho::abuse {

class RedisAddressCounter final : public AddressCounter {
  public:
    explicit RedisAddressCounter(redis::Node& node) : node_(node) {}
    void add(std::vector<CountAdd> adds, Done done) override;

  private:
    redis::Node& node_;
};

}  // namespace ibasho::abuse
