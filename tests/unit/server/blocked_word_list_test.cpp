// The blocked-word list a node holds: the shipped list before the Store answers, seeded once
// into an empty Store, an organiser's list followed on every node, a bad record ignored.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "moderation/text_fold.hpp"
#include "server/clock.hpp"
#include "server/store/blocked_word_list.hpp"
#include "server/store/memory_store.hpp"

using namespace ibasho;
using moderation::BlockedAction;
using nlohmann::json;

namespace {

const std::vector<std::string> open_room{"open"};

std::optional<BlockedAction> match(const BlockedWordList& list, std::string_view text) {
    return list.current()->match(moderation::fold_for_matching(text), "hiroba", open_room);
}

StoreResult put(Store& store, const std::string& body,
                std::uint64_t expected = Store::any_version) {
    StoreRecord rec;
    rec.kind = blocked_words_kind;
    rec.id = blocked_words_id;
    rec.owner = "main";
    rec.body = body;
    StoreResult out = StoreResult::unavailable;
    store.put(std::move(rec), expected, [&](StoreResult r, std::uint64_t) { out = r; });
    return out;
}

std::optional<StoreRecord> stored(Store& store) {
    std::optional<StoreRecord> out;
    store.get(blocked_words_kind, blocked_words_id, [&](StoreResult r, StoreRecord rec) {
        if (r == StoreResult::ok) {
            out = std::move(rec);
        }
    });
    return out;
}

std::string one_word(const std::string& word, const std::string& action) {
    return json{{"entries", {{{"word", word}, {"action", action}}}}}.dump();
}

}  // namespace

TEST_CASE("blocked word list: the shipped list until the Store answers, then seeded once",
          "[store][blocked]") {
    ManualClock clock;
    MemoryStore store(clock);
    BlockedWordList list;
    CHECK(match(list, "氏ねよ") == BlockedAction::hide);  // before follow(): the shipped list
    const auto shipped = list.current();

    list.follow(store);
    const auto seeded = stored(store);
    REQUIRE(seeded);
    CHECK(seeded->version == 1);
    CHECK(seeded->body == shipped_blocked_words_json);
    CHECK(match(list, "氏ねよ") == BlockedAction::hide);

    // A second node starting later finds the record and writes nothing.
    BlockedWordList other;
    other.follow(store);
    CHECK(stored(store)->version == 1);
}

TEST_CASE("blocked word list: an organiser's list is never replaced by the seed",
          "[store][blocked]") {
    ManualClock clock;
    MemoryStore store(clock);
    REQUIRE(put(store, one_word("ばかやろう", "hide"), 0) == StoreResult::ok);
    BlockedWordList list;
    list.follow(store);
    CHECK(stored(store)->body == one_word("ばかやろう", "hide"));
    CHECK(match(list, "バカヤロウ") == BlockedAction::hide);
    CHECK_FALSE(match(list, "氏ねよ"));
}

TEST_CASE(
    "blocked word list: every node follows a change and a bad record keeps the last good list",
    "[store][blocked]") {
    ManualClock clock;
    auto backend = std::make_shared<MemoryStoreBackend>(clock);
    MemoryStore node_a(backend);
    MemoryStore node_b(backend);
    BlockedWordList list_a;
    BlockedWordList list_b;
    list_a.follow(node_a);
    list_b.follow(node_b);

    REQUIRE(put(node_a, one_word("会おうよ", "alert")) == StoreResult::ok);
    CHECK(match(list_a, "会おうよ") == BlockedAction::alert);
    CHECK(match(list_b, "会おうよ") == BlockedAction::alert);
    CHECK_FALSE(match(list_b, "氏ねよ"));

    const auto good = list_b.current();
    REQUIRE(put(node_a, R"({"entries":[{"word":"x","action":"hide"}]})") == StoreResult::ok);
    REQUIRE(put(node_a, R"({"entries":"not a list"})") == StoreResult::ok);
    CHECK(list_b.current() == good);
    CHECK(match(list_b, "会おうよ") == BlockedAction::alert);

    // Removed by hand: back to the shipped list, written again once.
    StoreResult removed = StoreResult::unavailable;
    node_a.remove(blocked_words_kind, blocked_words_id, Store::any_version,
                  [&](StoreResult r) { removed = r; });
    REQUIRE(removed == StoreResult::ok);
    CHECK(match(list_a, "氏ねよ") == BlockedAction::hide);
    CHECK(match(list_b, "氏ねよ") == BlockedAction::hide);
    REQUIRE(stored(node_a));
    CHECK(stored(node_a)->body == shipped_blocked_words_json);
}

TEST_CASE("blocked words: each organisation's list applies to its own rooms", "[safety][store]") {
    ManualClock clock;
    auto backend = std::make_shared<MemoryStoreBackend>(clock);
    MemoryStore node_a(backend);
    MemoryStore node_b(backend);
    BlockedWordList list_a;
    BlockedWordList list_b;
    list_a.follow(node_a);
    list_b.follow(node_b);
    auto in = [](const BlockedWordList& list, std::string_view org, std::string_view text) {
        return list.current(org)->match(moderation::fold_for_matching(text), "hiroba", open_room);
    };
    REQUIRE(put(node_a, one_word("みなみかぜ", "alert")) == StoreResult::ok);
    // An organisation without its own list has the shipped one, not main's.
    CHECK(in(list_b, "main", "みなみかぜ") == BlockedAction::alert);
    CHECK_FALSE(in(list_b, "east", "みなみかぜ"));
    CHECK(in(list_b, "east", "氏ねよ") == BlockedAction::hide);

    StoreRecord east;
    east.kind = blocked_words_kind;
    east.id = "east";
    east.owner = "east";
    east.body = one_word("ひがし", "hide");
    node_a.put(east, Store::any_version, nullptr);
    CHECK(in(list_b, "east", "ひがし") == BlockedAction::hide);
    CHECK(in(list_a, "east", "ひがし") == BlockedAction::hide);
    CHECK_FALSE(in(list_b, "main", "ひがし"));
    CHECK_FALSE(in(list_b, "west", "ひがし"));
    // A bad record keeps the last good list.
    east.body = R"({"entries":"not a list"})";
    node_a.put(east, Store::any_version, nullptr);
    CHECK(in(list_b, "east", "ひがし") == BlockedAction::hide);
}
