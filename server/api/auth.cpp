#include "server/api/auth.hpp"

#include <boost/algorithm/string/predicate.hpp>

#include "server/api/errors.hpp"

namespace ibasho::api {

std::string bearer_token(std::string_view header) {
    constexpr std::string_view scheme = "bearer ";
    if (header.size() <= scheme.size() ||
        !boost::algorithm::iequals(header.substr(0, scheme.size()), scheme)) {
        return {};
    }
    std::string_view token = header.substr(scheme.size());
    while (!token.empty() && token.front() == ' ') {
        token.remove_prefix(1);
    }
    while (!token.empty() && token.back() == ' ') {
        token.remove_suffix(1);
    }
    return std::string(token);
}

void authenticate(const Request& request, const TokenChecker& checker,
                  std::function<void(std::optional<Response>, Caller)> next) {
    std::string token = bearer_token(request.authorization);
    if (token.empty() || !checker) {
        next(error(ErrorCode::unauthorized), {});
        return;
    }
    checker(token, [token, next = std::move(next)](TokenVerdict v, std::string staff) mutable {
        switch (v) {
            case TokenVerdict::ok:
                next(std::nullopt, Caller{std::move(staff), std::move(token)});
                return;
            case TokenVerdict::unavailable:
                next(error(ErrorCode::service_degraded), {});
                return;
            case TokenVerdict::invalid:
            case TokenVerdict::expired:
            case TokenVerdict::inactive:
                break;
        }
        next(error(ErrorCode::unauthorized, "The token is not valid; log in again."), {});
    });
}

}  // namespace ibasho::api
