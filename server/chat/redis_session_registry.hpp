// Anonymous sessions in Redis, so `hello` with `resume` works on any node. The key is a hash
// of the token (the token itself is never stored) and expires after the idle TTL.
#pragma once

#include <chrono>

#include "server/chat/session_registry.hpp"
#include "server/redis/redis_node.hpp"

namespace ibasho::chat {

class RedisSessionRegistry final : public SessionRegistry {
  public:
    RedisSessionRegistry(redis::Node& node, std::chrono::seconds ttl);
    void create(Done done) override;
    void resume(const std::string& token, Done done) override;
    void save(const SessionRecord& record) override;
    void remove(const std::string& token, std::function<void(Fault)> done) override;

    std::string key_of(const std::string& token) const;
    static std::string serialise(const SessionRecord& record);
    static std::optional<SessionRecord> parse(const std::string& token, std::string_view json);

  private:
    redis::Node& node_;
    std::chrono::seconds ttl_;
};

}  // namespace ibasho::chat
