#include "tests/integration/support/temp_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace ibasho::itest {

namespace fs = std::filesystem;

TempDir::TempDir(std::string_view prefix) {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = (base && *base ? std::string(base) : std::string("/tmp")) + "/" +
                          std::string(prefix) + "-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (::mkdtemp(buf.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed for " + pattern);
    }
    path_ = buf.data();
}

TempDir::~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

std::string TempDir::write(std::string_view name, std::string_view content) const {
    const fs::path full = fs::path(path_) / fs::path(name);
    fs::create_directories(full.parent_path());
    std::ofstream out(full, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) {
        throw std::runtime_error("cannot write " + full.string());
    }
    return full.string();
}

const TlsFiles& test_certificate() {
    // Held for the life of the process; the folder goes away at exit with the static.
    static const std::unique_ptr<TempDir> dir = std::make_unique<TempDir>("ibasho-itest-tls");
    static const TlsFiles files = [] {
        TlsFiles f{dir->path() + "/cert.pem", dir->path() + "/key.pem"};
        const std::string cmd =
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
            "-subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout '" +
            f.key + "' -out '" + f.cert + "' >/dev/null 2>&1";
        if (std::system(cmd.c_str()) != 0 || read_text_file(f.cert).empty()) {
            throw std::runtime_error("openssl could not make the test certificate");
        }
        return f;
    }();
    return files;
}

std::string write_rooms_file(const TempDir& dir) {
    std::ostringstream json;
    json << R"({
  "defaults": {"capacity": 30, "history_length": 200, "history_age_s": 3600,
               "rate_limit": {"per_second": 0.5, "burst": 5}, "presence": "names"},
  "rooms": [
    {"id": ")"
         << rooms::open << R"(", "name": {"ja": "ひろば", "en": "Lobby"},
     "audience": ["open"], "rate_limit": "off", "capacity": 1000},
    {"id": ")"
         << rooms::limited << R"(", "name": {"ja": "女性の部屋", "en": "Women"},
     "audience": ["women"], "presence": "counts"},
    {"id": ")"
         << rooms::pair << R"(", "name": {"ja": "ふたり", "en": "Pair"},
     "audience": ["open"], "capacity": 2}
  ]
}
)";
    return dir.write("rooms.json", json.str());
}

std::string write_static_site(const TempDir& dir) {
    dir.write("site/index.html", index_html);
    dir.write("site/style.css", style_css);
    dir.write("site/help/directory.json", help_directory_json);
    return dir.path() + "/site";
}

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace ibasho::itest
