// What a join needs to know about who is joining, before the policy is asked: for staff of
// the room, the seat they take (their display name and badge); for everyone else, a ban and
// their standing in the room, read from the Store, so a mute survives leaving and resume.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "moderation/policy.hpp"

namespace ibasho::chat {

class ClientSession;
struct Seat;

struct JoinFacts {
    bool as_staff = false;
    std::string badge;  // "supporter" / "organiser" when as_staff
    std::string nick;   // as_staff: the display name (the nick the client sent is ignored)
    moderation::Standing standing;
    // A sanctioned session coming back without its seat gets its old member id again.
    std::optional<std::string> member;
};

// "supporter" / "organiser"; empty for anyone else.
std::string badge_of(moderation::Role role);

// Gathers the facts for `session` joining `room` (`previous`: the seat its record still holds
// there, or null) and calls `done` on the session's shard, while it is open. Staff: at once.
// A Store that does not answer counts as "nothing known": joining must not depend on it.
void load_join_facts(ClientSession& session, const std::string& room, const Seat* previous,
                     std::function<void(JoinFacts)> done);

}  // namespace ibasho::chat
