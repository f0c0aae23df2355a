// Scratch folders and fixture files for integration tests: a temp dir that cleans itself up,
// a self-signed test certificate (made once per process), a rooms file and a tiny web site.
#pragma once

#include <string>
#include <string_view>

namespace ibasho::itest {

// A fresh folder under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
  public:
    explicit TempDir(std::string_view prefix = "ibasho-itest");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return path_; }

    // Writes `content` to path()/name (creating sub-folders) and returns the full path.
    std::string write(std::string_view name, std::string_view content) const;

  private:
    std::string path_;
};

struct TlsFiles {
    std::string cert;
    std::string key;
};

// An ECDSA P-256 certificate for CN=localhost, IP 127.0.0.1, generated with the openssl tool
// the first time it is asked for: key generation is the slow part, so it happens once.
const TlsFiles& test_certificate();

// Room ids in the rooms file that write_rooms_file() produces.
namespace rooms {
inline constexpr std::string_view open = "lobby";          // open to all, rate limit off
inline constexpr std::string_view limited = "women-only";  // audience ["women"]: needs affirm
inline constexpr std::string_view pair = "pair";           // capacity 2
}  // namespace rooms

// Writes the rooms file described by `rooms` into `dir` and returns its path.
std::string write_rooms_file(const TempDir& dir);

// The files the static-file tests expect, written under dir/site; returns that folder.
inline constexpr std::string_view index_html =
    "<!doctype html><html><head><title>ibasho test</title></head><body>ok</body></html>\n";
inline constexpr std::string_view style_css = "body { color: #222; }\n";
// The help directory GET /api/help serves (site/help/directory.json).
inline constexpr std::string_view help_directory_json =
    R"({"verified_on":null,"emergency":[{"name":{"ja":"救急","en":"Emergency"},"tel":"119"}]})";
std::string write_static_site(const TempDir& dir);

// Reads a whole file; empty when it cannot be read.
std::string read_text_file(const std::string& path);

}  // namespace ibasho::itest
