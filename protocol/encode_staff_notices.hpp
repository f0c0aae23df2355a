// Server -> client messages of member sanctions and staff roles (issue 11): notice, review,
// standing and role, each as a plain struct and one encoder writing one compact JSON line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ibasho::protocol {

// {"type":"notice","room":"r","kind":"muted","until":1790000600000}
// {"type":"notice","room":"r","kind":"reminder","text":"..."}: to the member alone.
// {"type":"notice","room":"r","kind":"contact_masked","ref":"c12"}: about the writer's own say.
struct Notice {
    std::string room;
    // "reminder", "muted", "removed", "banned"; about one's own message: "contact_masked"
    // (its contact details are not shown), "not_shown" (a blocked word kept it from others).
    // A scheduled room's event: "closing_soon" (5 minutes before the end, with `until` and
    // `ends`), "event_cancelled" (the occurrence was cancelled; the room closes now).
    std::string kind;
    std::optional<std::int64_t> until;
    std::optional<std::string> text;     // a reminder: Japanese, or the staff member's words
    std::optional<std::string> text_en;  // a reminder from a template: its English text
    std::optional<std::string> reason;   // "flood": an automatic mute, not a person's
    std::optional<std::string> ref;      // the client id of the say it is about
    std::optional<std::string> ends;     // a scheduled room's event end, RFC 3339 UTC
};

// {"type":"review","room":"r","member":"m1","nick":"...","action":"mute","reason":"flood"}:
// to the room's staff when a sanction has run out, so someone looks again.
struct Review {
    std::string room;
    std::string member;
    std::string nick;
    std::string action;
    std::string reason;
};

struct StandingEventInfo {
    std::string action;
    std::string reason;
    std::int64_t at_ms = 0;
};

// The standing of one member in one room (spec §4), as staff see it.
struct StandingInfo {
    std::int64_t muted_until_ms = 0;
    std::int64_t removed_until_ms = 0;
    std::uint32_t reminders = 0;
    std::uint32_t mutes = 0;
    std::uint32_t removes = 0;
    std::uint32_t bans = 0;
    std::int64_t last_ms = 0;
    std::string note;
    std::vector<StandingEventInfo> events;
};

// {"type":"standing","room":"r","member":"m1","standing":{...},"suggest":"mute","ref":"c9"}
struct StandingAnswer {
    std::string room;
    std::string member;
    StandingInfo standing;
    std::string suggest;  // "remind", "mute", "remove", "ban"
    std::string ref;
};

// {"type":"role","role":"participant","reason":"revoked"}: the session's role changed.
struct RoleChange {
    std::string role;
    std::string reason;
};

std::string encode(const Notice& message);
std::string encode(const Review& message);
std::string encode(const StandingAnswer& message);
std::string encode(const RoleChange& message);

}  // namespace ibasho::protocol
