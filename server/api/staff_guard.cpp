#include "server/api/staff_guard.hpp"

#include "server/api/auth.hpp"
#include "server/api/errors.hpp"
#include "server/http/hex_digit.hpp"
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

void with_organiser(const staff::StaffAuth& auth, const Request& request, const Respond& respond,
                    StaffHandler fn) {
    with_staff(auth, request, respond, [respond, fn = std::move(fn)](staff::StaffIdentity who) {
        if (who.role != moderation::Role::organiser && who.role != moderation::Role::operator_) {
            respond(error(ErrorCode::forbidden, "Only organisers may do this."));
            return;
        }
        fn(std::move(who));
    });
}

std::string query_value(std::string_view query, std::string_view name) {
    std::size_t start = 0;
    while (start <= query.size()) {
        const std::size_t amp = query.find('&', start);
        const std::string_view pair = query.substr(
            start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
        const std::size_t eq = pair.find('=');
        if (pair.substr(0, eq) == name) {
            if (eq == std::string_view::npos) {
                return {};
            }
            std::string out;
            const std::string_view raw = pair.substr(eq + 1);
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (raw[i] == '+') {
                    out.push_back(' ');
                } else if (raw[i] == '%' && i + 2 < raw.size() &&
                           http::hex_value(raw[i + 1]) >= 0 && http::hex_value(raw[i + 2]) >= 0) {
                    out.push_back(static_cast<char>(http::hex_value(raw[i + 1]) * 16 +
                                                    http::hex_value(raw[i + 2])));
                    i += 2;
                } else {
                    out.push_back(raw[i]);
                }
            }
            return out;
        }
        if (amp == std::string_view::npos) {
            break;
        }
        start = amp + 1;
    }
    return {};
}

}  // namespace ibasho::api
