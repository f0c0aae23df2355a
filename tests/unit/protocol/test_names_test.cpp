#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

// CTest runs each Catch test case by name, and catch_discover_tests cuts a name at its first
// ';' (a CMake list separator): Catch then matches nothing, reports "No tests ran", and CTest
// counts a pass. So a ';' in a test name silently turns that test off; none may have one.

namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

TEST_CASE("no test case name holds a semicolon, which would silently skip it under CTest",
          "[meta]") {
    const std::filesystem::path tests = std::filesystem::path(IBASHO_SOURCE_DIR) / "tests";
    REQUIRE(std::filesystem::is_directory(tests));
    // TEST_CASE( / TEMPLATE_TEST_CASE( then one or more adjacent string literals.
    const std::regex name(R"((?:TEMPLATE_)?TEST_CASE\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+))");
    std::size_t files = 0;
    std::size_t names = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(tests)) {
        if (entry.path().extension() != ".cpp") {
            continue;
        }
        ++files;
        const std::string text = slurp(entry.path());
        for (std::sregex_iterator it(text.begin(), text.end(), name), end; it != end; ++it) {
            ++names;
            INFO(entry.path().string() << ": " << (*it)[1].str());
            CHECK((*it)[1].str().find(';') == std::string::npos);
        }
    }
    CHECK(files > 20);
    CHECK(names > 200);
}
