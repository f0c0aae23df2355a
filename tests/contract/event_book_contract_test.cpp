// The EventBook against memory and a real Redis: an event written through one node's Store
// shows up in another node's book (and its room windows), changes and removals follow, and a
// record written around the API is left out rather than guessed at; organisations' names
// come along.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>

#include "chat_harness.hpp"
#include "redis_test_server.hpp"
#include "server/events/event_book.hpp"
#include "server/events/event_json.hpp"
#include "server/store/memory_store.hpp"

using namespace ibasho;
using namespace ibasho::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

struct BookNode {
    BookNode(Backend kind, std::string prefix) : seams(kind, shards, clock, std::move(prefix)) {
        settle();
    }
    // A second node on `other`'s data: the same backing (memory) or the same prefix (Redis).
    BookNode(Backend kind, BookNode& other, std::string prefix)
        : seams(kind, shards, clock, std::move(prefix)) {
        if (kind == Backend::memory) {
            seams.store = std::make_unique<MemoryStore>(
                static_cast<MemoryStore&>(*other.seams.store).backend());
        }
        settle();
    }
    void settle() { test::settle(shards, seams.node.get()); }
    Store& store() { return *seams.store; }

    StoreResult put(const events::Event& e, std::uint64_t expected) {
        std::optional<StoreResult> out;
        store().put({"event", e.id, e.org, 0, events::to_json(e).dump(), {}}, expected,
                    [&](StoreResult r, std::uint64_t) { out = r; });
        settle();
        REQUIRE(out);
        return *out;
    }

    ManualClock clock;
    Shards shards{1};
    Seams seams;
};

bool eventually(BookNode& a, BookNode& b, const std::function<bool()>& pred) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        a.settle();
        b.settle();
    }
    return true;
}

events::Event tsudoi(const std::string& id) {
    events::Event e;
    const json body = json::parse(R"({
      "title":{"ja":"つどい","en":"Meeting"},
      "start":"2026-12-12T10:00:00+09:00","end":"2026-12-12T11:30:00+09:00",
      "audience":["family"],
      "rooms":[{"room":"honnin","side":"lived","supporters":["st_a"]},
               {"room":"kazoku","side":"family","supporters":["st_b"]}],
      "recurrence":{"freq":"weekly","count":3}})");
    REQUIRE_FALSE(events::parse_event(body, e));
    e.id = id;
    e.org = "main";
    return e;
}

std::int64_t utc(const char* text) {
    return *events::parse_rfc3339(text);
}

}  // namespace

TEMPLATE_TEST_CASE("event book: a put on one node reaches another node's book",
                   "[contract][events]", MemoryBackend, RedisBackend) {
    const std::string prefix = unique_prefix();
    BookNode a(TestType::kind, prefix);
    BookNode b(TestType::kind, a, prefix);
    events::EventBook book(b.store());
    int updates = 0;
    book.on_update([&] { ++updates; });
    book.start();
    REQUIRE(eventually(a, b, [&] { return book.generation() >= 1; }));
    CHECK(book.snapshot()->events.empty());

    events::Event e = tsudoi("ev_AAAAAAAAAAAAAAAA");
    REQUIRE(a.put(e, 0) == StoreResult::ok);
    REQUIRE(eventually(a, b, [&] { return book.snapshot()->find(e.id) != nullptr; }));
    CHECK(book.snapshot()->find(e.id)->version == 1);
    CHECK(book.snapshot()->find(e.id)->org == "main");
    const auto w = book.windows_between(utc("2026-12-01T00:00:00Z"), utc("2027-01-01T00:00:00Z"));
    REQUIRE(w.size() == 6);  // three Saturdays, two rooms each
    CHECK(w[0].room == "honnin");
    CHECK(w[1].room == "kazoku");
    CHECK(w[1].pair_room == "honnin");
    CHECK(w[5].starts_ms == utc("2026-12-26T01:00:00Z"));

    // A cancellation written elsewhere takes that occurrence's windows away here.
    e.cancelled_ms = {utc("2026-12-19T01:00:00Z")};
    REQUIRE(a.put(e, 1) == StoreResult::ok);
    REQUIRE(eventually(a, b, [&] { return book.snapshot()->find(e.id)->version == 2; }));
    CHECK(book.windows_between(utc("2026-12-19T00:00:00Z"), utc("2026-12-20T00:00:00Z")).empty());

    // A record written around the API is left out; the good one stays.
    const auto before = book.generation();
    std::optional<StoreResult> bad;
    a.store().put({"event", "ev_BBBBBBBBBBBBBBBB", "main", 0, R"({"title":"x"})", {}}, 0,
                  [&](StoreResult r, std::uint64_t) { bad = r; });
    REQUIRE(eventually(a, b, [&] { return book.generation() > before; }));
    CHECK(book.snapshot()->events.size() == 1);

    // Organisations' names come with the reading (the public schedule shows them).
    a.store().put({"org", "main", "", 0, R"({"name":{"ja":"ひだまり会","en":"Hidamari"}})", {}}, 0,
                  nullptr);
    REQUIRE(eventually(a, b, [&] { return book.snapshot()->org_names.count("main") == 1; }));
    CHECK(book.snapshot()->org_names.at("main").en == "Hidamari");

    std::optional<StoreResult> removed;
    a.store().remove("event", e.id, 2, [&](StoreResult r) { removed = r; });
    REQUIRE(eventually(a, b, [&] { return book.snapshot()->find(e.id) == nullptr; }));
    CHECK(removed == StoreResult::ok);
    CHECK(book.windows_between(0, utc("2030-01-01T00:00:00Z")).empty());
    CHECK(updates >= 4);
}
