// The config loader: the input is a config file's text, and also, one per line, the command
// line of a start-up. Whatever it holds, the only exception that may come out is ConfigError.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/config.hpp"

namespace {

// No environment: the flags and the file are what is fuzzed.
std::optional<std::string> no_env(const char*) {
    return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        ibasho::validate(ibasho::apply_config_json(ibasho::Config{}, text, "fuzz"));
    } catch (const ibasho::ConfigError&) {
    }

    std::vector<std::string> args;
    std::size_t from = 0;
    while (from <= text.size()) {
        const std::size_t end = std::min(text.find('\n', from), text.size());
        args.emplace_back(text.substr(from, end - from));
        from = end + 1;
    }
    // --config names a file to read; the file's text is fuzzed above instead.
    for (const std::string& arg : args) {
        if (arg.find("config") != std::string::npos) {
            return 0;
        }
    }
    try {
        ibasho::load_config(args, no_env);
    } catch (const ibasho::ConfigError&) {
    }
    return 0;
}
