#include "tests/integration/support/controlled_redis.hpp"

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/integration/support/redis_process.hpp"
#include "tests/integration/support/server_process.hpp"

namespace ibasho::itest {

using namespace std::chrono_literals;

ControlledRedis::ControlledRedis(Persistence persistence)
    : dir_(std::make_unique<TempDir>("ibasho-redis")),
      port_(unused_port()),
      persistence_(persistence) {
    start();
}

ControlledRedis::~ControlledRedis() {
    if (process_) {
        process_->send_signal(SIGCONT);
    }
}

void ControlledRedis::start() {
    std::vector<std::string> args{"redis-server", "--port",    std::to_string(port_),
                                  "--bind",       "127.0.0.1", "--dir",
                                  dir_->path(),   "--save",    ""};
    if (persistence_ == Persistence::none) {
        args.insert(args.end(), {"--appendonly", "no"});
    } else {
        args.insert(args.end(), {"--appendonly", "yes", "--appendfsync",
                                 persistence_ == Persistence::aof_always ? "always" : "everysec"});
    }
    process_ = std::make_unique<Subprocess>(
        args, dir_->path() + "/redis-" + std::to_string(++starts_) + ".log");
    for (int i = 0; i < 200 && !redis_ping(port_); ++i) {
        std::this_thread::sleep_for(25ms);
    }
    if (!redis_ping(port_)) {
        throw std::runtime_error("redis-server did not answer on port " + std::to_string(port_) +
                                 ":\n" + process_->log_text());
    }
}

void ControlledRedis::kill() {
    process_->send_signal(SIGKILL);
    process_->wait_exit(5s);
}

void ControlledRedis::pause() {
    process_->send_signal(SIGSTOP);
}

void ControlledRedis::resume() {
    process_->send_signal(SIGCONT);
}

std::string ControlledRedis::cli(const std::string& args) const {
    const std::string cmd = "redis-cli --no-raw -p " + std::to_string(port_) + " " + args + " 2>&1";
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        char buf[4096];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
            out.append(buf, n);
        ::pclose(p);
    }
    return out;
}

}  // namespace ibasho::itest
