#include "moderation/crisis_words.hpp"

#include "moderation/text_fold.hpp"
#include "moderation/utf8.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

namespace ibasho::moderation {
namespace {

// Three bytes is one kana or kanji, or three ASCII letters: short enough for "od" + "した", long
// enough that the index stays selective.
constexpr std::size_t min_entry_bytes = 3;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("crisis lexicon: cannot read " + path);
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

template <typename Add>
void parse_lines(std::string_view text, std::string_view what, Add add) {
    std::size_t line_number = 0;
    while (!text.empty()) {
        const std::size_t newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
        ++line_number;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        const std::size_t first = line.find_first_not_of(" \t");
        if (first == std::string_view::npos || line[first] == '#') {
            continue;
        }
        const auto where = std::string(what) + " line " + std::to_string(line_number);
        if (!is_valid_utf8(line)) {
            throw std::runtime_error("crisis lexicon: " + where + " is not valid UTF-8");
        }
        std::string folded = fold_for_matching(line);
        if (folded.size() < min_entry_bytes) {
            throw std::runtime_error("crisis lexicon: " + where + " is too short to match safely");
        }
        add(std::move(folded));
    }
}

}  // namespace

CrisisLexicon CrisisLexicon::from_text(std::string_view lexicon_text,
                                       std::string_view exclusions_text) {
    CrisisLexicon lexicon;
    parse_lines(lexicon_text, "lexicon",
                [&](std::string folded) { lexicon.stems_.add(std::move(folded)); });
    parse_lines(exclusions_text, "exclusions",
                [&](std::string folded) { lexicon.exclusions_.add(std::move(folded)); });
    if (lexicon.stems_.size() == 0) {
        throw std::runtime_error("crisis lexicon: the lexicon has no entries");
    }
    return lexicon;
}

CrisisLexicon CrisisLexicon::from_files(const std::string& lexicon_path,
                                        const std::string& exclusions_path) {
    return from_text(read_file(lexicon_path), read_file(exclusions_path));
}

bool CrisisLexicon::matches(std::string_view valid_utf8) const {
    const std::string folded = fold_for_matching(valid_utf8);
    std::vector<WordIndex::Hit> hits;
    stems_.scan(folded, [&](const WordIndex::Hit& hit) {
        hits.push_back(hit);
        return true;
    });
    if (hits.empty()) {
        return false;
    }
    // Exclusions are only looked for in the rare text that has a hit at all.
    std::vector<WordIndex::Hit> covers;
    exclusions_.scan(folded, [&](const WordIndex::Hit& hit) {
        covers.push_back(hit);
        return true;
    });
    for (const WordIndex::Hit& hit : hits) {
        bool covered = false;
        for (const WordIndex::Hit& cover : covers) {
            if (cover.begin <= hit.begin && hit.end <= cover.end) {
                covered = true;
                break;
            }
        }
        if (!covered) {
            return true;
        }
    }
    return false;
}

}  // namespace ibasho::moderation
