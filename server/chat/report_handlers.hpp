// Reports (any member seated in a room tells its staff about a message) and their closing by
// staff, plus the staff queue sent after a staff member's `joined`. The reporter is never
// written anywhere: not in the record, not in a log, not in a metric.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "moderation/rate_limiter.hpp"
#include "protocol/messages.hpp"

namespace ibasho {
class Clock;
class Control;
class Store;
}  // namespace ibasho

namespace ibasho::staff {
struct StaffIdentity;
}

namespace ibasho::chat {

class ClientSession;
class RoomCatalog;

// What one session remembers about its reports and asks, in its own memory only (gone with
// the connection): the messages it reported, and its ask per room.
struct SessionReports {
    std::set<std::pair<std::string, std::uint64_t>> reported;  // (room, seq)
    std::unordered_map<std::string, std::string> asks;         // room -> ask id
    // A participant's private lines when they no longer sit in the ask's room (seated, the
    // room's own rate limit counts them, like room messages).
    moderation::RateLimiter private_rate{1.0, 5.0};
};

void handle_report(ClientSession& session, SessionReports& mine, const protocol::Report& m);
void handle_resolve_report(ClientSession& session, const protocol::ResolveReport& m);

// After a staff member's `joined` in `room`: {"type":"queue",...} with the room's open
// reports (operator reports to organisers only) and waiting asks. Nothing for participants.
void send_staff_queue(ClientSession& session, const std::string& room);

// Closing a report, for the WebSocket and the HTTP API alike: checks the actor may, removes
// the record (its text with it), audits, and tells the other staff (report_closed).
enum class ResolveOutcome { done, no_such_report, forbidden, unavailable };
struct ResolveDeps {
    Store& store;
    const Clock& clock;
    Control& control;
    const RoomCatalog& catalog;  // whose room it is: staff resolve their organisation's only
};
void resolve_report(ResolveDeps deps, const staff::StaffIdentity& actor, const std::string& id,
                    bool dismissed, const std::string& reason,
                    std::function<void(ResolveOutcome)> done);

}  // namespace ibasho::chat
