#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "server/config.hpp"
#include "server/http/content_types.hpp"
#include "server/http/static_files.hpp"

using namespace ibasho;
namespace fs = std::filesystem;

namespace {

struct TempSite {
    fs::path root;
    TempSite() {
        root = fs::temp_directory_path() / ("ibasho-static-" + std::to_string(::getpid()));
        fs::remove_all(root);
        fs::create_directories(root / "assets");
        write("index.html", "<!doctype html><title>t</title>");
        write("assets/app-5TYJ3QZ2.js", "console.log(1)");
        write("assets/app.css", "body{}");
        std::ofstream(root.parent_path() / "ibasho-secret.txt") << "secret";
    }
    ~TempSite() { fs::remove_all(root); }
    void write(const std::string& rel, const std::string& body) {
        std::ofstream(root / rel, std::ios::binary) << body;
    }
};

}  // namespace

TEST_CASE("content types by extension", "[static]") {
    CHECK(http::content_type_for("/a/index.html") == "text/html; charset=utf-8");
    CHECK(http::content_type_for("x.JS") == "text/javascript; charset=utf-8");
    CHECK(http::content_type_for("x.css") == "text/css; charset=utf-8");
    CHECK(http::content_type_for("x.svg") == "image/svg+xml");
    CHECK(http::content_type_for("x.woff2") == "font/woff2");
    CHECK(http::content_type_for("noext") == "application/octet-stream");
    CHECK(http::content_type_for("dir.d/noext") == "application/octet-stream");
}

TEST_CASE("index, files, ETag and cache policy", "[static]") {
    TempSite site;
    http::StaticFiles files(site.root.string());
    auto index = files.serve("/", "");
    CHECK(index.status == 200);
    CHECK(index.content_type == "text/html; charset=utf-8");
    CHECK(index.cache_control == "no-store");
    CHECK_FALSE(index.etag.empty());
    CHECK(index.body.find("<title>t</title>") != std::string::npos);

    auto again = files.serve("/index.html?x=1", index.etag);
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(files.serve("/index.html", "W/" + index.etag + ", \"other\"").status == 304);

    auto js = files.serve("/assets/app-5TYJ3QZ2.js", "");
    CHECK(js.status == 200);
    CHECK(js.cache_control == "no-store");
    CHECK(js.content_encoding.empty());
}

TEST_CASE("a precompressed variant goes to browsers that accept gzip", "[static]") {
    TempSite site;
    site.write("assets/app.css.gz", "GZIPPED");
    http::StaticFiles files(site.root.string());
    auto plain = files.serve("/assets/app.css", "", false);
    CHECK(plain.body == "body{}");
    auto gz = files.serve("/assets/app.css", "", true);
    CHECK(gz.body == "GZIPPED");
    CHECK(gz.content_encoding == "gzip");
    CHECK(gz.content_type == "text/css; charset=utf-8");
    CHECK(gz.etag != plain.etag);
    CHECK(files.serve("/index.html", "", true).content_encoding.empty());  // no .gz: plain
    CHECK(http::accepts_gzip("gzip, deflate, br"));
    CHECK(http::accepts_gzip("br;q=1.0, gzip;q=0.8"));
    CHECK_FALSE(http::accepts_gzip("gzip;q=0"));
    CHECK_FALSE(http::accepts_gzip("identity"));
    CHECK_FALSE(http::accepts_gzip(""));
}

TEST_CASE("nothing outside the root is ever served", "[static]") {
    TempSite site;
    http::StaticFiles files(site.root.string());
    for (const char* target :
         {"/../ibasho-secret.txt", "/%2e%2e/ibasho-secret.txt", "/assets/../../ibasho-secret.txt",
          "/..%2fibasho-secret.txt", "/a%00b", "/%zz", "relative", "/assets\\..\\x"}) {
        INFO(target);
        auto r = files.serve(target, "");
        CHECK(r.status != 200);
        CHECK(r.body.find("secret") == std::string::npos);
    }
    fs::create_symlink(site.root.parent_path() / "ibasho-secret.txt", site.root / "link.txt");
    CHECK(files.serve("/link.txt", "").status == 404);
    CHECK(files.serve("/missing.html", "").status == 404);
}

TEST_CASE("a missing root is a configuration error", "[static]") {
    CHECK_THROWS_AS(http::StaticFiles("/nonexistent/ibasho"), ConfigError);
}
