// The benchmark's inputs: the moderation test corpora, one message a line, split into Japanese
// and English so each language's cost shows on its own.
#pragma once

#include <string>
#include <vector>

namespace ibasho::bench {

struct MessageSet {
    std::string name;      // "ordinary", "crisis", "contact"
    std::string language;  // "ja": the line holds a non-ASCII character; "en": ASCII only
    std::vector<std::string> lines;
};

// ordinary_talk.txt, crisis_positive.txt, and contact_positive.txt with contact_near_miss.txt
// (the shield's work is in the near misses too), each as a Japanese and an English set, read
// from `corpus_dir`. Comment lines ('#') and blank lines are skipped. Throws
// std::runtime_error naming the file when one cannot be read or a set would be empty.
std::vector<MessageSet> load_message_sets(const std::string& corpus_dir);

}  // namespace ibasho::bench
