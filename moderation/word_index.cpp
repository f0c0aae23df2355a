#include "moderation/word_index.hpp"

#include <stdexcept>
#include <utility>

namespace ibasho::moderation {

std::size_t WordIndex::add(std::string folded) {
    if (folded.empty()) {
        throw std::invalid_argument("word index: an empty word");
    }
    std::uint64_t key = key_at(folded, 0, true);
    if (key == 0) {
        key = key_at(folded, 0, false);
        has_singles_ = true;
    }
    std::vector<std::size_t>& bucket = buckets_[key];
    for (const std::size_t existing : bucket) {
        if (words_[existing] == folded) {
            return existing;
        }
    }
    keys_.set(hash16(key));
    bucket.push_back(words_.size());
    words_.push_back(std::move(folded));
    return words_.size() - 1;
}

}  // namespace ibasho::moderation
