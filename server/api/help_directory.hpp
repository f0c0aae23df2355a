// Where GET /api/help gets the help directory: a provider that answers (ok, JSON text) later,
// from any thread: the Store's record (seeded from the shipped file), or a file for tests.
#pragma once

#include <functional>
#include <string>

namespace ibasho {
class Store;
}

namespace ibasho::api {

using HelpDone = std::function<void(bool ok, std::string json)>;
using HelpProvider = std::function<void(HelpDone done)>;

// Reads and checks the file now; the provider then answers its text, or not ok when the file
// was missing or not a JSON object (logged once, here, by event name only).
HelpProvider help_from_file(const std::string& path);

// Reads the Store's help record (kind "help", id "directory") and every organisation's entries
// (kind "help_entry", store/help_entries.hpp) on every request, merged: the record's entries
// first, then the organisations'.
HelpProvider help_from_store(Store& store);

}  // namespace ibasho::api
