// Nodes of a test cluster: real ibasho-server processes on one ControlledRedis and a shared
// prefix, the clients that talk to them, and waiting for one answer without losing the rest.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "tests/integration/support/controlled_redis.hpp"
#include "tests/integration/support/server_process.hpp"
#include "tests/integration/support/ws_client.hpp"

namespace ibasho::itest {

// A Redis key prefix no other test process or case uses: `tag`, the pid and a counter.
std::string fresh_prefix(std::string_view tag);

// Starts a node on `redis` under `prefix` (with `options`' other settings) and waits up to 4 s
// for it to report Redis up; fails the test case otherwise.
std::unique_ptr<ServerProcess> redis_node(const ControlledRedis& redis, const std::string& prefix,
                                          ServerOptions options = {});
// The same with the two Redis roles: `ephemeral` as --redis (history, presence, sessions and
// the Store's ephemeral kinds), `durable` as --store-redis (every other Store kind).
std::unique_ptr<ServerProcess> redis_node(const ControlledRedis& ephemeral,
                                          const ControlledRedis& durable, const std::string& prefix,
                                          ServerOptions options = {});

// An anonymous client connected to `node` (no hello yet).
std::unique_ptr<WsClient> client_of(const ServerProcess& node);

// A client that said hello with a staff token and was welcomed as a supporter.
std::unique_ptr<WsClient> staff_client(const ServerProcess& node, const std::string& token);

// The first object of `type` or an error, whichever comes first; null after the timeout.
Json answer(WsClient& client, std::string_view type,
            std::chrono::milliseconds timeout = std::chrono::seconds(3));

}  // namespace ibasho::itest
