#include "server/api/staff_routes.hpp"

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

namespace ibasho::api {
namespace {

using nlohmann::json;
using staff::Account;
using staff::AccountResult;

using Deps = std::shared_ptr<const StaffDeps>;
// What a staff route does once the caller is known: their account as stored, and their token.
using StaffFn = std::function<void(Account, Caller)>;

constexpr std::size_t max_rooms = 200;
constexpr std::size_t max_name_input = 1024;

Response degraded() {
    return error(ErrorCode::service_degraded);
}

// A string member of the body of at most `max_bytes`; nullopt when missing or not a string.
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

// A list of room ids, or nullopt (with the refusal in `refusal`).
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

// A new password's rules; the refusal, or nullopt when it is good.
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

// Refuses (404, as for any room the caller cannot know) a room of another organisation.
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

// Authenticates, reads the caller's account, and applies the rules every staff route shares:
// an inactive account is 401, and an account that must change its password may only reach the
// routes that let it (`allow_must_change`).
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

// Issues a token for `a` and answers with the login body.
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

// Counts a failed attempt, then refuses: the count is written before the answer, so the
// caller's next attempt already sees it.
void refuse_login(const Deps& d, const Respond& respond, const std::string& name_hash,
                  const std::string& address_hash) {
    d->throttle.failed(name_hash, address_hash,
                       [respond](StoreResult) { respond(error(ErrorCode::bad_credentials)); });
}

void login(const Deps& d, const Request& req, Respond respond) {
    if (!secure(*d, req)) {
        respond(error(ErrorCode::https_required));
        return;
    }
    const auto name = string_field(req.json, "name", max_name_input);
    const auto password = string_field(req.json, "password", staff::max_password_bytes);
    if (!name || name->empty()) {
        respond(bad_field("name", "name is required"));
        return;
    }
    if (!password || password->empty()) {
        respond(bad_field("password", "password is required"));
        return;
    }
    std::optional<std::string> code;
    if (req.json.contains("totp") && !req.json["totp"].is_null()) {
        code = string_field(req.json, "totp", 16);
        if (!code) {
            respond(bad_field("totp", "totp must be the 6-digit code"));
            return;
        }
    }
    const auto normalised = staff::normalize_display_name(*name);
    const std::string name_hash = staff::display_name_hash(normalised ? *normalised : *name);
    const std::string address = req.address_hash;
    d->throttle.check(
        name_hash, address,
        [d, respond, raw_name = *name, pw = *password, code, name_hash, address](
            StoreResult r, std::optional<std::chrono::seconds> wait) {
            if (r != StoreResult::ok) {
                respond(degraded());
                return;
            }
            if (wait) {
                respond(too_many_attempts(*wait));
                return;
            }
            d->accounts.find_by_name(raw_name, [d, respond, pw, code, name_hash, address](
                                                   AccountResult ar, Account a) {
                if (ar == AccountResult::unavailable) {
                    respond(degraded());
                    return;
                }
                // An unknown name still costs one verify, so timing does not tell names apart.
                const std::string stored = ar == AccountResult::ok ? a.password : std::string();
                d->hasher.verify(
                    stored, pw,
                    [d, respond, pw, code, name_hash, address,
                     a = std::move(a)](std::optional<bool> ok) mutable {
                        if (!ok) {
                            respond(degraded());
                            return;
                        }
                        if (!*ok || !a.active) {
                            refuse_login(d, respond, name_hash, address);
                            return;
                        }
                        if (a.totp_enabled()) {
                            if (!code) {
                                respond(error(ErrorCode::totp_required));
                                return;
                            }
                            if (!staff::totp_matches(a.totp->secret, *code, d->clock.unix_ms())) {
                                refuse_login(d, respond, name_hash, address);
                                return;
                            }
                        }
                        d->throttle.succeeded(name_hash, nullptr);
                        if (staff::needs_rehash(a.password)) {
                            // Older parameters: store a fresh hash; the login does not wait for it.
                            d->hasher.hash(pw, [d, id = a.id](std::optional<std::string> h) {
                                if (h) {
                                    d->accounts.modify(
                                        id,
                                        [h = *h](Account& acc) {
                                            acc.password = h;
                                            return true;
                                        },
                                        [](AccountResult, Account) {});
                                }
                            });
                        }
                        answer_login(d, respond, std::move(a));
                    });
            });
        });
}

void logout(const Deps& d, const Request& req, Respond respond) {
    with_staff(d, req, respond, true, [d, respond](Account, Caller caller) {
        d->tokens.revoke(caller.token, [respond](StoreResult r) {
            if (r != StoreResult::ok) {
                respond(degraded());
                return;
            }
            respond(Response{204, {}, {}});
        });
    });
}

void logout_all(const Deps& d, const Request& req, Respond respond) {
    with_staff(d, req, respond, false, [d, respond](Account a, Caller) {
        d->accounts.revoke_sessions(a.id, [respond](AccountResult r) {
            respond(r == AccountResult::ok ? Response{204, {}, {}} : degraded());
        });
    });
}

void me(const Deps& d, const Request& req, Respond respond) {
    with_staff(d, req, respond, true,
               [respond](Account a, Caller) { respond(Response::of(200, me_view(a))); });
}

void change_password(const Deps& d, const Request& req, Respond respond) {
    if (!secure(*d, req)) {
        respond(error(ErrorCode::https_required));
        return;
    }
    const auto old_pw = string_field(req.json, "old", staff::max_password_bytes);
    const auto new_pw = string_field(req.json, "new", staff::max_password_bytes + 1);
    if (!old_pw || old_pw->empty()) {
        respond(bad_field("old", "old is required"));
        return;
    }
    if (auto refusal = check_new_password(new_pw, "new")) {
        respond(std::move(*refusal));
        return;
    }
    with_staff(d, req, respond, true,
               [d, respond, old_pw = *old_pw, new_pw = *new_pw, address = req.address_hash](
                   Account a, Caller caller) {
                   const std::string name_hash = staff::display_name_hash(a.name);
                   d->throttle.check(
                       name_hash, address,
                       [=](StoreResult r, std::optional<std::chrono::seconds> wait) {
                           if (r != StoreResult::ok) {
                               respond(degraded());
                               return;
                           }
                           if (wait) {
                               respond(too_many_attempts(*wait));
                               return;
                           }
                           d->hasher.verify(a.password, old_pw, [=](std::optional<bool> ok) {
                               if (!ok) {
                                   respond(degraded());
                                   return;
                               }
                               if (!*ok) {
                                   refuse_login(d, respond, name_hash, address);
                                   return;
                               }
                               d->hasher.hash(new_pw, [=](std::optional<std::string> hash) {
                                   if (!hash) {
                                       respond(degraded());
                                       return;
                                   }
                                   d->accounts.change_password(
                                       a.id, *hash, [=](AccountResult cr, Account now) {
                                           if (cr != AccountResult::ok) {
                                               respond(degraded());
                                               return;
                                           }
                                           // Every other device logs in again with the new
                                           // password.
                                           d->accounts.revoke_sessions(
                                               now.id,
                                               [respond, now](AccountResult) {
                                                   respond(Response::of(200, me_view(now)));
                                               },
                                               staff::token_id(caller.token));
                                       });
                               });
                           });
                       });
               });
}

void totp_setup(const Deps& d, const Request& req, Respond respond) {
    with_staff(d, req, respond, false, [d, respond](Account a, Caller) {
        if (a.totp_enabled()) {
            respond(error(ErrorCode::conflict, "Two-step login is already on."));
            return;
        }
        std::string secret = staff::new_totp_secret();
        std::string uri = staff::totp_uri(secret, a.name);
        d->accounts.set_totp(a.id, staff::TotpState{secret, false},
                             [respond, secret, uri](AccountResult r, Account) {
                                 if (r != AccountResult::ok) {
                                     respond(degraded());
                                     return;
                                 }
                                 respond(Response::of(200, json{{"secret", secret}, {"uri", uri}}));
                             });
    });
}

void totp_confirm(const Deps& d, const Request& req, Respond respond) {
    const auto code = string_field(req.json, "code", 16);
    if (!code) {
        respond(bad_field("code", "code is required"));
        return;
    }
    with_staff(d, req, respond, false, [d, respond, code = *code](Account a, Caller) {
        if (!a.totp || a.totp->enabled) {
            respond(error(ErrorCode::conflict, "Start with POST /api/totp/setup."));
            return;
        }
        if (!staff::totp_matches(a.totp->secret, code, d->clock.unix_ms())) {
            respond(bad_field("code", "The code does not match; check the phone's clock."));
            return;
        }
        d->accounts.set_totp(
            a.id, staff::TotpState{a.totp->secret, true}, [respond](AccountResult r, Account) {
                respond(r == AccountResult::ok ? Response::of(200, json{{"totp", true}})
                                               : degraded());
            });
    });
}

void totp_disable(const Deps& d, const Request& req, Respond respond) {
    if (!secure(*d, req)) {
        respond(error(ErrorCode::https_required));
        return;
    }
    const auto password = string_field(req.json, "password", staff::max_password_bytes);
    if (!password || password->empty()) {
        respond(bad_field("password", "password is required"));
        return;
    }
    with_staff(
        d, req, respond, false,
        [d, respond, pw = *password, address = req.address_hash](Account a, Caller) {
            d->hasher.verify(a.password, pw, [=](std::optional<bool> ok) {
                if (!ok) {
                    respond(degraded());
                    return;
                }
                if (!*ok) {
                    refuse_login(d, respond, staff::display_name_hash(a.name), address);
                    return;
                }
                d->accounts.set_totp(a.id, std::nullopt, [respond](AccountResult r, Account) {
                    respond(r == AccountResult::ok ? Response::of(200, json{{"totp", false}})
                                                   : degraded());
                });
            });
        });
}

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

void list_staff(const Deps& d, const Request& req, Respond respond) {
    with_organiser(d, req, respond, [d, respond](Account self, Caller) {
        d->accounts.list(self.org, [respond](AccountResult r, std::vector<Account> all) {
            if (r != AccountResult::ok) {
                respond(degraded());
                return;
            }
            json list = json::array();
            for (const auto& a : all) {
                list.push_back(list_view(a));
            }
            respond(Response::of(200, json{{"staff", std::move(list)}}));
        });
    });
}

void set_rooms(const Deps& d, const Request& req, const Params& params, Respond respond) {
    Response refusal;
    auto rooms = rooms_field(req.json, refusal);
    if (!rooms) {
        respond(std::move(refusal));
        return;
    }
    with_organiser(
        d, req, respond,
        [d, respond, rooms = *rooms, id = std::string(params.get("id"))](Account self, Caller) {
            if (auto no = foreign_room(*d, rooms, self.org)) {
                respond(std::move(*no));
                return;
            }
            auto refused = std::make_shared<bool>(false);
            // Another organisation's account is not there for this caller: the change is
            // abandoned inside the compare-and-set, so nothing is written.
            d->accounts.modify(
                id,
                [rooms, org = self.org, refused](Account& a) {
                    if (a.org != org) {
                        *refused = true;
                        return false;
                    }
                    a.rooms = rooms;
                    return true;
                },
                [respond, refused](AccountResult r, Account a) {
                    if (r == AccountResult::not_found || *refused) {
                        respond(no_such_staff());
                    } else if (r != AccountResult::ok) {
                        respond(degraded());
                    } else {
                        respond(Response::of(200, json{{"staff", list_view(a)}}));
                    }
                });
        });
}

void deactivate(const Deps& d, const Request& req, const Params& params, Respond respond) {
    with_organiser(
        d, req, respond, [d, respond, id = std::string(params.get("id"))](Account self, Caller) {
            if (id == self.id) {
                respond(error(ErrorCode::conflict, "You cannot deactivate your own account."));
                return;
            }
            d->accounts.get(id, [d, respond, id, org = self.org](AccountResult gr, Account target) {
                if (gr == AccountResult::not_found ||
                    (gr == AccountResult::ok && target.org != org)) {
                    respond(no_such_staff());
                    return;
                }
                if (gr != AccountResult::ok) {
                    respond(degraded());
                    return;
                }
                d->accounts.deactivate(id, [respond](AccountResult r, Account) {
                    if (r == AccountResult::not_found) {
                        respond(no_such_staff());
                    } else if (r != AccountResult::ok) {
                        respond(degraded());
                    } else {
                        respond(Response{204, {}, {}});
                    }
                });
            });
        });
}

}  // namespace

void add_staff_routes(Router& router, StaffDeps deps) {
    const Deps d = std::make_shared<const StaffDeps>(std::move(deps));
    auto plain = [d](void (*fn)(const Deps&, const Request&, Respond)) {
        return [d, fn](const Request& req, const Params&, Respond respond) {
            fn(d, req, std::move(respond));
        };
    };
    auto with_params = [d](void (*fn)(const Deps&, const Request&, const Params&, Respond)) {
        return [d, fn](const Request& req, const Params& params, Respond respond) {
            fn(d, req, params, std::move(respond));
        };
    };
    router.add(Method::post, "/api/login", "staff.login", plain(&login));
    router.add(Method::post, "/api/logout", "staff.logout", plain(&logout));
    router.add(Method::post, "/api/logout-all", "staff.logout_all", plain(&logout_all));
    router.add(Method::get, "/api/me", "staff.me", plain(&me));
    router.add(Method::post, "/api/password", "staff.password", plain(&change_password));
    router.add(Method::post, "/api/totp/setup", "staff.totp_setup", plain(&totp_setup));
    router.add(Method::post, "/api/totp/confirm", "staff.totp_confirm", plain(&totp_confirm));
    router.add(Method::post, "/api/totp/disable", "staff.totp_disable", plain(&totp_disable));
    router.add(Method::post, "/api/invitations", "staff.invite", plain(&create_invitation));
    router.add(Method::post, "/api/invitations/accept", "staff.accept", plain(&accept_invitation));
    router.add(Method::get, "/api/staff", "staff.list", plain(&list_staff));
    router.add(Method::put, "/api/staff/:id/rooms", "staff.rooms", with_params(&set_rooms));
    router.add(Method::post, "/api/staff/:id/deactivate", "staff.deactivate",
               with_params(&deactivate));
}

}  // namespace ibasho::api
