// A child process started with fork/exec whose stdout and stderr go to a log file, so that
// tests can read what it printed without a pipe that could fill up and stall it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace ibasho::itest {

// The full path of a program: `name` itself when it holds a '/', else the first executable
// match on PATH; empty when there is none.
std::string resolve_program(const std::string& name);

// Live processes (not zombies) one of whose command-line arguments contains `needle`; the
// caller is left out. For checking that a script stopped everything it started.
std::vector<pid_t> live_processes_with_arg(const std::string& needle);

class Subprocess {
  public:
    // Starts argv[0] (a path, or a name looked up on PATH) with the rest as arguments; IBASHO_*
    // variables are removed from the child's environment so the developer's shell cannot change
    // what a test runs, and then `env` ("NAME=value" each) is added. `cwd` (when not empty) is
    // the child's working directory.
    Subprocess(const std::vector<std::string>& argv, const std::string& log_path,
               const std::vector<std::string>& env = {}, const std::string& cwd = {});
    // Kills (SIGKILL) and reaps the child if it is still running.
    ~Subprocess();
    Subprocess(const Subprocess&) = delete;
    Subprocess& operator=(const Subprocess&) = delete;

    pid_t pid() const { return pid_; }
    bool running();
    void send_signal(int sig) const;

    // Waits for the child to end. Returns its exit status, or 128 + signal number when a
    // signal ended it; nullopt when it is still running after `timeout`.
    std::optional<int> wait_exit(std::chrono::milliseconds timeout);

    std::string log_text() const;
    const std::string& log_path() const { return log_path_; }

  private:
    bool reap(int options);

    pid_t pid_ = -1;
    std::optional<int> status_;
    std::string log_path_;
};

}  // namespace ibasho::itest
