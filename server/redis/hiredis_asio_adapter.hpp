// Runs a hiredis async context on an Asio loop: the context's socket is waited on with
// stream_descriptor::async_wait, no extra thread and no blocking call. Hooks are idempotent,
// and a context that frees itself inside a callback is detected before it is touched again.
#pragma once

#include <functional>
#include <memory>

struct redisAsyncContext;

namespace boost::asio {
class io_context;
}

namespace ibasho::redis {

class HiredisAsioAdapter;

// Attaches `ctx` to `io`. From then on hiredis drives the adapter through its ev hooks; the
// adapter detaches itself in the cleanup hook, when hiredis frees the context, and then calls
// `on_cleanup` (still inside hiredis's free: defer any deletion it does).
// Returns false if the context already has an adapter or an error.
bool attach(redisAsyncContext* ctx, boost::asio::io_context& io, std::function<void()> on_cleanup);

}  // namespace ibasho::redis
