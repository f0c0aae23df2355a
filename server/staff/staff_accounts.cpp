#include "server/staff/staff_accounts.hpp"

#include <nlohmann/json.hpp>

#include "server/control/control.hpp"
#include "server/random_token.hpp"
#include "server/staff/display_name.hpp"

namespace ibasho::staff {
namespace {

constexpr std::string_view staff_kind = "staff";
constexpr std::string_view name_kind = "staff_name";

AccountResult from_store(StoreResult r) {
    switch (r) {
        case StoreResult::ok:
            return AccountResult::ok;
        case StoreResult::not_found:
            return AccountResult::not_found;
        case StoreResult::conflict:
            return AccountResult::conflict;
        case StoreResult::unavailable:
        case StoreResult::invalid:
            break;
    }
    return AccountResult::unavailable;
}

std::string name_record_id(std::string_view normalised) {
    return "n_" + display_name_hash(normalised);
}

}  // namespace

std::string_view to_string(AccountResult r) {
    switch (r) {
        case AccountResult::ok:
            return "ok";
        case AccountResult::not_found:
            return "not_found";
        case AccountResult::name_taken:
            return "name_taken";
        case AccountResult::bad_name:
            return "bad_name";
        case AccountResult::conflict:
            return "conflict";
        case AccountResult::unavailable:
            return "unavailable";
    }
    return "unavailable";
}

void send_staff_revoked(Control& control, const std::string& staff_id) {
    ControlCommand c;
    c.target = ControlTarget::of_room(std::string(org_id));
    c.action = std::string(staff_revoked_action);
    c.args = nlohmann::json{{"staff", staff_id}}.dump();
    control.send(std::move(c), nullptr);
}

void StaffAccounts::create(NewAccount n, Done done) {
    const auto name = normalize_display_name(n.name);
    if (!name || !valid_role(n.role)) {
        done(AccountResult::bad_name, {});
        return;
    }
    Account a;
    a.id = "st_" + random_base64url(12);
    a.name = *name;
    a.role = std::move(n.role);
    a.rooms = std::move(n.rooms);
    a.password = std::move(n.password_hash);
    a.must_change = n.must_change;
    a.org = a.role == role_operator ? std::string() : std::move(n.org);
    a.active = true;
    a.created_ms = clock_.unix_ms();
    // The name first: whoever puts its record first owns the name, and an account record is
    // written only by that winner.
    StoreRecord claim{std::string(name_kind),
                      name_record_id(a.name),
                      std::string(org_id),
                      0,
                      nlohmann::json{{"staff", a.id}}.dump(),
                      {}};
    store_.put(
        std::move(claim), 0,
        [this, a = std::move(a), done = std::move(done)](StoreResult r, std::uint64_t) mutable {
            if (r == StoreResult::conflict) {
                done(AccountResult::name_taken, {});
                return;
            }
            if (r != StoreResult::ok) {
                done(from_store(r), {});
                return;
            }
            StoreRecord rec{std::string(staff_kind), a.id, a.org, 0, account_body(a), {}};
            store_.put(std::move(rec), 0,
                       [this, a = std::move(a), done = std::move(done)](
                           StoreResult r2, std::uint64_t version) mutable {
                           if (r2 != StoreResult::ok) {
                               // Give the name back so a retry can have it.
                               store_.remove(std::string(name_kind), name_record_id(a.name),
                                             Store::any_version, nullptr);
                               done(from_store(r2), {});
                               return;
                           }
                           a.version = version;
                           done(AccountResult::ok, std::move(a));
                       });
        });
}

void StaffAccounts::get(const std::string& id, Done done) {
    store_.get(std::string(staff_kind), id,
               [id, done = std::move(done)](StoreResult r, StoreRecord rec) {
                   if (r != StoreResult::ok) {
                       done(from_store(r), {});
                       return;
                   }
                   auto a = parse_account(rec.body, rec.id, rec.version);
                   if (!a) {
                       done(AccountResult::not_found, {});
                       return;
                   }
                   done(AccountResult::ok, std::move(*a));
               });
}

void StaffAccounts::find_by_name(std::string_view raw, Done done) {
    const auto name = normalize_display_name(raw);
    if (!name) {
        done(AccountResult::not_found, {});
        return;
    }
    store_.get(std::string(name_kind), name_record_id(*name),
               [this, done = std::move(done)](StoreResult r, StoreRecord rec) mutable {
                   if (r != StoreResult::ok) {
                       done(from_store(r), {});
                       return;
                   }
                   const auto j = nlohmann::json::parse(rec.body, nullptr, false);
                   if (!j.is_object() || !j.contains("staff") || !j["staff"].is_string()) {
                       done(AccountResult::not_found, {});
                       return;
                   }
                   get(j["staff"].get<std::string>(), std::move(done));
               });
}

void StaffAccounts::list(const std::string& org, ListDone done) {
    // By the body's org rather than the record's owner: accounts written before organisations
    // carry no org and belong to "main".
    list_all([org, done = std::move(done)](AccountResult r, std::vector<Account> all) {
        if (r != AccountResult::ok) {
            done(r, {});
            return;
        }
        std::vector<Account> out;
        for (auto& a : all) {
            if (!a.org.empty() && a.org == org) {
                out.push_back(std::move(a));
            }
        }
        done(AccountResult::ok, std::move(out));
    });
}

void StaffAccounts::list_all(ListDone done) {
    store_.list(std::string(staff_kind), std::nullopt,
                [done = std::move(done)](StoreResult r, std::vector<StoreRecord> records) {
                    if (r != StoreResult::ok) {
                        done(from_store(r), {});
                        return;
                    }
                    std::vector<Account> out;
                    for (const auto& rec : records) {
                        if (auto a = parse_account(rec.body, rec.id, rec.version)) {
                            out.push_back(std::move(*a));
                        }
                    }
                    done(AccountResult::ok, std::move(out));
                });
}

void StaffAccounts::modify(const std::string& id, Change change, Done done) {
    modify_attempt(id, std::move(change), std::move(done), 4);
}

void StaffAccounts::modify_attempt(std::string id, Change change, Done done, int attempts_left) {
    get(id, [this, id, change = std::move(change), done = std::move(done), attempts_left](
                AccountResult r, Account a) mutable {
        if (r != AccountResult::ok) {
            done(r, {});
            return;
        }
        if (!change(a)) {
            done(AccountResult::ok, std::move(a));
            return;
        }
        const std::uint64_t expected = a.version;
        StoreRecord rec{std::string(staff_kind), a.id, a.org, 0, account_body(a), {}};
        store_.put(std::move(rec), expected,
                   [this, id = std::move(id), change = std::move(change), done = std::move(done),
                    attempts_left, a = std::move(a)](StoreResult pr, std::uint64_t v) mutable {
                       if (pr == StoreResult::conflict && attempts_left > 1) {
                           modify_attempt(std::move(id), std::move(change), std::move(done),
                                          attempts_left - 1);
                           return;
                       }
                       if (pr != StoreResult::ok) {
                           done(from_store(pr), {});
                           return;
                       }
                       a.version = v;
                       done(AccountResult::ok, std::move(a));
                   });
    });
}

void StaffAccounts::change_password(const std::string& id, std::string hash, Done done) {
    modify(
        id,
        [hash = std::move(hash)](Account& a) {
            a.password = hash;
            a.must_change = false;
            return true;
        },
        std::move(done));
}

void StaffAccounts::set_rooms(const std::string& id, std::vector<std::string> rooms, Done done) {
    modify(
        id,
        [rooms = std::move(rooms)](Account& a) {
            a.rooms = rooms;
            return true;
        },
        std::move(done));
}

void StaffAccounts::set_totp(const std::string& id, std::optional<TotpState> totp, Done done) {
    modify(
        id,
        [totp = std::move(totp)](Account& a) {
            a.totp = totp;
            return true;
        },
        std::move(done));
}

void StaffAccounts::deactivate(const std::string& id, Done done) {
    modify(
        id,
        [](Account& a) {
            a.active = false;
            return true;
        },
        [this, done = std::move(done)](AccountResult r, Account a) mutable {
            if (r != AccountResult::ok) {
                done(r, {});
                return;
            }
            const std::string staff_id = a.id;
            revoke_sessions(staff_id, [a = std::move(a), done = std::move(done)](AccountResult rr) {
                done(rr, rr == AccountResult::ok ? a : Account{});
            });
        });
}

void StaffAccounts::revoke_sessions(const std::string& id, ResultDone done,
                                    std::string keep_token_id) {
    tokens_.revoke_all(
        id,
        [this, id, done = std::move(done)](StoreResult r) {
            // Live sessions are downgraded even if some token could not be removed: what was
            // removed is gone, and the caller hears of the rest.
            if (control_ != nullptr) {
                send_staff_revoked(*control_, id);
            }
            done(from_store(r));
        },
        std::move(keep_token_id));
}

}  // namespace ibasho::staff
