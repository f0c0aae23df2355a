// A Lua script run with EVALSHA (one round trip, no script text on the wire) that falls back to
// EVAL once when Redis has forgotten it (after a restart or SCRIPT FLUSH).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/redis/redis_link.hpp"

namespace ibasho::redis {

class Script {
  public:
    explicit Script(std::string source);
    const std::string& source() const { return source_; }
    const std::string& sha1() const { return sha1_; }

    // On the connection's thread. `keys` first, then `args`, as EVALSHA wants them.
    void run(Link& conn, const std::vector<std::string_view>& keys,
             const std::vector<std::string_view>& args, Link::ReplyFn fn) const;

  private:
    std::string source_;
    std::string sha1_;
};

}  // namespace ibasho::redis
