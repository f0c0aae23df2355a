// Reading and saving a record that is edited as a whole (the reason list, the reminder
// templates, the blocked words): the ETag of its version, If-Match, and the answers.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "server/api/message.hpp"
#include "server/api/respond.hpp"
#include "server/store/store.hpp"

namespace ibasho::api {

// "\"v3\"" for version 3; "\"v0\"" while the shipped default stands in for a missing record.
std::string etag_of(std::uint64_t version);

// The version an If-Match header names: Store::any_version without one; nullopt when it is
// not one of our ETags (answer 412 precondition_failed).
std::optional<std::uint64_t> if_match_version(const Request& request);

// Answers 200 with the record's body and its ETag; when the Store has none, `shipped`
// (rewritten compactly) with "v0"; 503 service_degraded when the Store does not answer.
void respond_record(Store& store, const std::string& kind, const std::string& id,
                    std::string shipped, const Respond& respond);

// Writes `record` if the stored version is still `expected` and answers 200 with its body and
// new ETag; 412 precondition_failed when someone saved in between; 503 service_degraded when
// the Store does not answer. `saved`, when given, runs first with the new version.
void save_record(Store& store, StoreRecord record, std::uint64_t expected, const Respond& respond,
                 std::function<void(std::uint64_t)> saved = nullptr);

}  // namespace ibasho::api
