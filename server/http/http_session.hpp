// Starts the HTTP side of an accepted connection, plain or TLS: static files, health, metrics,
// and the upgrade to a WebSocket at /ws. The socket must already belong to `shard`'s io_context.
#pragma once

#include <memory>

namespace boost::asio {
class io_context;
namespace ssl {
class context;
}
}  // namespace boost::asio

namespace ibasho {

class Shard;
struct ServerContext;

// Takes ownership of the accepted native socket handle and serves it on `shard`.
void start_http_session(int native_socket, bool ipv6, Shard& shard, ServerContext& ctx,
                        std::shared_ptr<boost::asio::ssl::context> tls);

}  // namespace ibasho
