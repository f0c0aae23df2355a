// Accepts TCP connections on one endpoint (plain or TLS) and hands each to a shard in turn.
// Never looks at the peer's address: nothing about who connected is read or kept.
#pragma once

#include <cstdint>
#include <memory>

#include "server/config.hpp"

namespace boost::asio::ssl {
class context;
}

namespace ibasho {

class Shards;
struct ServerContext;

class Listener {
  public:
    // Binds and listens at once; throws ConfigError when the address cannot be used.
    Listener(Shards& shards, ServerContext& ctx, const Endpoint& at,
             std::shared_ptr<boost::asio::ssl::context> tls);
    ~Listener();

    void start();
    // Stops accepting; thread-safe.
    void stop();
    std::uint16_t port() const;  // the bound port (useful with port 0)

  private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace ibasho
