// What the staff-account routes share: the caller's account read behind the token, the body
// field readers, and the handlers each route file defines (registered by staff_routes.cpp).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/api/auth.hpp"
#include "server/api/message.hpp"
#include "server/api/respond.hpp"
#include "server/api/route_pattern.hpp"
#include "server/api/staff_routes.hpp"
#include "server/staff/staff_account.hpp"

namespace ibasho::api::staff_kit {

using Deps = std::shared_ptr<const StaffDeps>;
// What a staff route does once the caller is known: their account as stored, and their token.
using StaffFn = std::function<void(staff::Account, Caller)>;

inline constexpr std::size_t max_rooms = 200;
inline constexpr std::size_t max_name_input = 1024;

Response degraded();
// A string member of the body of at most `max_bytes`; nullopt when missing or not a string.
std::optional<std::string> string_field(const nlohmann::json& body, const char* name,
                                        std::size_t max_bytes);
// A list of room ids, or nullopt (with the refusal in `refusal`).
std::optional<std::vector<std::string>> rooms_field(const nlohmann::json& body, Response& refusal);
// A new password's rules; the refusal, or nullopt when it is good.
std::optional<Response> check_new_password(const std::optional<std::string>& pw,
                                           std::string_view field);
bool secure(const StaffDeps& d, const Request& req);
nlohmann::json me_view(const staff::Account& a);
nlohmann::json list_view(const staff::Account& a);
// Refuses (404, as for any room the caller cannot know) a room of another organisation.
std::optional<Response> foreign_room(const StaffDeps& d, const std::vector<std::string>& rooms,
                                     const std::string& org);
Response no_such_staff();
// Authenticates, reads the caller's account, and applies the rules every staff route shares:
// an inactive account is 401, and an account that must change its password may only reach the
// routes that let it (`allow_must_change`).
void with_staff(const Deps& d, const Request& req, const Respond& respond, bool allow_must_change,
                StaffFn fn);
void with_organiser(const Deps& d, const Request& req, const Respond& respond, StaffFn fn);
// Issues a token for `a` and answers with the login body.
void answer_login(const Deps& d, const Respond& respond, staff::Account a);

// invitation_routes.cpp
void create_invitation(const Deps& d, const Request& req, Respond respond);
void accept_invitation(const Deps& d, const Request& req, Respond respond);
// staff_list_routes.cpp
void list_staff(const Deps& d, const Request& req, Respond respond);
void set_rooms(const Deps& d, const Request& req, const Params& params, Respond respond);
void deactivate(const Deps& d, const Request& req, const Params& params, Respond respond);

}  // namespace ibasho::api::staff_kit
