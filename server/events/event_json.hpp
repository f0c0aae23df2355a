// The event JSON of the API and of the `event` Store record (docs/api.md, "Events"): parsed
// and checked into events::Event with a problem naming the field, and written back in UTC.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "server/events/event.hpp"
#include "server/events/rfc3339.hpp"
#include "server/events/zone_time.hpp"

namespace ibasho {
struct StoreRecord;
}

namespace ibasho::events {

inline constexpr std::string_view event_kind = "event";

// What is wrong with a body: `field` in the API's style ("rooms[1].side", "recurrence.freq").
struct EventProblem {
    std::string field;
    std::string message;
};

struct ParseOptions {
    // Stands in for a missing "zone": the organisation's zone.
    std::string org_zone = std::string(default_zone);
};

// Fills `out` from `body` (everything but id, org and version, which the caller owns: the path
// and the Store's record) or names the first problem. Checks only what the JSON itself can
// tell; rooms against the catalogue and overlaps are the routes' (server/events/event_routes).
// Times may carry any offset; the event keeps UTC. For monthly_weekday, week and weekday come
// from the first start's local date ("week":-1 may be given to mean the last such weekday).
std::optional<EventProblem> parse_event(const nlohmann::json& body, Event& out,
                                        const ParseOptions& options = {});

// The event as the API answers it and the record stores it: times in UTC ("...Z").
nlohmann::json to_json(const Event& event);

// A stored record back into an event (id, org and version from the record); nullopt when the
// body is not a valid event (written around the API).
std::optional<Event> event_from_record(const StoreRecord& record);

// "none", "weekly", "biweekly", "monthly_weekday".
std::string_view to_string(Frequency freq);
std::optional<Frequency> parse_frequency(std::string_view text);

// A fresh event id: "ev_" and 16 base64url characters.
std::string new_event_id();
bool valid_event_id(std::string_view id);

}  // namespace ibasho::events
