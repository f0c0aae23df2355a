// The organisation's blocked words: each folded word hides a message from others or alerts the
// room's staff, in every room or only in some rooms or audiences. Immutable, shared by threads.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/word_index.hpp"

namespace ibasho::moderation {

// Ordered by strength: when several words match, the strongest action is the answer.
enum class BlockedAction { alert, hide };

std::string_view to_string(BlockedAction action);

// What is wrong with a list body: the field ("entries[3].action") and why, for a 400.
struct BlockedWordsProblem {
    std::string field;
    std::string message;

    // "entries[3].action: must be \"hide\" or \"alert\"."
    std::string text() const { return field + ": " + message; }
};

// Body: {"entries":[{"word","action":"hide"|"alert","rooms"?:[room id],"audiences"?:[...]}]}.
// Other keys are ignored. A word is matched after fold_for_matching (NFKC, kana width,
// katakana as hiragana, lower case, no spaces or filler marks), anywhere in the folded text,
// across the spaces the fold removed. An entry applies in a room when `rooms` is absent or
// names it, and `audiences` is absent or shares an audience with the room.
class BlockedWords {
  public:
    static constexpr std::size_t max_entries = 2000;
    static constexpr std::size_t max_word_chars = 100;   // code points, as written
    static constexpr std::size_t min_folded_chars = 2;   // code points, after folding
    static constexpr std::size_t max_scope_items = 100;  // rooms, or audiences, per entry

    // A list that matches nothing.
    BlockedWords() = default;

    // Throws std::invalid_argument with BlockedWordsProblem::text() on a bad body.
    static BlockedWords from_json(std::string_view body);

    // The first problem of a body, or nullopt when from_json would take it. No exceptions.
    static std::optional<BlockedWordsProblem> validate(std::string_view body);

    // The strongest action of the words found in `folded_text` (fold_for_matching of the
    // message, computed once by the caller) that apply in `room`, whose audiences are
    // `room_audiences` (the rooms file's `audience` list). nullopt when none matches.
    std::optional<BlockedAction> match(std::string_view folded_text, std::string_view room,
                                       std::span<const std::string> room_audiences) const;

    std::size_t entry_count() const { return entry_count_; }

  private:
    struct Scope {
        BlockedAction action;
        std::vector<std::string> rooms;      // empty: every room
        std::vector<std::string> audiences;  // empty: every audience
        bool applies(std::string_view room, std::span<const std::string> room_audiences) const;
    };

    static std::optional<BlockedWordsProblem> build(std::string_view body, BlockedWords* out);

    WordIndex index_;
    std::vector<std::vector<Scope>> scopes_;  // by WordIndex number: one per entry of that word
    std::size_t entry_count_ = 0;
};

}  // namespace ibasho::moderation
