// A read-only look into a room before joining (issue 13, "looking without being seen"): `peek`
// answered with one `preview`. Nobody is told: no presence change, no seat, no subscription.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "protocol/messages.hpp"
#include "protocol/server_messages.hpp"
#include "server/broker/broker.hpp"
#include "server/presence/presence.hpp"

namespace ibasho::chat {

class ClientSession;

// At most this many of the room's newest events in one preview.
inline constexpr std::uint32_t peek_events = 20;

// The `messages` preview from a history read and the room's members. Pure, so it is tested
// without a socket: the events' bytes as members got them, oldest first, at most peek_events;
// the counts only (`count`, `quiet`), never a member's name.
protocol::Preview preview_of(const std::string& room, const std::string& ref,
                             const HistorySlice& slice, const std::vector<Member>& members);

// Anyone after hello, seated in the room or not. moderation::decide_peek says what the room
// may show (and spends one of the session's preview budget): `about` is answered at once;
// `messages` reads the newest history (Broker::history, since 0) and the members (for the
// counts), then sends the preview as a reply. Either seam away: service_degraded with the ref.
void handle_peek(ClientSession& session, const protocol::Peek& m);

}  // namespace ibasho::chat
