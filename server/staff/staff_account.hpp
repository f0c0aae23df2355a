// One staff member as the `staff` Store record holds it (issue 11 spec §1), and the JSON both
// ways. Plain data: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace ibasho::staff {

inline constexpr std::string_view org_id = "main";
inline constexpr std::string_view role_supporter = "supporter";
inline constexpr std::string_view role_organiser = "organiser";
// Runs the deployment: manages organisations only (no rooms, no moderation); no organisation.
inline constexpr std::string_view role_operator = "operator";

struct TotpState {
    std::string secret;  // base32
    bool enabled = false;
};

struct Account {
    std::string id;    // "st_" + 16 base64url
    std::string name;  // display name, normalised
    std::string role;  // "supporter", "organiser" or "operator"
    // The organisation the account belongs to (records written before organisations: "main");
    // empty for an operator.
    std::string org = std::string(org_id);
    std::vector<std::string> rooms;
    std::string password;  // crypto_pwhash_str output; never leaves the server
    bool must_change = false;
    bool active = true;
    std::optional<TotpState> totp;
    std::int64_t created_ms = 0;
    std::uint64_t version = 0;  // the Store's, for compare-and-set

    bool organiser() const { return role == role_organiser; }
    bool operator_role() const { return role == role_operator; }
    bool totp_enabled() const { return totp && totp->enabled; }
};

// The record body. Fields the record holds that this code does not know are not kept.
std::string account_body(const Account& account);
// Parses a record body (id and version come from the record); nullopt when it is malformed.
std::optional<Account> parse_account(std::string_view body, std::string id, std::uint64_t version);

// What the API shows of an account: {"id","name","role","org","rooms"} (never the password hash or
// the TOTP secret).
nlohmann::json public_view(const Account& account);

bool valid_role(std::string_view role);

}  // namespace ibasho::staff
