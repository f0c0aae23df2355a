#include "moderation/crisis_words.hpp"

#include "moderation/text_fold.hpp"
#include "moderation/utf8.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace ibasho::moderation {
namespace {

// Three bytes is one kana or kanji, or three ASCII letters: short enough for "od" + "した", long
// enough that the index stays selective.
constexpr std::size_t min_entry_bytes = 3;

std::uint32_t prefix3(std::string_view s, std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2]));
}

std::size_t prefix2(std::string_view s, std::size_t at) {
    return (static_cast<std::size_t>(static_cast<unsigned char>(s[at])) << 8) |
           static_cast<std::size_t>(static_cast<unsigned char>(s[at + 1]));
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("crisis lexicon: cannot read " + path);
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

std::string fold_entry(std::string_view entry, const std::string& where) {
    std::string folded = fold_for_matching(entry);
    if (folded.size() < min_entry_bytes) {
        throw std::runtime_error("crisis lexicon: " + where + " is too short to match safely");
    }
    return folded;
}

// The folded words of one side of a pair line, split at '|'.
std::vector<std::string> fold_side(std::string_view side, const std::string& where) {
    std::vector<std::string> words;
    while (true) {
        const std::size_t bar = side.find('|');
        words.push_back(fold_entry(side.substr(0, bar), where));
        if (bar == std::string_view::npos) {
            return words;
        }
        side.remove_prefix(bar + 1);
    }
}

constexpr std::string_view pair_mark = " & ";

// Calls add(line, where) for each expression line of the file, checked for valid UTF-8.
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
        add(line, where);
    }
}

}  // namespace

std::size_t CrisisLexicon::Index::add(std::string folded) {
    auto& bucket = by_prefix[prefix3(folded, 0)];
    for (const std::size_t existing : bucket) {
        if (entries[existing].text == folded) {
            return existing;
        }
    }
    first_two.set(prefix2(folded, 0));
    bucket.push_back(entries.size());
    entries.push_back(Entry{std::move(folded), false, {}});
    return entries.size() - 1;
}

template <typename OnHit>
void CrisisLexicon::Index::scan(std::string_view folded, OnHit on_hit) const {
    if (folded.size() < min_entry_bytes) {
        return;
    }
    for (std::size_t at = 0; at + min_entry_bytes <= folded.size(); ++at) {
        // Entries are whole code points, so they can only start at a lead byte.
        if ((static_cast<unsigned char>(folded[at]) & 0xC0U) == 0x80U ||
            !first_two.test(prefix2(folded, at))) {
            continue;
        }
        const auto bucket = by_prefix.find(prefix3(folded, at));
        if (bucket == by_prefix.end()) {
            continue;
        }
        for (const std::size_t index : bucket->second) {
            const std::string& entry = entries[index].text;
            if (folded.compare(at, entry.size(), entry) == 0 &&
                !on_hit(Hit{at, at + entry.size(), index})) {
                return;
            }
        }
    }
}

CrisisLexicon CrisisLexicon::from_text(std::string_view lexicon_text,
                                       std::string_view exclusions_text) {
    CrisisLexicon lexicon;
    parse_lines(lexicon_text, "lexicon", [&](std::string_view line, const std::string& where) {
        const std::size_t mark = line.find(pair_mark);
        if (mark == std::string_view::npos) {
            Entry& entry = lexicon.stems_.entries[lexicon.stems_.add(fold_entry(line, where))];
            lexicon.plain_stems_ += entry.plain ? 0 : 1;
            entry.plain = true;
            return;
        }
        const std::size_t pair = lexicon.pairs_.size();
        lexicon.pairs_.push_back(fold_side(line.substr(mark + pair_mark.size()), where));
        for (std::string& word : fold_side(line.substr(0, mark), where)) {
            lexicon.stems_.entries[lexicon.stems_.add(std::move(word))].pairs.push_back(pair);
        }
    });
    parse_lines(exclusions_text, "exclusions",
                [&](std::string_view line, const std::string& where) {
                    lexicon.exclusions_.add(fold_entry(line, where));
                });
    if (lexicon.stems_.entries.empty()) {
        throw std::runtime_error("crisis lexicon: the lexicon has no entries");
    }
    return lexicon;
}

CrisisLexicon CrisisLexicon::from_files(const std::string& lexicon_path,
                                        const std::string& exclusions_path) {
    return from_text(read_file(lexicon_path), read_file(exclusions_path));
}

bool CrisisLexicon::covered(std::size_t begin, std::size_t end,
                            const std::vector<Hit>& covers) const {
    for (const Hit& cover : covers) {
        if (cover.begin <= begin && end <= cover.end) {
            return true;
        }
    }
    return false;
}

bool CrisisLexicon::partner_found(std::string_view folded, const std::vector<std::string>& partners,
                                  const std::vector<Hit>& covers) const {
    for (const std::string& partner : partners) {
        for (std::size_t at = folded.find(partner); at != std::string_view::npos;
             at = folded.find(partner, at + 1)) {
            if (!covered(at, at + partner.size(), covers)) {
                return true;
            }
        }
    }
    return false;
}

bool CrisisLexicon::matches(std::string_view valid_utf8) const {
    return matches_folded(fold_for_matching(valid_utf8));
}

bool CrisisLexicon::matches_folded(std::string_view folded) const {
    std::vector<Hit> hits;
    stems_.scan(folded, [&](Hit hit) {
        hits.push_back(hit);
        return true;
    });
    if (hits.empty()) {
        return false;
    }
    // Exclusions are only looked for in the rare text that has a hit at all.
    std::vector<Hit> covers;
    exclusions_.scan(folded, [&](Hit hit) {
        covers.push_back(hit);
        return true;
    });
    for (const Hit& hit : hits) {
        if (covered(hit.begin, hit.end, covers)) {
            continue;
        }
        const Entry& entry = stems_.entries[hit.entry];
        if (entry.plain) {
            return true;
        }
        for (const std::size_t pair : entry.pairs) {
            if (partner_found(folded, pairs_[pair], covers)) {
                return true;
            }
        }
    }
    return false;
}

}  // namespace ibasho::moderation
