#include "server/http/static_root.hpp"

#include <system_error>

#include "server/config.hpp"
#include "server/log.hpp"

namespace ibasho::http {
namespace fs = std::filesystem;

StaticRootChoice choose_static_root(const std::string& configured, bool is_default,
                                    const fs::path& binary_dir) {
    std::error_code ec;
    if (!is_default) {
        return {configured, fs::is_directory(configured, ec), "configured"};
    }
    std::vector<std::pair<fs::path, const char*>> candidates{{configured, "working_dir"}};
    if (!binary_dir.empty()) {
        // The Debian layout (/usr/bin + /usr/share/ibasho/client), then the build tree
        // (build/server/ibasho-server next to client-web/dist).
        candidates.emplace_back((binary_dir / "../share/ibasho/client").lexically_normal(),
                                "installed");
        candidates.emplace_back((binary_dir / "../../client-web/dist").lexically_normal(),
                                "build_tree");
    }
    for (const auto& [path, source] : candidates) {
        if (fs::is_directory(path, ec)) {
            return {path.string(), true, source};
        }
    }
    return {configured, false, "working_dir"};
}

fs::path running_binary_dir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

std::string resolve_static_root(const std::string& configured) {
    const bool is_default = configured == Config{}.static_dir;
    const StaticRootChoice choice =
        choose_static_root(configured, is_default, is_default ? running_binary_dir() : fs::path());
    if (choice.found && !is_default) {
        // The operator's own path: nothing to tell them (and no path in the log to leak).
        log::info("static_folder", {{"source", choice.source}});
    } else if (choice.found) {
        log::info("static_folder", {{"path", choice.path}, {"source", choice.source}});
    } else {
        // Not fatal: /ws, /api, /healthz and /metrics need no files; static paths answer 404.
        log::warn("static_folder_missing",
                  {{"path", choice.path}, {"hint", "pass --static DIR to serve the web client"}});
    }
    return choice.path;
}

}  // namespace ibasho::http
