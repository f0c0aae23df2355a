#include "tests/bench/filters/corpus.hpp"

#include "tests/support/corpus_file.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace ibasho::bench {
namespace {

bool is_ascii(const std::string& line) {
    return std::all_of(line.begin(), line.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::vector<MessageSet> load_message_sets(const std::string& corpus_dir) {
    const std::vector<std::pair<std::string, std::vector<std::string>>> sources = {
        {"ordinary", {"ordinary_talk.txt"}},
        {"crisis", {"crisis_positive.txt"}},
        {"contact", {"contact_positive.txt", "contact_near_miss.txt"}},
    };
    std::vector<MessageSet> sets;
    for (const auto& [name, files] : sources) {
        MessageSet ja{name, "ja", {}};
        MessageSet en{name, "en", {}};
        for (const auto& file : files) {
            for (auto& line : ibasho::test::read_corpus_lines(corpus_dir + "/" + file)) {
                (is_ascii(line) ? en : ja).lines.push_back(std::move(line));
            }
        }
        for (auto* set : {&ja, &en}) {
            if (set->lines.empty()) {
                throw std::runtime_error("no " + set->language + " lines for " + name + " in " +
                                         corpus_dir);
            }
            sets.push_back(std::move(*set));
        }
    }
    return sets;
}

}  // namespace ibasho::bench
