// Chooses the folder the web client is served from: an explicit --static as given; the default
// from the working directory, else beside the installed binary, else in the build tree.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ibasho::http {

struct StaticRootChoice {
    std::string path;    // the folder to serve (the configured one when none exists)
    bool found = false;  // false: serve 404 for static paths and warn once
    std::string source;  // "configured", "working_dir", "installed" or "build_tree"
};

// Pure, for tests: `configured` is --static; `is_default` says it was not set by the operator;
// `binary_dir` is the folder holding ibasho-server (empty when unknown).
StaticRootChoice choose_static_root(const std::string& configured, bool is_default,
                                    const std::filesystem::path& binary_dir);

// The folder of the running executable (/proc/self/exe), or empty when it cannot be read.
std::filesystem::path running_binary_dir();

// choose_static_root() for this process and Config's default, logged once: which folder, or a
// warning that there is none.
std::string resolve_static_root(const std::string& configured);

}  // namespace ibasho::http
