// Older history on request (issue 13, "load earlier messages"): `earlier` reads the room's
// history before a seq and answers with those events as they were sent, then an `earlier` end.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "protocol/messages.hpp"
#include "server/broker/broker.hpp"

namespace ibasho::chat {

class ClientSession;

// At most this many events per answer.
inline constexpr std::uint32_t earlier_page = 50;

// What one answer holds, from a history slice read with since = first - 1 (the Broker reads
// "after since"; `first` is the oldest seq asked for). Pure, so it is tested without a socket.
struct EarlierPage {
    std::vector<RoomEvent> events;  // seq in [first, before), oldest first
    bool more = false;              // older events are still kept
};
// The oldest seq one answer covers: 50 before `before`, never below 1.
std::uint64_t earlier_first(std::uint64_t before);
EarlierPage earlier_page_of(HistorySlice slice, std::uint64_t before);

// A member of the room only (not_in_room otherwise). Each event goes as a reply (the send
// queue's allowance for what the client asked for) with the same bytes live members and
// `since` readers got; then {"type":"earlier","room","ref","count","more","kept_s"}. The
// Broker away: service_degraded with the ref, nothing else sent.
void handle_earlier(ClientSession& session, const protocol::Earlier& m);

}  // namespace ibasho::chat
