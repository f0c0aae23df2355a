// Where GET /api/help gets the help directory: a provider that answers (ok, JSON text) later,
// from any thread. Today it is the shipped file read once at start-up; the Store replaces it.
#pragma once

#include <functional>
#include <string>

namespace ibasho::api {

using HelpDone = std::function<void(bool ok, std::string json)>;
using HelpProvider = std::function<void(HelpDone done)>;

// Reads and checks the file now; the provider then answers its text, or not ok when the file
// was missing or not a JSON object (logged once, here, by event name only).
HelpProvider help_from_file(const std::string& path);

}  // namespace ibasho::api
