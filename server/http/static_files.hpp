// Serves the web client's files from one folder: safe path mapping, content types, ETags,
// precompressed NAME.gz variants, and a cache policy that keeps no copy on a shared device.
#pragma once

#include <string>
#include <string_view>

namespace ibasho::http {

struct StaticResult {
    int status = 404;  // 200, 304, 400, 404
    std::string body;
    std::string content_type = "text/plain; charset=utf-8";
    std::string etag;
    std::string cache_control = "no-store";
    std::string content_encoding;  // "gzip" when the .gz variant was served
};

class StaticFiles {
  public:
    // `root` must exist; it is resolved once so a symlink cannot lead out of it later.
    explicit StaticFiles(const std::string& root);
    // No folder: every path answers 404 (the rest of the server still runs).
    StaticFiles() = default;
    // `root` when it is a readable folder, else no folder (the caller has warned).
    static StaticFiles if_present(const std::string& root);
    bool has_root() const { return !root_.empty(); }

    // `accepts_gzip`: the request's Accept-Encoding allows gzip.
    StaticResult serve(std::string_view target, std::string_view if_none_match,
                       bool accepts_gzip = false) const;
    const std::string& root() const { return root_; }

  private:
    std::string root_;
};

// True when an Accept-Encoding header value allows gzip (and does not refuse it with q=0).
bool accepts_gzip(std::string_view accept_encoding);

// Percent-decodes a URL path; false on a malformed escape or a NUL byte.
bool decode_path(std::string_view in, std::string& out);

}  // namespace ibasho::http
