// Each organisation's blocked words (Store kind `blocked_words`, id = the organisation; "main"'s
// seeded once from the shipped moderation/data/blocked_words.json), cached per node and followed
// through a watch. An organisation without its own list has the shipped one.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "moderation/blocked_words.hpp"

namespace ibasho {

class Store;

inline constexpr const char* blocked_words_kind = "blocked_words";
inline constexpr const char* blocked_words_id = "main";

// The shipped list's text, compiled in (generated from moderation/data/blocked_words.json).
extern const char* const shipped_blocked_words_json;

class BlockedWordList {
  public:
    // Holds the shipped list until the Store answers. Throws std::invalid_argument (start-up)
    // when the shipped file is not a valid list.
    BlockedWordList();

    // Reads the Store's list now, again whenever it changes on any node (a watch) and on
    // refresh(). When the Store has none, writes the shipped list once (compare-and-set with
    // version 0: two nodes starting together write it once, an organiser's list is never
    // replaced). `store` must outlive this object.
    void follow(Store& store);
    // Reads the Store's list again (after Redis came back: changes may have been missed).
    void refresh();

    // The list in force. Any thread; cheap (an atomic shared_ptr load): take it once per
    // message and keep it for that message.
    std::shared_ptr<const moderation::BlockedWords> current() const { return current_.load(); }
    // The list in force in the rooms of organisation `org` (the shipped list when it has none
    // of its own). Any thread; as cheap as current().
    std::shared_ptr<const moderation::BlockedWords> current(std::string_view org) const;

  private:
    using OrgLists =
        std::map<std::string, std::shared_ptr<const moderation::BlockedWords>, std::less<>>;
    void take(std::uint64_t ticket, const std::string& body);
    void install(std::uint64_t ticket, std::shared_ptr<const moderation::BlockedWords> words);
    // Re-reads every other organisation's list (rare: organisers save them by hand).
    void refresh_others();

    Store* store_ = nullptr;
    std::atomic<std::shared_ptr<const moderation::BlockedWords>> current_;
    // Reads are numbered so an answer that arrives after a later read's is dropped (a
    // record's version cannot order them: a removed record starts again at 1).
    std::mutex mutex_;
    std::uint64_t asked_ = 0;
    std::uint64_t applied_ = 0;
    std::atomic<std::shared_ptr<const OrgLists>> others_;
    std::uint64_t others_asked_ = 0;
    std::uint64_t others_applied_ = 0;
};

}  // namespace ibasho
