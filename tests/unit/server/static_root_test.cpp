// Where the web client's folder is found: an explicit --static as given, the default from the
// working directory, the installed layout, then the build tree; and a missing folder serves 404.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "server/config.hpp"
#include "server/http/static_files.hpp"
#include "server/http/static_root.hpp"

using namespace ibasho;
namespace fs = std::filesystem;

namespace {

// <tmp>/usr/bin (the binary's folder), and a working directory with nothing in it.
struct TempTree {
    fs::path top;
    fs::path bin;
    fs::path work;
    fs::path saved_cwd = fs::current_path();
    TempTree() {
        top = fs::temp_directory_path() / ("ibasho-static-root-" + std::to_string(::getpid()));
        fs::remove_all(top);
        bin = top / "usr" / "bin";
        work = top / "work";
        fs::create_directories(bin);
        fs::create_directories(work);
        fs::current_path(work);  // the default is relative to the working directory
    }
    ~TempTree() {
        fs::current_path(saved_cwd);
        fs::remove_all(top);
    }
    fs::path make(const fs::path& p) {
        fs::create_directories(p);
        return p;
    }
};

const std::string default_dir = Config{}.static_dir;

}  // namespace

TEST_CASE("static root: the default in the working directory comes first", "[static]") {
    TempTree t;
    t.make(t.work / default_dir);
    t.make(t.top / "usr/share/ibasho/client");
    const auto c = http::choose_static_root(default_dir, true, t.bin);
    CHECK(c.found);
    CHECK(c.path == default_dir);
    CHECK(c.source == "working_dir");
}

TEST_CASE("static root: else the installed layout beside the binary", "[static]") {
    TempTree t;
    t.make(t.top / "usr/share/ibasho/client");
    t.make(t.top / "client-web/dist");  // <bin>/../../client-web/dist too: installed wins
    const auto c = http::choose_static_root(default_dir, true, t.bin);
    CHECK(c.found);
    CHECK(fs::equivalent(c.path, t.top / "usr/share/ibasho/client"));
    CHECK(c.source == "installed");
}

TEST_CASE("static root: else the build tree", "[static]") {
    TempTree t;
    // build/server/ibasho-server next to client-web/dist
    const fs::path bin = t.make(t.top / "build/server");
    t.make(t.top / "client-web/dist");
    const auto c = http::choose_static_root(default_dir, true, bin);
    CHECK(c.found);
    CHECK(fs::equivalent(c.path, t.top / "client-web/dist"));
    CHECK(c.source == "build_tree");
}

TEST_CASE("static root: nothing found keeps the default and says so", "[static]") {
    TempTree t;
    const auto c = http::choose_static_root(default_dir, true, t.bin);
    CHECK_FALSE(c.found);
    CHECK(c.path == default_dir);
    const auto no_binary = http::choose_static_root(default_dir, true, fs::path());
    CHECK_FALSE(no_binary.found);
}

TEST_CASE("static root: an explicit --static is never replaced", "[static]") {
    TempTree t;
    t.make(t.top / "usr/share/ibasho/client");
    const std::string mine = (t.top / "mine").string();
    auto c = http::choose_static_root(mine, false, t.bin);
    CHECK_FALSE(c.found);
    CHECK(c.path == mine);
    CHECK(c.source == "configured");
    t.make(mine);
    c = http::choose_static_root(mine, false, t.bin);
    CHECK(c.found);
    CHECK(c.path == mine);
}

TEST_CASE("static root: the running binary's folder is known", "[static]") {
    const fs::path dir = http::running_binary_dir();
    REQUIRE_FALSE(dir.empty());
    CHECK(fs::is_directory(dir));
}

TEST_CASE("a missing static folder serves 404 and never the working directory", "[static]") {
    TempTree t;
    std::ofstream(t.work / "index.html") << "not to be served";
    const auto files = http::StaticFiles::if_present((t.top / "absent").string());
    CHECK_FALSE(files.has_root());
    CHECK(files.serve("/", "").status == 404);
    CHECK(files.serve("/index.html", "").status == 404);
    CHECK(files.serve("/../etc/passwd", "").status == 400);
    const auto present = http::StaticFiles::if_present(t.work.string());
    CHECK(present.has_root());
    CHECK(present.serve("/index.html", "").status == 200);
}
