#include "server/staff/token_checker.hpp"

#include "server/staff/staff_auth.hpp"

namespace ibasho::staff {

api::TokenChecker make_token_checker(const StaffAuth& auth) {
    return [&auth](std::string token, std::function<void(api::TokenVerdict, std::string)> done) {
        auth.authenticate_for_password_change(
            token, [done = std::move(done)](AuthResult r, std::optional<StaffIdentity> who) {
                switch (r) {
                    case AuthResult::ok:
                    case AuthResult::must_change:
                        done(api::TokenVerdict::ok, who ? who->id : std::string());
                        return;
                    case AuthResult::expired:
                        done(api::TokenVerdict::expired, {});
                        return;
                    case AuthResult::inactive:
                        done(api::TokenVerdict::inactive, {});
                        return;
                    case AuthResult::unavailable:
                        done(api::TokenVerdict::unavailable, {});
                        return;
                    case AuthResult::invalid:
                        break;
                }
                done(api::TokenVerdict::invalid, {});
            });
    };
}

}  // namespace ibasho::staff
