// A redis-server a test can kill, restart on the same port and data folder, and pause: AOF on
// with an fsync per write, so what Redis acknowledged survives a SIGKILL (or, on request, the
// production roles: the durable Store's AOF with an fsync each second, or no persistence).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "tests/integration/support/subprocess.hpp"
#include "tests/integration/support/temp_dir.hpp"

namespace ibasho::itest {

enum class Persistence {
    aof_always,    // appendonly yes, appendfsync always (the default)
    aof_everysec,  // the durable Store's production setting: appendfsync everysec
    none,          // the ephemeral Redis: appendonly no, save ""
};

class ControlledRedis {
  public:
    // Starts it; throws std::runtime_error (with its log) when it does not answer within 5 s.
    explicit ControlledRedis(Persistence persistence = Persistence::aof_always);
    ~ControlledRedis();

    void start();  // again, after kill(): same port, same folder, same data
    void kill();   // SIGKILL, and waits for it to be gone
    void pause();
    void resume();

    std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
    std::uint16_t port() const { return port_; }
    // The folder it keeps its AOF (and any RDB) in.
    std::string data_dir() const { return dir_->path(); }

    // Runs redis-cli against this server and returns what it printed.
    std::string cli(const std::string& args) const;

  private:
    std::unique_ptr<TempDir> dir_;
    std::uint16_t port_;
    Persistence persistence_;
    int starts_ = 0;
    std::unique_ptr<Subprocess> process_;
};

}  // namespace ibasho::itest
