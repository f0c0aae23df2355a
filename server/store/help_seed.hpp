// Seeds the help directory (kind "help", id "directory") from the shipped JSON file when the
// Store has none yet; a bad file stops start-up with a clear message.
#pragma once

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

#include "server/store/store.hpp"

namespace ibasho {

inline constexpr const char* help_kind = "help";
inline constexpr const char* help_directory_id = "directory";

struct HelpSeedError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The file's text, checked: readable, a JSON object, within the Store's body limit.
// Throws HelpSeedError naming the file and the problem (start-up only).
std::string load_help_directory(const std::filesystem::path& path);

enum class HelpSeedOutcome { seeded, already_present, unavailable };

// Writes `body` as the directory only if none exists (compare-and-set with version 0), so
// two nodes starting at once write it once and an organiser's edited copy is never replaced.
void seed_help_directory(Store& store, std::string body, std::function<void(HelpSeedOutcome)> done);

// load_help_directory + seed_help_directory: throws before touching the Store on a bad file.
void seed_help_directory_from_file(Store& store, const std::filesystem::path& path,
                                   std::function<void(HelpSeedOutcome)> done);

}  // namespace ibasho
