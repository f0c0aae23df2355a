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

}  // namespace ibasho::api::staff_kit
