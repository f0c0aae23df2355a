// ibasho-server: reads the configuration, starts the node, and runs until SIGINT/SIGTERM; or,
// with `admin ...` after the flags, runs one admin command (staff/admin_command.hpp) and exits.
// Exit codes: 0 after a clean shutdown, 2 for a bad configuration, 1 for anything else.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "server/app.hpp"
#include "server/config.hpp"
#include "server/log.hpp"
#include "server/staff/admin_command.hpp"

int main(int argc, char** argv) {
    using namespace ibasho;
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        const staff::AdminArgs split = staff::split_admin_args(args);
        if (split.admin) {
            ConfigResult parsed = load_config(split.config_args);
            // Connection notices would bury the one line that matters.
            log::set_level(std::max(parsed.config.log_level, log::Level::warn));
            return staff::run_admin_command(parsed.config, split.command, stdout, stderr);
        }
        ConfigResult parsed = load_config(args);
        if (parsed.action == ConfigAction::help) {
            std::fputs(help_text().c_str(), stdout);
            return 0;
        }
        if (parsed.action == ConfigAction::version) {
            std::printf("ibasho-server %s\n", IBASHO_VERSION);
            return 0;
        }
        App app(std::move(parsed.config));
        app.start();
        app.wait();
        log::info("stopped");
        return 0;
    } catch (const ConfigError& e) {
        std::fprintf(stderr, "ibasho-server: config: %s: %s\n", e.field().c_str(),
                     e.problem().c_str());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ibasho-server: fatal: %s\n", e.what());
        return 1;
    }
}
