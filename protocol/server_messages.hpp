// Server -> client messages as plain structs, one per wire "type".
// encode.hpp turns each into one line of JSON; field names here are the wire names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/error_codes.hpp"

namespace ibasho::protocol {

struct LocalizedText {
    std::string ja;
    std::string en;
};

// A scheduled room's event window, after the frozen fields of the room list entry and of
// `joined`: {"id":"ev_...","opens":"...Z","starts":"...Z","ends":"...Z"} (RFC 3339, UTC).
struct EventWindowInfo {
    std::string id;
    std::int64_t opens_ms = 0;
    std::int64_t starts_ms = 0;
    std::int64_t ends_ms = 0;
};

struct RoomInfo {
    std::string id;
    LocalizedText name;
    LocalizedText description;
    LocalizedText rules;
    // Who the room is for: "open", "age_u20", "age_20s", "age_30s", "age_40plus", "women",
    // "lgbtq", "family". Anything but "open" asks the client for an affirmation on join.
    std::vector<std::string> audience;
    std::string state;  // "open", "locked", "paused", "closed"
    std::uint32_t capacity = 0;
    std::uint32_t members = 0;
    std::uint32_t listening = 0;
    std::string presence;  // "names" or "counts": what members see of each other
    std::uint32_t slow_mode_s = 0;
    bool typing = false;
    bool limited = false;            // for a limited audience: joining needs "affirm": true
    bool shield = false;             // new joiners wait for a supporter to let them in
    std::optional<std::string> pin;  // the staff's pinned announcement, when there is one
    // Participants may write only while a staff member is in the room; `staff` counts them.
    bool supporter_present = false;
    std::uint32_t staff = 0;
    std::string org = "main";  // the organisation that runs the room (after the frozen fields)
    // A scheduled room: its event while one is open or opens within 24 h.
    std::optional<EventWindowInfo> event;
};

// {"type":"welcome","session":"...","v":1,"resumed":false,"idle_ttl_s":1800}
struct Welcome {
    std::string session;
    bool resumed = false;
    std::uint32_t idle_ttl_s = 1800;   // how long the session survives with no connection
    std::string role = "participant";  // "supporter" / "organiser" after a valid staff token
    // For staff: the display name and the rooms they moderate (organisers: every room).
    std::optional<std::string> staff_name;
    std::vector<std::string> staff_rooms;
};

// {"type":"room_list","rooms":[...]}, then "after" (the page asked for) and "next" (more follow).
struct RoomList {
    std::vector<RoomInfo> rooms;
    std::optional<std::string> after;
    std::optional<std::string> next;
};

// {"type":"joined","room":"...","member":"...","nick":"...","seq":41,...}
struct Joined {
    std::string room;
    std::string member;     // per-room random id; never the session token
    std::string nick;       // the nickname as the server normalised it
    std::uint64_t seq = 0;  // last seq in the room when the join took effect
    bool listening = false;
    bool resumed = false;
    std::string badge;  // "supporter" / "organiser" when seated as staff; empty: not written
    // Rooms that need a supporter present: written only for them.
    bool supporter_present = false;
    std::uint32_t staff = 0;
    std::optional<EventWindowInfo> event;  // a scheduled room's open event
};

// {"type":"message","room":"...","seq":42,"from":"...","nick":"...","text":"...","ts":...,
//  "id":"..."}
struct Message {
    std::string room;
    std::uint64_t seq = 0;
    std::string from;  // member id
    std::string nick;
    std::string text;
    std::int64_t ts = 0;    // unix milliseconds
    std::string id;         // the sender's client message id
    std::string badge;      // the writer's staff badge, after the core fields; empty: none
    bool shielded = false;  // the contact shield masked something in `text`
    std::optional<std::uint64_t> re;  // issue 13: the seq of the message this one quotes
};

// {"type":"stamp","room":"...","seq":43,"from":"...","nick":"...","stamp":"hug","ts":...,
//  "id":"...","on":42}
struct StampEvent {
    std::string room;
    std::uint64_t seq = 0;  // stamps share the room's sequence with messages
    std::string from;
    std::string nick;
    std::string stamp;
    std::int64_t ts = 0;
    std::string id;
    std::optional<std::uint64_t> on;
    std::string badge;  // as in Message
};

struct MemberInfo {
    std::string member;
    std::string nick;
    bool listening = false;
    std::string badge;  // staff only
};

// {"type":"presence","room":"...","count":5,"listening":3,"members":[...],"staff":1,"quiet":3}
struct PresenceUpdate {
    std::string room;
    std::uint32_t count = 0;
    std::uint32_t listening = 0;
    std::optional<std::vector<MemberInfo>> members;  // only when the room shows names
    std::uint32_t staff = 0;                         // staff members in the room, all nodes
    // Members shown only as this number (issue 13): not staff, and not yet written or stamped
    // in this visit. `members` never names them.
    std::uint32_t quiet = 0;
};

// {"type":"gap","room":"...","from":3,"to":17}: seqs [from, to] are no longer in history.
struct Gap {
    std::string room;
    std::uint64_t from = 0;
    std::uint64_t to = 0;
};

// {"type":"left","room":"..."} in answer to `leave`; with "reason" when the server took the
// member out ("removed", "banned", "room_closed").
struct Left {
    std::string room;
    std::string reason;  // empty: the member's own leave
};

// {"type":"earlier","room":"...","ref":"c21","count":50,"more":true,"kept_s":3600}: the end of
// an `earlier` answer (issue 13), after its `count` events. `more`: older events are still in
// history (ask again with the oldest seq); false at the room's first message or where history
// no longer reaches (it keeps at most `kept_s` seconds).
struct EarlierEnd {
    std::string room;
    std::string ref;
    std::uint32_t count = 0;
    bool more = false;
    std::uint64_t kept_s = 0;
};

// {"type":"preview","room":"...","ref":"c22","view":"messages","count":6,"quiet":4,
// "messages":[...]}: the answer to `peek` (issue 13). `view` "messages": the room's last events
// exactly as members got them (already masked), oldest first, and the counts; "about": nothing
// of the conversation (a gated room: the client shows its description and rules). Never a
// listener's name.
struct Preview {
    std::string room;
    std::string ref;
    std::string view;  // "messages" | "about"
    std::uint32_t count = 0;
    std::uint32_t quiet = 0;
    std::vector<std::string> messages;  // each one complete JSON object (a room event's bytes)
};

// {"type":"done","ref":"c1","action":"hide"}: a staff action, a report or another request
// that has no event of its own took effect.
struct Done {
    std::string ref;
    std::string action;  // the request's type
};

// {"type":"error","code":"...","message":"...","ref":"...","retry_after_ms":1500}
// nickname_taken adds "room":"..." and "suggestions":["くも2", ...].
struct ErrorFrame {
    Error error;
    std::optional<std::uint32_t> retry_after_ms;
    std::string room{};                      // the room a refused join named; empty: not sent
    std::vector<std::string> suggestions{};  // nicknames free in that room; empty: not sent
};

}  // namespace ibasho::protocol
