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

namespace {

void issue_invitation(const Deps& d, const Respond& respond, staff::Invite invite) {
    d->invitations.create(std::move(invite), [respond](StoreResult r, std::string code,
                                                       std::int64_t expires_ms) {
        if (r != StoreResult::ok) {
            respond(degraded());
            return;
        }
        respond(Response::of(
            201, json{{"code", code}, {"link", "/#/invite/" + code}, {"expires_ms", expires_ms}}));
    });
}

}  // namespace

// Organisers invite supporters (or organisers) into their own organisation; an operator
// invites the first organiser of an organisation ("org" required, role organiser, no rooms).
void create_invitation(const Deps& d, const Request& req, Respond respond) {
    Response refusal;
    const json& body = req.json;
    std::vector<std::string> rooms;
    if (body.is_object() && body.contains("rooms")) {
        auto r = rooms_field(body, refusal);
        if (!r) {
            respond(std::move(refusal));
            return;
        }
        rooms = std::move(*r);
    }
    std::string role(staff::role_supporter);
    if (body.is_object() && body.contains("role")) {
        if (!body["role"].is_string() ||
            (body["role"] != staff::role_supporter && body["role"] != staff::role_organiser)) {
            respond(bad_field("role", "role must be \"supporter\" or \"organiser\""));
            return;
        }
        role = body["role"].get<std::string>();
    }
    std::optional<std::string> org;
    if (body.is_object() && body.contains("org")) {
        if (!body["org"].is_string() || !valid_org_id(body["org"].get<std::string>())) {
            respond(bad_field("org", "org must be an organisation id"));
            return;
        }
        org = body["org"].get<std::string>();
    }
    if (!body.is_object() || (!body.contains("rooms") && role == staff::role_supporter)) {
        respond(bad_field("rooms", "rooms must be a list of room ids"));
        return;
    }
    with_staff(d, req, respond, false, [d, respond, rooms, role, org](Account a, Caller) {
        staff::Invite invite;
        invite.role = role;
        invite.rooms = rooms;
        invite.by = a.id;
        if (a.operator_role()) {
            if (!org) {
                respond(bad_field("org", "org is required: the organisation to invite into"));
                return;
            }
            if (role != staff::role_organiser || !rooms.empty()) {
                respond(bad_field("role", "an operator invites organisers (with no rooms)"));
                return;
            }
            invite.org = *org;
            if (d->store == nullptr) {
                if (*org != main_org_id) {
                    respond(error(ErrorCode::not_found, "There is no such organisation.", "org"));
                    return;
                }
                issue_invitation(d, respond, std::move(invite));
                return;
            }
            d->store->get(org_kind, *org, [d, respond, invite](StoreResult r, StoreRecord) mutable {
                if (r == StoreResult::not_found) {
                    respond(error(ErrorCode::not_found, "There is no such organisation.", "org"));
                } else if (r != StoreResult::ok) {
                    respond(degraded());
                } else {
                    issue_invitation(d, respond, std::move(invite));
                }
            });
            return;
        }
        if (!a.organiser()) {
            respond(error(ErrorCode::forbidden, "Only organisers may do this."));
            return;
        }
        if (org && *org != a.org) {
            respond(error(ErrorCode::not_found, "There is no such organisation.", "org"));
            return;
        }
        if (auto no = foreign_room(*d, rooms, a.org)) {
            respond(std::move(*no));
            return;
        }
        invite.org = a.org;
        issue_invitation(d, respond, std::move(invite));
    });
}

void accept_invitation(const Deps& d, const Request& req, Respond respond) {
    if (!secure(*d, req)) {
        respond(error(ErrorCode::https_required));
        return;
    }
    const auto code = string_field(req.json, "code", 64);
    const auto name = string_field(req.json, "name", max_name_input);
    const auto password = string_field(req.json, "password", staff::max_password_bytes + 1);
    if (!code || !staff::looks_like_invite_code(*code)) {
        respond(bad_field("code", "code must be the invitation's code"));
        return;
    }
    if (!name || !staff::normalize_display_name(*name)) {
        respond(bad_field("name", "name must be 1 to 32 characters, without control characters"));
        return;
    }
    if (auto refusal = check_new_password(password, "password")) {
        respond(std::move(*refusal));
        return;
    }
    d->invitations.take(*code, [d, respond, code = *code, name = *name, pw = *password](
                                   StoreResult r, staff::Invite invite) {
        if (r == StoreResult::unavailable) {
            respond(degraded());
            return;
        }
        if (r != StoreResult::ok) {
            respond(error(ErrorCode::not_found, "This invitation is not valid (used or expired)."));
            return;
        }
        d->hasher.hash(pw, [d, respond, code, name, invite](std::optional<std::string> hash) {
            if (!hash) {
                d->invitations.give_back(code, invite, nullptr);
                respond(degraded());
                return;
            }
            staff::NewAccount n{name, invite.role, invite.rooms, *hash, false, invite.org};
            d->accounts.create(std::move(n),
                               [d, respond, code, invite](AccountResult cr, Account a) {
                                   if (cr != AccountResult::ok) {
                                       // The code was not spent on an account: it stays usable.
                                       d->invitations.give_back(code, invite, nullptr);
                                       if (cr == AccountResult::name_taken) {
                                           respond(error(ErrorCode::name_taken));
                                       } else if (cr == AccountResult::bad_name) {
                                           respond(bad_field("name", "name is not usable"));
                                       } else {
                                           respond(degraded());
                                       }
                                       return;
                                   }
                                   answer_login(d, respond, std::move(a));
                               });
        });
    });
}

}  // namespace ibasho::api::staff_kit
