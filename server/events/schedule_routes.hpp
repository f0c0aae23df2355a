// The public schedule (GET /api/schedule): every organisation's live occurrences from now (or
// `from`) for up to 60 days, sorted by start. Nothing about supporters or who joined.
#pragma once

#include <cstdint>

namespace ibasho {
class Clock;
namespace api {
class Router;
}
}  // namespace ibasho

namespace ibasho::events {

class EventBook;

// The widest range one request may ask for.
inline constexpr std::int64_t schedule_range_max_ms = 60LL * 86'400'000;

struct ScheduleDeps {
    const EventBook& book;  // the events and the organisations' names: no Store read per request
    const Clock& clock;
};

// GET /api/schedule?audience=&org=&from=&to=&limit=. `deps` must outlive the router.
void add_schedule_routes(api::Router& router, ScheduleDeps deps);

}  // namespace ibasho::events
