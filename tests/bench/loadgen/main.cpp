// ibasho-loadgen: a load generator for servers that speak ibasho's core protocol.
// Exit codes: 0 done (and --check passed), 1 --check failed, 2 bad usage or setup.
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <exception>

#include "tests/bench/loadgen/options.hpp"
#include "tests/bench/loadgen/report.hpp"
#include "tests/bench/loadgen/rooms_file.hpp"
#include "tests/bench/loadgen/run.hpp"

int main(int argc, char** argv) {
    using namespace ibasho::bench;
    try {
        const auto options = parse_options(argc, argv);
        if (!options) {
            return 0;
        }
        if (!options->write_rooms_file.empty()) {
            write_rooms_file(options->write_rooms_file, options->room_prefix,
                             options->write_rooms_count, options->room_capacity);
            return 0;
        }
        // One descriptor per connection: thousands need more than a shell's usual 1024.
        rlimit lim{};
        if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
            lim.rlim_cur = lim.rlim_max;
            setrlimit(RLIMIT_NOFILE, &lim);
        }
        const Result result = run_load(*options);
        const auto json = to_json(result);
        std::fputs(summary(result, json).c_str(), stdout);
        std::printf("%s\n", json.dump().c_str());
        std::fflush(stdout);
        const int rc = options->check && !json["check"]["passed"].get<bool>() ? 1 : 0;
        // Thousands of sockets and their handlers would be torn down one by one; the kernel
        // closes them at once, and the server sees ordinary disconnects.
        std::_Exit(rc);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "ibasho-loadgen: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ibasho-loadgen: %s\n", e.what());
        return 2;
    }
}
