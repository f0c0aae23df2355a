// `ibasho-server [store options] admin create-organiser NAME [--org ID]`, `create-operator NAME`
// and `create-org ID NAME_JA NAME_EN [ZONE]`: accounts get a one-time password printed once.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "server/config.hpp"

namespace ibasho::staff {

struct AdminArgs {
    std::vector<std::string> config_args;  // the flags before "admin"
    std::vector<std::string> command;      // what follows "admin" (empty: not an admin call)
    bool admin = false;
};

// Splits the command line at the word "admin" (a flag's value that happens to be "admin" is
// not mistaken for it).
AdminArgs split_admin_args(const std::vector<std::string>& args);

// Runs one admin command against the configured Redis store and returns the exit code:
// 0 done (the password on `out`), 1 failed (one line on `err`: a name taken, Redis down),
// 2 a usage or configuration problem (a memory store, an unknown command).
int run_admin_command(const Config& config, const std::vector<std::string>& command, std::FILE* out,
                      std::FILE* err);

}  // namespace ibasho::staff
