#include "moderation/blocked_words.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "moderation/text_fold.hpp"
#include "moderation/utf8.hpp"
#include "protocol/validate.hpp"

namespace ibasho::moderation {
namespace {

using nlohmann::json;

std::string at(std::size_t i) {
    return "entries[" + std::to_string(i) + "]";
}

// `rooms` or `audiences` of one entry: absent, or a non-empty list of distinct ids.
std::optional<BlockedWordsProblem> read_scope(const json& entry, const char* key,
                                              const std::string& where,
                                              bool (*valid)(std::string_view), const char* id_rule,
                                              std::vector<std::string>& out) {
    const auto it = entry.find(key);
    if (it == entry.end()) {
        return std::nullopt;
    }
    const std::string field = where + "." + key;
    // An empty list would mean "nowhere": say so rather than guess.
    if (!it->is_array() || it->empty() || it->size() > BlockedWords::max_scope_items) {
        return BlockedWordsProblem{field, "must be a list of 1 to 100 ids, or left out for all."};
    }
    for (const json& id : *it) {
        if (!id.is_string() || !valid(id.get_ref<const std::string&>())) {
            return BlockedWordsProblem{field, std::string("each must be ") + id_rule + "."};
        }
        if (std::find(out.begin(), out.end(), id.get_ref<const std::string&>()) == out.end()) {
            out.push_back(id.get<std::string>());
        }
    }
    return std::nullopt;
}

bool is_room_id(std::string_view id) {
    return protocol::is_room_id(id);
}
bool is_audience(std::string_view id) {
    return protocol::is_reason_code(id);  // the rooms file's audiences are ^[a-z0-9_]+$
}

}  // namespace

std::string_view to_string(BlockedAction action) {
    return action == BlockedAction::hide ? "hide" : "alert";
}

bool BlockedWords::Scope::applies(std::string_view room,
                                  std::span<const std::string> room_audiences) const {
    if (!rooms.empty() && std::find(rooms.begin(), rooms.end(), room) == rooms.end()) {
        return false;
    }
    if (audiences.empty()) {
        return true;
    }
    return std::any_of(room_audiences.begin(), room_audiences.end(), [this](const std::string& a) {
        return std::find(audiences.begin(), audiences.end(), a) != audiences.end();
    });
}

std::optional<BlockedWordsProblem> BlockedWords::build(std::string_view body, BlockedWords* out) {
    const json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return BlockedWordsProblem{"body", "must be a JSON object with an entries list."};
    }
    const auto entries = doc.find("entries");
    if (entries == doc.end() || !entries->is_array()) {
        return BlockedWordsProblem{"entries", "must be a list."};
    }
    if (entries->size() > max_entries) {
        return BlockedWordsProblem{"entries", "must hold at most 2000 entries."};
    }
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const json& e = (*entries)[i];
        const std::string where = at(i);
        if (!e.is_object()) {
            return BlockedWordsProblem{where, "must be an object with a word and an action."};
        }
        const auto word = e.find("word");
        if (word == e.end() || !word->is_string() ||
            protocol::check_text(word->get_ref<const std::string&>(), max_word_chars) !=
                protocol::TextProblem::none) {
            return BlockedWordsProblem{where + ".word",
                                       "must be text of 1 to 100 characters, without controls."};
        }
        std::string folded = fold_for_matching(word->get_ref<const std::string&>());
        // One character would hide or flag far too much ("死", "a").
        if (count_code_points(folded) < min_folded_chars) {
            return BlockedWordsProblem{where + ".word",
                                       "must be at least 2 characters once spaces, width and "
                                       "kana are folded."};
        }
        const auto action = e.find("action");
        if (action == e.end() || !action->is_string() ||
            (*action != "hide" && *action != "alert")) {
            return BlockedWordsProblem{where + ".action", "must be \"hide\" or \"alert\"."};
        }
        Scope scope{*action == "hide" ? BlockedAction::hide : BlockedAction::alert, {}, {}};
        if (auto bad = read_scope(e, "rooms", where, is_room_id, "a room id", scope.rooms)) {
            return bad;
        }
        if (auto bad = read_scope(e, "audiences", where, is_audience,
                                  "an audience of the rooms file (a-z, 0-9, _)", scope.audiences)) {
            return bad;
        }
        if (out != nullptr) {
            const std::size_t number = out->index_.add(std::move(folded));
            if (number == out->scopes_.size()) {
                out->scopes_.emplace_back();
            }
            out->scopes_[number].push_back(std::move(scope));
            ++out->entry_count_;
        }
    }
    return std::nullopt;
}

BlockedWords BlockedWords::from_json(std::string_view body) {
    BlockedWords words;
    if (auto problem = build(body, &words)) {
        throw std::invalid_argument(problem->text());
    }
    return words;
}

std::optional<BlockedWordsProblem> BlockedWords::validate(std::string_view body) {
    return build(body, nullptr);
}

std::optional<BlockedAction> BlockedWords::match(
    std::string_view folded_text, std::string_view room,
    std::span<const std::string> room_audiences) const {
    std::optional<BlockedAction> found;
    index_.scan(folded_text, [&](const WordIndex::Hit& hit) {
        for (const Scope& scope : scopes_[hit.word]) {
            if (scope.applies(room, room_audiences)) {
                found = std::max(found.value_or(BlockedAction::alert), scope.action);
                if (*found == BlockedAction::hide) {
                    return false;  // nothing is stronger
                }
            }
        }
        return true;
    });
    return found;
}

}  // namespace ibasho::moderation
