// The public calendar feeds outside /api/: GET /calendar.ics (every public event; ?org=,
// ?audience=, ?lang=) and GET /calendar/<event id>.ics, with a weak ETag and 304. No Beast here.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "server/api/message.hpp"
#include "server/events/event.hpp"

namespace ibasho {
class Clock;
}

namespace ibasho::events {

// What the HTTP session hands over: nothing that could identify the caller.
struct CalendarRequest {
    std::string_view path;   // without the query string
    std::string_view query;  // raw, after '?'
    std::string_view if_none_match;
    std::string_view host;  // the Host header: the UIDs' domain and the schedule link's host
    bool https = false;     // the link's scheme
};

class CalendarFeeds {
  public:
    // Every organisation's events, as the node holds them now (EventBook); any thread.
    using EventsProvider = std::function<std::vector<Event>()>;

    CalendarFeeds(EventsProvider events, const Clock& clock,
                  std::string default_zone = "Asia/Tokyo");

    // True for "/calendar.ics" and anything under "/calendar/": this class answers those.
    static bool handles(std::string_view path);

    // 200 text/calendar (with ETag; Content-Disposition for one event), 304 when If-None-Match
    // lists the ETag, 400 text/plain naming a bad query parameter, 404 for an unknown event or
    // path. The feed holds only events with an occurrence still to end, or open-ended.
    api::Response answer(const CalendarRequest& request) const;

  private:
    EventsProvider events_;
    const Clock& clock_;
    std::string default_zone_;
};

// Whether some occurrence of `e` may still end after `now_ms`: a single event by its end, a
// recurring one by its UNTIL or COUNT (an upper bound), an open-ended one always.
bool still_ahead(const Event& e, std::int64_t now_ms);

}  // namespace ibasho::events
