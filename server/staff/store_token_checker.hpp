// An api::TokenChecker that reads the `staff_token` and `staff` records itself (StaffTokens and
// StaffAccounts). The composition root uses it until staff::StaffAuth takes its place.
#pragma once

#include "server/api/auth.hpp"

namespace ibasho::staff {

class StaffTokens;
class StaffAccounts;

// Both must outlive the checker. A token of an inactive or missing account is `inactive`.
api::TokenChecker make_store_token_checker(StaffTokens& tokens, StaffAccounts& accounts);

}  // namespace ibasho::staff
