#include "server/api/staff_guard.hpp"

#include "server/api/auth.hpp"
#include "server/api/errors.hpp"
#include "server/api/route_pattern.hpp"
#include "server/staff/staff_auth.hpp"

namespace ibasho::api {

void with_staff(const staff::StaffAuth& auth, const Request& request, const Respond& respond,
                StaffHandler fn) {
    const std::string token = bearer_token(request.authorization);
    if (token.empty()) {
        respond(error(ErrorCode::unauthorized));
        return;
    }
    auth.authenticate(token, [respond, fn = std::move(fn)](
                                 staff::AuthResult r, std::optional<staff::StaffIdentity> who) {
        switch (r) {
            case staff::AuthResult::ok:
                fn(std::move(*who));
                return;
            case staff::AuthResult::must_change:
                respond(error(ErrorCode::password_change_required));
                return;
            case staff::AuthResult::unavailable:
                respond(error(ErrorCode::service_degraded));
                return;
            default:
                respond(error(ErrorCode::unauthorized, "The token is not valid; log in again."));
        }
    });
}

void with_org_staff(const staff::StaffAuth& auth, const Request& request, std::string org,
                    const Respond& respond, OrgDoor door, std::string forbidden, StaffHandler fn) {
    with_staff(auth, request, respond,
               [respond, org = std::move(org), door, forbidden = std::move(forbidden),
                fn = std::move(fn)](staff::StaffIdentity who) {
                   if (who.org.empty() || who.org != org) {
                       respond(error(ErrorCode::not_found));
                       return;
                   }
                   if (door == OrgDoor::organisers && !who.organiser_of(org)) {
                       respond(error(ErrorCode::forbidden, forbidden));
                       return;
                   }
                   fn(std::move(who));
               });
}

void with_organiser(const staff::StaffAuth& auth, const Request& request, const Respond& respond,
                    StaffHandler fn) {
    with_staff(auth, request, respond, [respond, fn = std::move(fn)](staff::StaffIdentity who) {
        // Operators manage organisations only: an organisation's settings are its organisers'.
        if (who.role != moderation::Role::organiser) {
            respond(error(ErrorCode::forbidden, "Only organisers may do this."));
            return;
        }
        fn(std::move(who));
    });
}

std::optional<std::string> query_value(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) != name) {
            continue;
        }
        return eq == std::string_view::npos ? std::optional<std::string>(std::string())
                                            : percent_decode(pair.substr(eq + 1));
    }
    return std::nullopt;
}

}  // namespace ibasho::api
