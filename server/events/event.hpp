// An organisation's event as the `event` Store record holds it, and the windows in which its
// rooms are open. Plain data shared by the schedule, the iCal feeds and the room scheduler.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/server_messages.hpp"

namespace ibasho::events {

// How an event repeats. Occurrences keep the first one's wall-clock time in the event's zone.
enum class Frequency {
    none,
    weekly,
    biweekly,         // every other week
    monthly_weekday,  // the first start's "nth weekday of the month" (e.g. the 2nd Saturday)
};

struct Recurrence {
    Frequency freq = Frequency::none;
    // monthly_weekday: which week (1..4, or -1 for the last) and weekday (0 = Sunday .. 6),
    // taken from the first start's local date when the record is written.
    int week = 0;
    int weekday = 0;
    std::optional<std::int64_t> until_ms;  // no occurrence starts after this instant (UTC)
    std::optional<std::uint32_t> count;    // at most this many occurrences (cancelled count)
};

// One room of an online event; a paired event has two: side "lived" (people with lived
// experience) and side "family" (family members), each with its own supporters.
struct Track {
    std::string room;
    std::string side;                     // "" (single room), "lived" or "family"
    std::vector<std::string> supporters;  // staff ids ("st_...") assigned for this event
};

struct Event {
    std::string id;   // "ev_" + 16 base64url characters
    std::string org;  // the owning organisation (the record's owner)
    protocol::LocalizedText title;
    protocol::LocalizedText description;
    std::int64_t start_ms = 0;          // the first occurrence, UTC
    std::int64_t end_ms = 0;            // its end; every occurrence lasts end_ms - start_ms
    std::string zone;                   // IANA zone for display and recurrence; "" = the org's
    std::vector<std::string> audience;  // as rooms: "open", "age_u20", ..., "family"
    std::uint32_t capacity = 0;         // 0: each room's own capacity
    std::vector<Track> rooms;           // online: 1 room, or 2 when paired; empty: in person
    protocol::LocalizedText place;      // in person only: a place described in text
    Recurrence recurrence;
    std::vector<std::int64_t> cancelled_ms;  // starts (UTC) of single cancelled occurrences
    std::uint32_t open_before_min = 10;      // rooms become joinable this long before start
    std::uint64_t version = 0;               // the Store's, for ETag / If-Match

    bool paired() const { return rooms.size() == 2; }
    bool online() const { return !rooms.empty(); }
};

// One room open for one occurrence: joinable from opens_ms, the event runs starts_ms..ends_ms;
// members are told 5 minutes before ends_ms, and at ends_ms the room closes and is wiped.
struct RoomWindow {
    std::string room;
    std::string event_id;
    std::string side;       // the track's side ("" / "lived" / "family")
    std::string pair_room;  // a paired event's other room ("" otherwise)
    std::int64_t opens_ms = 0;
    std::int64_t starts_ms = 0;  // the occurrence's start (its identity within the event)
    std::int64_t ends_ms = 0;
    std::uint32_t capacity = 0;  // 0: the room's own
    std::vector<std::string> supporters;
};

// What the room scheduler reads: every window of a live (not cancelled) occurrence that
// overlaps [from_ms, to_ms], across every organisation. Safe to call from any thread.
class WindowSource {
  public:
    virtual ~WindowSource() = default;
    virtual std::vector<RoomWindow> windows_between(std::int64_t from_ms,
                                                    std::int64_t to_ms) const = 0;
};

}  // namespace ibasho::events
