#include "server/api/staff_route_kit.hpp"

#include <memory>
#include <optional>

#include "moderation/utf8.hpp"
#include "protocol/validate.hpp"
#include "server/api/errors.hpp"
#include "server/chat/room_records.hpp"
#include "server/clock.hpp"
#include "server/staff/display_name.hpp"
#include "server/staff/hash_worker.hpp"
#include "server/staff/invitations.hpp"
#include "server/staff/login_throttle.hpp"
#include "server/staff/password_hash.hpp"
#include "server/staff/staff_accounts.hpp"
#include "server/staff/staff_tokens.hpp"
#include "server/staff/totp.hpp"
#include "server/store/org_records.hpp"

namespace ibasho::api::staff_kit {

using nlohmann::json;
using staff::Account;
using staff::AccountResult;

Response degraded() {
    return error(ErrorCode::service_degraded);
}

std::optional<std::string> string_field(const json& body, const char* name, std::size_t max_bytes) {
    if (!body.is_object()) {
        return std::nullopt;
    }
    const auto it = body.find(name);
    if (it == body.end() || !it->is_string()) {
        return std::nullopt;
    }
    std::string s = it->get<std::string>();
    if (s.size() > max_bytes) {
        return std::nullopt;
    }
    return s;
}

std::optional<std::vector<std::string>> rooms_field(const json& body, Response& refusal) {
    const auto it = body.is_object() ? body.find("rooms") : body.end();
    if (!body.is_object() || it == body.end() || !it->is_array() || it->size() > max_rooms) {
        refusal = bad_field("rooms", "rooms must be a list of room ids");
        return std::nullopt;
    }
    std::vector<std::string> rooms;
    for (const auto& r : *it) {
        if (!r.is_string() || !protocol::is_room_id(r.get<std::string>())) {
            refusal = bad_field("rooms", "rooms must be a list of room ids");
            return std::nullopt;
        }
        const std::string id = r.get<std::string>();
        if (std::find(rooms.begin(), rooms.end(), id) == rooms.end()) {
            rooms.push_back(id);
        }
    }
    return rooms;
}

std::optional<Response> check_new_password(const std::optional<std::string>& pw,
                                           std::string_view field) {
    if (!pw || !moderation::is_valid_utf8(*pw) ||
        moderation::count_code_points(*pw) < min_password_chars) {
        return bad_field(field, "The password must be at least 12 characters.");
    }
    if (pw->size() > staff::max_password_bytes) {
        return bad_field(field, "The password is too long.");
    }
    return std::nullopt;
}

bool secure(const StaffDeps& d, const Request& req) {
    return req.secure || d.behind_tls_proxy;
}

json me_view(const Account& a) {
    return {{"staff", staff::public_view(a)},
            {"must_change", a.must_change},
            {"totp", a.totp_enabled()}};
}

json list_view(const Account& a) {
    json j = staff::public_view(a);
    j["active"] = a.active;
    j["must_change"] = a.must_change;
    j["totp"] = a.totp_enabled();
    j["created_ms"] = a.created_ms;
    return j;
}

std::optional<Response> foreign_room(const StaffDeps& d, const std::vector<std::string>& rooms,
                                     const std::string& org) {
    if (d.catalog == nullptr) {
        return std::nullopt;
    }
    for (const auto& room : rooms) {
        const std::string owner = chat::room_org(*d.catalog, room);
        if (!owner.empty() && owner != org) {
            return error(ErrorCode::not_found, "There is no such room.", "rooms");
        }
    }
    return std::nullopt;
}

Response no_such_staff() {
    return error(ErrorCode::not_found, "No such staff member.");
}

void with_staff(const Deps& d, const Request& req, const Respond& respond, bool allow_must_change,
                StaffFn fn) {
    authenticate(
        req, d->checker,
        [d, respond, allow_must_change, fn = std::move(fn)](std::optional<Response> no,
                                                            Caller caller) mutable {
            if (no) {
                respond(std::move(*no));
                return;
            }
            const std::string id = caller.staff_id;
            d->accounts.get(id, [respond, allow_must_change, fn = std::move(fn),
                                 caller = std::move(caller)](AccountResult r, Account a) mutable {
                if (r == AccountResult::unavailable) {
                    respond(degraded());
                } else if (r != AccountResult::ok || !a.active) {
                    respond(
                        error(ErrorCode::unauthorized, "The token is not valid; log in again."));
                } else if (a.must_change && !allow_must_change) {
                    respond(error(ErrorCode::password_change_required));
                } else {
                    fn(std::move(a), std::move(caller));
                }
            });
        });
}

void with_organiser(const Deps& d, const Request& req, const Respond& respond, StaffFn fn) {
    with_staff(d, req, respond, false,
               [respond, fn = std::move(fn)](Account a, Caller caller) mutable {
                   if (!a.organiser()) {
                       respond(error(ErrorCode::forbidden, "Only organisers may do this."));
                       return;
                   }
                   fn(std::move(a), std::move(caller));
               });
}

void answer_login(const Deps& d, const Respond& respond, Account a) {
    const std::string id = a.id;
    d->tokens.issue(
        id, [respond, a = std::move(a)](StoreResult r, std::string token, std::int64_t expires_ms) {
            if (r != StoreResult::ok) {
                respond(degraded());
                return;
            }
            respond(Response::of(200, json{{"token", token},
                                           {"expires_ms", expires_ms},
                                           {"staff", staff::public_view(a)},
                                           {"must_change", a.must_change}}));
        });
}

}  // namespace ibasho::api::staff_kit
