// Organisations as Store records (kind `org`, owner ""): the body, its validation (the problem
// names the field) and the "main" organisation every deployment has, created at start.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/store/store.hpp"

namespace ibasho {

inline constexpr const char* org_kind = "org";
inline constexpr const char* main_org_id = "main";
inline constexpr const char* default_org_zone = "Asia/Tokyo";

struct Org {
    std::string id;
    std::string name_ja;
    std::string name_en;
    std::string zone = default_org_zone;
    std::int64_t created_ms = 0;
    std::uint64_t version = 0;
};

// `[a-z0-9][a-z0-9-]{1,31}`, the rooms file's `org` pattern.
bool valid_org_id(std::string_view id);
// An IANA zone name this machine knows ("Asia/Tokyo", "UTC").
bool valid_zone(std::string_view zone);

// {"name":{"ja","en"},"zone","created_ms"}.
std::string org_body(const Org& org);
// nullopt when the body is not an organisation (the Store is not trusted input).
std::optional<Org> parse_org(const StoreRecord& record);
// What the API shows: {"id","name":{"ja","en"},"zone","created_ms"}.
nlohmann::json org_view(const Org& org);

struct OrgProblem {
    std::string field;
    std::string message;
};
// Applies an API body's `name` and `zone` to `org`; `name` is required when `need_name`.
std::optional<OrgProblem> apply_org_fields(const nlohmann::json& body, Org& org, bool need_name);

// Creates "main" when missing (CAS 0: nodes starting together write it once, and an edited
// one is never replaced). `done(false)` when the Store did not answer (try again later).
void ensure_main_org(Store& store, std::int64_t now_ms, std::function<void(bool)> done);

}  // namespace ibasho
