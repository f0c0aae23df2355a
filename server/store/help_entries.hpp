// Organisations' own help directory entries (Store kind "help_entry", owner = organisation):
// the record body's rules, and how they join the shipped directory for GET /api/help, the help
// card and the contact shield. Pure: JSON in, JSON out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "server/store/store.hpp"

namespace ibasho {

inline constexpr const char* help_entry_kind = "help_entry";

// "he_" + 16 base64url characters.
bool is_help_entry_id(std::string_view id);
std::string new_help_entry_id();

// A region as the directory names it: "" (nationwide) or an ISO 3166-2:JP prefecture code,
// "JP-01" (Hokkaido) .. "JP-47" (Okinawa).
bool is_region(std::string_view region);

struct HelpEntryProblem {
    std::string field;  // "name.ja", "phone", "audience[1]", ...
    std::string message;
};

// The record body for an entry written through the API, or the first problem. The body holds
// exactly {"name","about","phone","hours","url","audience","region","featured","verify"}
// with defaults filled in; "id" and "org" in the request are read-only and ignored; any other
// field is refused.
struct CleanHelpEntry {
    std::optional<std::string> body;
    std::optional<HelpEntryProblem> problem;
};
CleanHelpEntry clean_help_entry(const nlohmann::json& request);

// The API's view of a record: its body plus "id", "org" and "version".
nlohmann::json help_entry_view(const StoreRecord& record);

// The directory (the shipped file's shape: {"emergency", "entries": [...], ...}) with every
// organisation's entries appended after its own, in the same entry shape the client and the help
// card read: "tel" for the phone, "for":"family" for an entry only for families, plus "org",
// "audience" and "region". A body that is not a directory gets {"entries": [...]} alone;
// entries whose body is not valid are left out. With no entries, `directory_body` as it is.
std::string merge_help_directory(std::string_view directory_body,
                                 const std::vector<StoreRecord>& entries);

// The directory's entries with `region`'s first (their order otherwise kept): the participant's
// choice of "nearest first". `region` must satisfy is_region; "" changes nothing.
std::string help_directory_for_region(std::string_view directory_json, std::string_view region);

}  // namespace ibasho
