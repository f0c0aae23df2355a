// Who a staff session is: a supporter assigned to rooms, or an organiser of every room of the
// organisation. Data read from the Store's `staff` record; no participant ever has one.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/policy.hpp"

namespace ibasho::staff {

struct StaffIdentity {
    std::string id;    // the staff record's id ("st_..."); never shown to participants
    std::string name;  // display name, shown with the badge
    moderation::Role role = moderation::Role::supporter;
    std::string org = "main";
    std::vector<std::string> rooms;  // a supporter's rooms; organisers moderate every room

    // Staff of `room`: a supporter assigned to it, or an organiser.
    bool may_moderate(std::string_view room) const {
        if (role == moderation::Role::organiser || role == moderation::Role::operator_) {
            return true;
        }
        return role == moderation::Role::supporter &&
               std::find(rooms.begin(), rooms.end(), room) != rooms.end();
    }
};

}  // namespace ibasho::staff
