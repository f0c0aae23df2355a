// What a join of a scheduled room adds to any join: refused while the room is closed (with
// when it opens) or when the session sits in the other room of a paired event, and once in,
// the closing notice for a member who arrives during the last minutes.
#pragma once

#include <string>

#include "server/events/event.hpp"

namespace ibasho::chat {
class ClientSession;
struct RoomConfig;
}  // namespace ibasho::chat

namespace ibasho::events {

// Before a join: true to go on. False when the joiner has been told why not: `room_closed`
// outside the room's windows (retry_after_ms and the message say when it opens, if known), or
// `wrong_room` when the session sits in, waits at or joined earlier the other room of the same
// occurrence of a paired event. Staff of the room pass the pairing rule. On the session's shard.
bool admit_scheduled_join(chat::ClientSession& session, const chat::RoomConfig& room);

// After `joined` was sent: remembers a paired room's occurrence for the rule above, and sends
// closing_soon when the member arrived within the warning before the end.
void after_scheduled_join(chat::ClientSession& session, const chat::RoomConfig& room);

// {"type":"notice","room":r,"kind":"closing_soon",...} to this member of `room`, at most once
// per occurrence (the membership remembers it, and both the scheduler's tick and the join
// run on the session's shard, so neither can send it twice). Does nothing if not seated.
void tell_closing_soon(chat::ClientSession& session, const std::string& room,
                       const RoomWindow& window);

// The same for an occurrence cancelled while open (the room closes right after).
void tell_event_cancelled(chat::ClientSession& session, const std::string& room);

}  // namespace ibasho::events
