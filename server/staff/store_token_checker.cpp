#include "server/staff/store_token_checker.hpp"

#include "server/staff/staff_accounts.hpp"
#include "server/staff/staff_tokens.hpp"

namespace ibasho::staff {

api::TokenChecker make_store_token_checker(StaffTokens& tokens, StaffAccounts& accounts) {
    return [&tokens, &accounts](std::string token,
                                std::function<void(api::TokenVerdict, std::string)> done) {
        tokens.check(token, [&accounts, done = std::move(done)](StoreResult r, TokenInfo info) {
            if (r == StoreResult::unavailable) {
                done(api::TokenVerdict::unavailable, {});
                return;
            }
            if (r != StoreResult::ok) {
                done(api::TokenVerdict::invalid, {});
                return;
            }
            accounts.get(info.staff, [done](AccountResult ar, Account a) {
                if (ar == AccountResult::unavailable) {
                    done(api::TokenVerdict::unavailable, {});
                } else if (ar != AccountResult::ok || !a.active) {
                    done(api::TokenVerdict::inactive, {});
                } else {
                    done(api::TokenVerdict::ok, a.id);
                }
            });
        });
    };
}

}  // namespace ibasho::staff
