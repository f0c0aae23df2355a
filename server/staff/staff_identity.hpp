// Who a staff session is: a supporter assigned to rooms, an organiser of every room of their
// organisation, or an operator (organisations only). Data read from the Store's `staff` record.
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
    std::string org = "main";        // empty for an operator
    std::vector<std::string> rooms;  // a supporter's rooms; organisers moderate every room

    // Staff of `room`, which belongs to `room_org`: an organiser of that organisation, or a
    // supporter of it assigned to the room. An operator moderates nothing (organisations only).
    bool may_moderate(std::string_view room, std::string_view room_org) const {
        if (org.empty() || room_org != org) {
            return false;
        }
        if (role == moderation::Role::organiser) {
            return true;
        }
        return role == moderation::Role::supporter &&
               std::find(rooms.begin(), rooms.end(), room) != rooms.end();
    }
    bool organiser_of(std::string_view o) const {
        return role == moderation::Role::organiser && !org.empty() && org == o;
    }
};

}  // namespace ibasho::staff
