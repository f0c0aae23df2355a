#include "server/http/static_files.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/config.hpp"
#include "server/http/content_types.hpp"

namespace ibasho::http {
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t max_file_bytes = 32 * 1024 * 1024;

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool etag_matches(std::string_view header, const std::string& etag) {
    if (header == "*") {
        return true;
    }
    std::size_t pos = 0;
    while (pos < header.size()) {
        auto comma = header.find(',', pos);
        auto item = header.substr(pos, comma == std::string_view::npos ? header.npos : comma - pos);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        if (item.substr(0, 2) == "W/")
            item.remove_prefix(2);
        if (item == etag) {
            return true;
        }
        if (comma == std::string_view::npos)
            break;
        pos = comma + 1;
    }
    return false;
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

bool accepts_gzip(std::string_view header) {
    std::size_t pos = 0;
    while (pos < header.size()) {
        auto comma = header.find(',', pos);
        auto item = header.substr(pos, comma == std::string_view::npos ? header.npos : comma - pos);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        const auto semi = item.find(';');
        auto name = item.substr(0, semi);
        while (!name.empty() && name.back() == ' ')
            name.remove_suffix(1);
        if (name == "gzip" || name == "*") {
            const bool refused = semi != std::string_view::npos &&
                                 item.find("q=0", semi) != std::string_view::npos &&
                                 item.find("q=0.", semi) == std::string_view::npos;
            return !refused;
        }
        if (comma == std::string_view::npos)
            break;
        pos = comma + 1;
    }
    return false;
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
