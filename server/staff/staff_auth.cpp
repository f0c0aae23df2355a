#include "server/staff/staff_auth.hpp"

#include "server/staff/staff_account.hpp"
#include "server/staff/staff_tokens.hpp"
#include "server/store/store.hpp"

namespace ibasho::staff {

std::string_view to_string(AuthResult result) noexcept {
    switch (result) {
        case AuthResult::ok:
            return "ok";
        case AuthResult::invalid:
            return "invalid";
        case AuthResult::expired:
            return "expired";
        case AuthResult::inactive:
            return "inactive";
        case AuthResult::must_change:
            return "must_change";
        case AuthResult::unavailable:
            return "unavailable";
    }
    return "invalid";
}

StaffIdentity identity_of(const Account& account) {
    StaffIdentity who;
    who.id = account.id;
    who.name = account.name;
    who.role = account.organiser()       ? moderation::Role::organiser
               : account.operator_role() ? moderation::Role::operator_
                                         : moderation::Role::supporter;
    who.org = account.org;
    who.rooms = account.rooms;
    return who;
}

void StaffAuth::authenticate(const std::string& token, Done done) const {
    lookup(token, false, std::move(done));
}

void StaffAuth::authenticate_for_password_change(const std::string& token, Done done) const {
    lookup(token, true, std::move(done));
}

void StaffAuth::lookup(const std::string& token, bool allow_must_change, Done done) const {
    Store& store = store_;
    tokens_.check(token, [&store, allow_must_change, done = std::move(done)](StoreResult r,
                                                                             TokenInfo info) {
        if (r == StoreResult::unavailable) {
            done(AuthResult::unavailable, std::nullopt);
            return;
        }
        if (r != StoreResult::ok) {
            // Unknown, logged out, revoked, or past its end (StaffTokens removes those).
            done(AuthResult::invalid, std::nullopt);
            return;
        }
        store.get("staff", info.staff, [allow_must_change, done](StoreResult sr, StoreRecord rec) {
            if (sr == StoreResult::unavailable) {
                done(AuthResult::unavailable, std::nullopt);
                return;
            }
            auto account =
                sr == StoreResult::ok ? parse_account(rec.body, rec.id, rec.version) : std::nullopt;
            if (!account) {
                done(AuthResult::invalid, std::nullopt);
            } else if (!account->active) {
                done(AuthResult::inactive, std::nullopt);
            } else if (account->must_change && !allow_must_change) {
                done(AuthResult::must_change, identity_of(*account));
            } else {
                done(AuthResult::ok, identity_of(*account));
            }
        });
    });
}

}  // namespace ibasho::staff
