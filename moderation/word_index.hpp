// A set of folded words (fold_for_matching) found in folded text by one left-to-right scan:
// the index the crisis lexicon and the blocked-word list share. Immutable once filled.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ibasho::moderation {

// Words are bucketed by their first two code points (a word of one code point by that one),
// behind a bitset of a 16-bit hash of those bytes. One code point would not do: a kana text
// starts most of its positions with the same few hiragana, and so do many words. A scan costs
// a hash and a bit test per code point of the text, plus a bucket lookup and a comparison per
// word sharing the text's next two code points: a few microseconds for a 200-character message
// over hundreds of words.
class WordIndex {
  public:
    struct Hit {
        std::size_t word;   // the number add() gave the word
        std::size_t begin;  // byte offsets in the folded text
        std::size_t end;
    };

    // Adds a folded word (valid UTF-8, not empty) and returns its number, or the number it
    // already has when the same word was added before. Throws std::invalid_argument for an
    // empty word. Filling only: not while another thread scans.
    std::size_t add(std::string folded);

    std::size_t size() const { return words_.size(); }
    const std::string& word(std::size_t number) const { return words_[number]; }

    // Calls on_hit(Hit) for each occurrence of a word in `folded` (valid UTF-8), by position;
    // stops when on_hit returns false.
    template <typename OnHit>
    void scan(std::string_view folded, OnHit on_hit) const;

  private:
    // The bytes of one code point (pair = false) or two (pair = true) at `at`, packed into 64
    // bits with a tag bit per kind; 0 when the text ends first.
    static std::uint64_t key_at(std::string_view s, std::size_t at, bool pair) {
        std::uint64_t key = pair ? 2 : 1;
        std::size_t end = at;
        for (int n = pair ? 2 : 1; n > 0; --n) {
            if (end >= s.size()) {
                return 0;
            }
            const auto lead = static_cast<unsigned char>(s[end]);
            end += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        }
        if (end > s.size()) {
            return 0;
        }
        for (std::size_t i = at; i < end; ++i) {
            key = (key << 8) | static_cast<unsigned char>(s[i]);
        }
        return key;
    }
    static std::size_t hash16(std::uint64_t key) {
        return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 48);
    }
    template <typename OnHit>
    bool scan_bucket(std::string_view folded, std::size_t at, std::uint64_t key,
                     OnHit& on_hit) const;

    std::vector<std::string> words_;
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> buckets_;
    std::bitset<65536> keys_;   // hash16 of every bucket's key
    bool has_singles_ = false;  // a word of one code point: look at single keys too
};

template <typename OnHit>
bool WordIndex::scan_bucket(std::string_view folded, std::size_t at, std::uint64_t key,
                            OnHit& on_hit) const {
    if (key == 0 || !keys_.test(hash16(key))) {
        return true;
    }
    const auto bucket = buckets_.find(key);
    if (bucket == buckets_.end()) {
        return true;
    }
    for (const std::size_t number : bucket->second) {
        const std::string& w = words_[number];
        if (folded.compare(at, w.size(), w) == 0 && !on_hit(Hit{number, at, at + w.size()})) {
            return false;
        }
    }
    return true;
}

template <typename OnHit>
void WordIndex::scan(std::string_view folded, OnHit on_hit) const {
    for (std::size_t at = 0; at < folded.size(); ++at) {
        // Words are whole code points, so they can only start at a lead byte.
        if ((static_cast<unsigned char>(folded[at]) & 0xC0U) == 0x80U) {
            continue;
        }
        if (has_singles_ && !scan_bucket(folded, at, key_at(folded, at, false), on_hit)) {
            return;
        }
        if (!scan_bucket(folded, at, key_at(folded, at, true), on_hit)) {
            return;
        }
    }
}

}  // namespace ibasho::moderation
