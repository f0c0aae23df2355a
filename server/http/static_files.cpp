#include "server/http/static_files.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/config.hpp"
#include "server/http/content_types.hpp"
#include "server/http/hex_digit.hpp"

namespace ibasho::http {
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t max_file_bytes = 32 * 1024 * 1024;

std::string_view trim_spaces(std::string_view v) {
    while (!v.empty() && v.front() == ' ')
        v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ')
        v.remove_suffix(1);
    return v;
}

// Calls `fn` with each trimmed item of a comma-separated header until it returns true.
template <class Fn>
bool any_list_item(std::string_view header, Fn fn) {
    std::size_t pos = 0;
    while (pos <= header.size()) {
        const auto comma = header.find(',', pos);
        const auto end = comma == std::string_view::npos ? header.size() : comma;
        if (fn(trim_spaces(header.substr(pos, end - pos)))) {
            return true;
        }
        pos = end + 1;
    }
    return false;
}

bool etag_matches(std::string_view header, const std::string& etag) {
    return trim_spaces(header) == "*" || any_list_item(header, [&](std::string_view item) {
               if (item.substr(0, 2) == "W/")
                   item.remove_prefix(2);
               return item == etag;
           });
}

StaticResult plain(int status, std::string body) {
    StaticResult r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

}  // namespace

bool decode_path(std::string_view in, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size())
                return false;
            const int hi = hex_value(in[i + 1]);
            const int lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0)
                return false;
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0')
            return false;
        out += c;
    }
    return true;
}

StaticFiles::StaticFiles(const std::string& root) {
    std::error_code ec;
    auto canonical = fs::canonical(root, ec);
    if (ec || !fs::is_directory(canonical, ec)) {
        throw ConfigError("static", "'" + root + "' is not a readable folder");
    }
    root_ = canonical.string();
}

StaticFiles StaticFiles::if_present(const std::string& root) {
    std::error_code ec;
    if (root.empty() || !fs::is_directory(root, ec)) {
        return StaticFiles();
    }
    try {
        return StaticFiles(root);
    } catch (const ConfigError&) {
        return StaticFiles();  // gone or unreadable between the check and the resolve
    }
}

bool accepts_gzip(std::string_view header) {
    bool accepted = false;
    any_list_item(header, [&](std::string_view item) {
        const auto semi = item.find(';');
        const auto name = trim_spaces(item.substr(0, semi));
        if (name != "gzip" && name != "*") {
            return false;
        }
        const auto params = semi == std::string_view::npos ? std::string_view() : item.substr(semi);
        const bool refused = params.find("q=0") != std::string_view::npos &&
                             params.find("q=0.") == std::string_view::npos;
        accepted = !refused;
        return true;
    });
    return accepted;
}

StaticResult StaticFiles::serve(std::string_view target, std::string_view if_none_match,
                                bool gzip_ok) const {
    if (auto q = target.find_first_of("?#"); q != std::string_view::npos) {
        target = target.substr(0, q);
    }
    std::string path;
    if (target.empty() || target.front() != '/' || !decode_path(target, path)) {
        return plain(400, "Bad request\n");
    }
    // Refuse anything that could climb out of the root before touching the file system.
    if (path.find("/..") != std::string::npos || path.find('\\') != std::string::npos) {
        return plain(400, "Bad request\n");
    }
    if (root_.empty()) {
        return plain(404, "Not found\n");  // no folder: never fall back to the working one
    }
    if (path.back() == '/') {
        path += "index.html";
    }
    std::error_code ec;
    fs::path full = fs::path(root_) / fs::path(path).relative_path();
    if (fs::is_directory(full, ec)) {
        full /= "index.html";
    }
    auto resolved = fs::weakly_canonical(full, ec);
    if (ec) {
        return plain(404, "Not found\n");
    }
    const std::string resolved_str = resolved.string();
    if (resolved_str.compare(0, root_.size(), root_) != 0 ||
        (resolved_str.size() > root_.size() && resolved_str[root_.size()] != '/')) {
        return plain(404, "Not found\n");
    }
    if (!fs::is_regular_file(resolved, ec)) {
        return plain(404, "Not found\n");
    }
    const auto size = fs::file_size(resolved, ec);
    const auto mtime = fs::last_write_time(resolved, ec);
    if (ec || size > max_file_bytes) {
        return plain(404, "Not found\n");
    }
    char tag[64];
    std::snprintf(tag, sizeof tag, "\"%llx-%llx\"", static_cast<unsigned long long>(size),
                  static_cast<unsigned long long>(mtime.time_since_epoch().count()));

    StaticResult r;
    r.content_type = std::string(content_type_for(resolved_str));
    // Someone may share a family phone: no copy of any page is kept in the browser's cache,
    // so nothing shows that this place was visited. The ETag still serves revalidation.
    r.cache_control = "no-store";
    fs::path body_path = resolved;
    if (gzip_ok) {
        fs::path gz = resolved;
        gz += ".gz";
        if (fs::is_regular_file(gz, ec) && !fs::is_symlink(gz, ec)) {
            body_path = gz;
            r.content_encoding = "gzip";
        }
    }
    r.etag = r.content_encoding.empty() ? std::string(tag)
                                        : std::string(tag).insert(std::strlen(tag) - 1, "-gz");
    if (!if_none_match.empty() && etag_matches(if_none_match, r.etag)) {
        r.status = 304;
        return r;
    }
    std::ifstream in(body_path, std::ios::binary);
    if (!in) {
        return plain(404, "Not found\n");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    r.body = ss.str();
    r.status = 200;
    return r;
}

}  // namespace ibasho::http
