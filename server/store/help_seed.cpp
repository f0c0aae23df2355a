#include "server/store/help_seed.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace ibasho {

std::string load_help_directory(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw HelpSeedError("help directory " + path.string() + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    std::string body = text.str();
    if (body.size() > StoreLimits::body_max) {
        throw HelpSeedError("help directory " + path.string() + ": larger than " +
                            std::to_string(StoreLimits::body_max) + " bytes");
    }
    const auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded())
        throw HelpSeedError("help directory " + path.string() + ": not valid JSON");
    if (!doc.is_object())
        throw HelpSeedError("help directory " + path.string() + ": must be a JSON object");
    return body;
}

void seed_help_directory(Store& store, std::string body,
                         std::function<void(HelpSeedOutcome)> done) {
    StoreRecord record;
    record.kind = help_kind;
    record.id = help_directory_id;
    record.body = std::move(body);
    store.put(std::move(record), 0, [done = std::move(done)](StoreResult r, std::uint64_t) {
        if (!done)
            return;
        switch (r) {
            case StoreResult::ok:
                done(HelpSeedOutcome::seeded);
                return;
            case StoreResult::conflict:
                done(HelpSeedOutcome::already_present);
                return;
            default:
                done(HelpSeedOutcome::unavailable);
                return;
        }
    });
}

void seed_help_directory_from_file(Store& store, const std::filesystem::path& path,
                                   std::function<void(HelpSeedOutcome)> done) {
    seed_help_directory(store, load_help_directory(path), std::move(done));
}

}  // namespace ibasho
