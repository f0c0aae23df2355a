// What every room-level staff action (hide, unhide, room controls, admit) does first: find
// the room, ask the policy layer, and keep what the rest of the action needs once it is async.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "moderation/policy.hpp"

namespace ibasho::chat {

class ClientSession;
struct ChatService;
struct RoomConfig;

// Runs `fn` with the session, on its shard, if it is still open then: the answer to an
// action needs the session, the action itself goes on even if it has gone.
using Reply = std::function<void(std::function<void(ClientSession&)>)>;

struct StaffAct {
    ChatService& service;
    std::string name;  // the staff member's display name, for the audit trail
    Reply reply;
};

// Asks the policy layer whether `session` may take this staff action in `room`; sends
// `forbidden` (with `ref`) and returns false when not.
bool may_act(ClientSession& session, const RoomConfig& room, moderation::Action action,
             const std::string& ref);

// The staff member's name for the audit trail.
std::string audit_name(const ClientSession& session);

// The room must exist (else `no_such_room`) and the policy must allow `action` there (else its
// refusal); either refusal is sent with `ref` and the answer is nullopt.
std::optional<StaffAct> begin_staff_act(ClientSession& session, const std::string& room,
                                        moderation::Action action, const std::string& ref);

}  // namespace ibasho::chat
