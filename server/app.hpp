// The composition root: builds the seams (Broker, Presence, sessions, Clock) for the chosen
// store, the shards, listeners and HTTP context, and runs until a signal asks it to stop.
#pragma once

#include <cstdint>
#include <memory>

#include "server/config.hpp"

namespace ibasho {

class App {
  public:
    // Throws ConfigError for anything wrong in the configuration (files, addresses, certs).
    explicit App(Config config);
    ~App();

    // Starts the shard threads and the listeners; returns at once.
    void start();
    // Graceful shutdown: stop accepting, close every WebSocket with 1001, wait for them up to
    // the configured grace, then stop the threads. Safe to call from any thread, once or more.
    void shutdown();
    // Blocks until the shard threads have ended: after SIGINT/SIGTERM (a graceful shutdown) or
    // shutdown(). SIGHUP meanwhile reloads the rooms file.
    void wait();

    std::uint16_t plain_port() const;
    std::uint16_t tls_port() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ibasho
