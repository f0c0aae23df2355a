// What every HTTP and WebSocket session needs from the composition root, with no Asio types:
// configuration, static files, readiness, and the factory for the chat side of a socket.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "server/config.hpp"
#include "server/connection.hpp"
#include "server/http/static_files.hpp"

namespace ibasho {

struct ServerContext {
    ServerContext(const Config& c, const std::string& static_root)
        : config(c), static_files(static_root) {}

    const Config& config;
    http::StaticFiles static_files;
    std::function<bool()> ready = [] { return true; };  // must be thread-safe
    HandlerFactory make_handler;
    std::atomic<bool> shutting_down{false};
};

}  // namespace ibasho
