// Seeding the help directory into the Store: once, never over an existing copy, and a bad
// file stops start-up before anything is written.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <random>

#include "server/store/help_seed.hpp"
#include "server/store/memory_store.hpp"

using namespace ibasho;

namespace {

const char* shipped = "client-web/public/help/directory.json";

struct TempFile {
    explicit TempFile(const std::string& text) {
        path = std::filesystem::temp_directory_path() /
               ("ibasho-help-" + std::to_string(std::random_device{}()) + ".json");
        std::ofstream(path) << text;
    }
    ~TempFile() { std::filesystem::remove(path); }
    std::filesystem::path path;
};

std::optional<StoreRecord> directory(Store& s) {
    std::optional<StoreRecord> out;
    s.get(help_kind, help_directory_id, [&](StoreResult r, StoreRecord rec) {
        if (r == StoreResult::ok)
            out = std::move(rec);
    });
    return out;
}

HelpSeedOutcome seed(Store& s, const std::filesystem::path& path) {
    std::optional<HelpSeedOutcome> out;
    seed_help_directory_from_file(s, path, [&](HelpSeedOutcome o) { out = o; });
    REQUIRE(out.has_value());
    return *out;
}

}  // namespace

TEST_CASE("help seed: the shipped directory is written once, as one record", "[help_seed]") {
    ManualClock clock;
    MemoryStore store(clock);
    CHECK(seed(store, shipped) == HelpSeedOutcome::seeded);
    auto rec = directory(store);
    REQUIRE(rec.has_value());
    CHECK(rec->version == 1);
    CHECK(rec->owner.empty());
    CHECK(rec->ttl == std::chrono::milliseconds(0));
    CHECK(rec->body == load_help_directory(shipped));
    CHECK(nlohmann::json::parse(rec->body).contains("emergency"));
}

TEST_CASE("help seed: two nodes starting at once write it once, an edit is never replaced",
          "[help_seed]") {
    ManualClock clock;
    auto shared = std::make_shared<MemoryStoreBackend>(clock);
    MemoryStore node_a(shared), node_b(shared);
    std::vector<StoreChange> changes;
    node_b.watch([&](const StoreChange& c) { changes.push_back(c); });

    const auto a = seed(node_a, shipped);
    const auto b = seed(node_b, shipped);
    CHECK(((a == HelpSeedOutcome::seeded) != (b == HelpSeedOutcome::seeded)));
    CHECK((a == HelpSeedOutcome::already_present || b == HelpSeedOutcome::already_present));
    CHECK(changes.size() == 1);

    // An organiser edits the directory; a restart seeds again and must keep the edit.
    node_a.put(StoreRecord{help_kind, help_directory_id, "", 0, R"({"edited":true})", {}}, 1,
               nullptr);
    CHECK(seed(node_b, shipped) == HelpSeedOutcome::already_present);
    CHECK(directory(node_a)->body == R"({"edited":true})");
    CHECK(directory(node_a)->version == 2);
}

TEST_CASE("help seed: a bad file is a clear error and writes nothing", "[help_seed]") {
    ManualClock clock;
    MemoryStore store(clock);
    TempFile broken(R"({"emergency": [)");
    TempFile not_object(R"(["a list"])");
    const auto missing = std::filesystem::temp_directory_path() / "ibasho-no-such-help.json";

    CHECK_THROWS_WITH(seed(store, broken.path),
                      Catch::Contains("not valid JSON") && Catch::Contains(broken.path.string()));
    CHECK_THROWS_WITH(seed(store, not_object.path), Catch::Contains("must be a JSON object"));
    CHECK_THROWS_WITH(seed(store, missing), Catch::Contains("cannot be read"));
    CHECK_THROWS_AS(load_help_directory(missing), HelpSeedError);
    CHECK_FALSE(directory(store).has_value());
}
