// The audit trail of staff actions: minute-precision time, the staff member's display name,
// the action, the room, the per-room member id and a reason code. Never text, never tokens.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace ibasho {
class Store;
class Clock;
}  // namespace ibasho

namespace ibasho::staff {

inline constexpr std::chrono::hours audit_retention{24 * 90};

struct AuditEntry {
    std::string staff_name;  // display name, as shown with the badge
    std::string action;      // "hide", "mute", "resolve_report", "deactivate", ...
    std::string room;        // empty for actions outside a room
    std::string member;      // the per-room member id acted on, or empty
    std::string reason;      // a reason code, or empty
    std::string org = "main";
};

// Writes one `audit` record (kept 90 days). `done(false)` when the Store did not take it;
// callers log that (without the entry's contents) and carry on: the action already happened.
void record_audit(Store& store, const Clock& clock, const AuditEntry& entry,
                  std::function<void(bool)> done = nullptr);

// "2026-12-01T10:15Z" for a unix time in ms: the only time an audit entry holds.
std::string audit_minute(std::int64_t unix_ms);

}  // namespace ibasho::staff
