// Reading a test corpus (tests/unit/moderation/corpus/*.txt): one message per line, '#'
// comment lines and blank lines skipped, a Windows line end tolerated. Header-only, so unit
// tests and the benchmarks share it without linking the test-support library.
#pragma once

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ibasho::test {

inline std::vector<std::string> read_corpus_lines(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot read corpus " + path);
    }
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (!line.empty() && line[0] != '#') {
            lines.push_back(line);
        }
    }
    return lines;
}

}  // namespace ibasho::test
