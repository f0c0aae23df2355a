#include "server/api/staff_routes.hpp"

#include <memory>
#include <optional>

#include "moderation/utf8.hpp"
#include "protocol/validate.hpp"
#include "server/api/errors.hpp"
#include "server/api/staff_route_kit.hpp"
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
using namespace staff_kit;

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
