// Staff accounts in the Store: create with a unique display name (a `staff_name` record put with
// expected version 0), find by name, read-modify-write with compare-and-set (password, rooms,
// TOTP), and deactivation that removes every token and tells every node (`staff_revoked`).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/clock.hpp"
#include "server/staff/staff_account.hpp"
#include "server/staff/staff_tokens.hpp"
#include "server/store/store.hpp"

namespace ibasho {
class Control;
}

namespace ibasho::staff {

// The Control action every node handles by downgrading that staff member's live sessions.
// Args: {"staff":"<staff id>"}; target: the organisation (as a room target, `org_id`).
inline constexpr std::string_view staff_revoked_action = "staff_revoked";
void send_staff_revoked(Control& control, const std::string& staff_id);

enum class AccountResult { ok, not_found, name_taken, bad_name, conflict, unavailable };
std::string_view to_string(AccountResult r);

struct NewAccount {
    std::string name;  // as typed; normalised by create()
    std::string role;  // "supporter", "organiser" or "operator"
    std::vector<std::string> rooms;
    std::string password_hash;  // from hash_password()
    bool must_change = false;
    std::string org = std::string(org_id);  // ignored for an operator (who has none)
};

class StaffAccounts {
  public:
    using Done = std::function<void(AccountResult, Account)>;
    using ListDone = std::function<void(AccountResult, std::vector<Account>)>;
    using ResultDone = std::function<void(AccountResult)>;
    // Edits the account in place; returns false to abandon the write (the answer is then ok
    // with the account unchanged).
    using Change = std::function<bool(Account&)>;

    // `control` may be null (the admin command): deactivation then tells no other node.
    StaffAccounts(Store& store, const Clock& clock, StaffTokens& tokens, Control* control)
        : store_(store), clock_(clock), tokens_(tokens), control_(control) {}

    // bad_name when the name does not normalise; name_taken when its folded form is held.
    void create(NewAccount account, Done done);
    void get(const std::string& id, Done done);
    // not_found for an unknown name and for a name that cannot be one.
    void find_by_name(std::string_view name, Done done);
    // Every account of organisation `org` (accounts written before organisations count as
    // "main"'s), sorted by id.
    void list(const std::string& org, ListDone done);
    // Every account of the deployment (operators included), sorted by id.
    void list_all(ListDone done);

    // Compare-and-set read-modify-write, retried a few times when another write comes between.
    void modify(const std::string& id, Change change, Done done);
    // New password hash; clears must_change.
    void change_password(const std::string& id, std::string password_hash, Done done);
    void set_rooms(const std::string& id, std::vector<std::string> rooms, Done done);
    void set_totp(const std::string& id, std::optional<TotpState> totp, Done done);
    // Marks the account inactive, then revoke_sessions(). The name stays reserved.
    void deactivate(const std::string& id, Done done);
    // Removes every token of `id` (except `keep_token_id`) and sends `staff_revoked`.
    void revoke_sessions(const std::string& id, ResultDone done, std::string keep_token_id = {});

  private:
    void modify_attempt(std::string id, Change change, Done done, int attempts_left);

    Store& store_;
    const Clock& clock_;
    StaffTokens& tokens_;
    Control* control_;
};

}  // namespace ibasho::staff
