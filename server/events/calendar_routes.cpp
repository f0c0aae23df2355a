#include "server/events/calendar_routes.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "server/api/public_routes.hpp"
#include "server/api/staff_guard.hpp"
#include "server/clock.hpp"
#include "server/events/ical_writer.hpp"

namespace ibasho::events {
namespace {

constexpr std::string_view feed_path = "/calendar.ics";
constexpr std::string_view event_prefix = "/calendar/";
constexpr std::int64_t day_ms = 86'400'000;

api::Response plain(int status, std::string text) {
    api::Response r;
    r.status = status;
    r.body = std::move(text);
    r.header("Content-Type", "text/plain; charset=utf-8");
    return r;
}

bool is_slug(std::string_view s, std::size_t max) {
    return !s.empty() && s.size() <= max && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

bool is_event_id(std::string_view s) {
    return s.size() == 19 && s.substr(0, 3) == "ev_" &&
           std::all_of(s.begin() + 3, s.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
           });
}

// The Host header's name, when it is a plain host name or address (with or without a port);
// anything else is not put into a calendar.
std::string host_name(std::string_view host) {
    if (host.empty() || host.size() > 255) {
        return {};
    }
    const bool ok = std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
               c == '[' || c == ']';
    });
    return ok ? std::string(host) : std::string();
}

std::string without_port(const std::string& host) {
    if (!host.empty() && host.front() == '[') {
        return host.substr(0, host.find(']') + 1);
    }
    return host.substr(0, host.find(':'));
}

// Two answers of the same events differ only in DTSTAMP (the time of writing), so the tag is
// taken over everything else and is weak: the same events, the same tag, on every node.
std::string feed_tag(const std::string& text) {
    std::string stable;
    stable.reserve(text.size());
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find("\r\n", start);
        end = end == std::string::npos ? text.size() : end + 2;
        if (text.compare(start, 8, "DTSTAMP:") != 0) {
            stable.append(text, start, end - start);
        }
        start = end;
    }
    return api::etag_for(stable);
}

// A feed is fetched again and again by calendar apps, so it may be kept and revalidated
// (no-cache); one event's file is downloaded once by a browser, perhaps on a shared family
// device, so it keeps the site's no-store like every other page.
api::Response calendar_answer(const IcalResult& ical, const CalendarRequest& req, bool feed) {
    const std::string tag = feed_tag(ical.text);
    api::Response r;
    r.header("ETag", "W/" + tag);
    r.header("Cache-Control", feed ? "no-cache" : "no-store");
    if (api::etag_listed(req.if_none_match, tag)) {
        r.status = 304;
        return r;
    }
    r.status = 200;
    r.body = ical.text;
    r.header("Content-Type", "text/calendar; charset=utf-8");
    return r;
}

}  // namespace

bool still_ahead(const Event& e, std::int64_t now_ms) {
    const std::int64_t length = e.end_ms - e.start_ms;
    const Recurrence& r = e.recurrence;
    std::optional<std::int64_t> last_end;
    if (r.freq == Frequency::none) {
        last_end = e.end_ms;
    } else if (r.until_ms) {
        last_end = *r.until_ms + length;
    } else if (r.count) {
        // The count's last start is at most this far on; a day more covers a clock change.
        const std::int64_t step = r.freq == Frequency::weekly     ? 7 * day_ms
                                  : r.freq == Frequency::biweekly ? 14 * day_ms
                                                                  : 35 * day_ms;
        last_end = e.start_ms + static_cast<std::int64_t>(*r.count > 0 ? *r.count - 1 : 0) * step +
                   length + day_ms;
    }
    return !last_end || *last_end > now_ms;
}

CalendarFeeds::CalendarFeeds(EventsProvider events, const Clock& clock, std::string default_zone)
    : events_(std::move(events)), clock_(clock), default_zone_(std::move(default_zone)) {}

bool CalendarFeeds::handles(std::string_view path) {
    return path == feed_path || path.substr(0, event_prefix.size()) == event_prefix;
}

api::Response CalendarFeeds::answer(const CalendarRequest& req) const {
    IcalOptions options;
    options.now_ms = clock_.unix_ms();
    options.default_zone = default_zone_;
    const std::string host = host_name(req.host);
    if (!host.empty()) {
        options.host = without_port(host);
        options.schedule_url =
            std::string(req.https ? "https://" : "http://") + host + "/#/schedule";
    }
    const auto lang = api::query_value(req.query, "lang");
    if (lang && *lang != "ja" && *lang != "en") {
        return plain(400, "lang: must be ja or en\n");
    }
    options.language = lang && *lang == "en" ? CalendarLanguage::en : CalendarLanguage::ja;

    std::vector<Event> all = events_ ? events_() : std::vector<Event>{};
    if (req.path == feed_path) {
        const auto org = api::query_value(req.query, "org");
        if (org && !is_slug(*org, 32)) {
            return plain(400, "org: not an organisation id\n");
        }
        const auto audience = api::query_value(req.query, "audience");
        if (audience && !is_slug(*audience, 32)) {
            return plain(400, "audience: not an audience\n");
        }
        std::vector<Event> kept;
        for (auto& e : all) {
            if (!still_ahead(e, options.now_ms) || (org && e.org != *org) ||
                (audience &&
                 std::find(e.audience.begin(), e.audience.end(), *audience) == e.audience.end())) {
                continue;
            }
            kept.push_back(std::move(e));
        }
        // The same events in the same order whatever order the provider gave them in.
        std::sort(kept.begin(), kept.end(), [](const Event& a, const Event& b) {
            return a.start_ms != b.start_ms ? a.start_ms < b.start_ms : a.id < b.id;
        });
        options.calendar_name = options.language == CalendarLanguage::en
                                    ? "ibasho: upcoming gatherings"
                                    : "ibasho これからの集まり";
        return calendar_answer(write_ical(kept, options), req, true);
    }

    std::string_view name = req.path.substr(event_prefix.size());
    constexpr std::string_view suffix = ".ics";
    if (name.size() <= suffix.size() || name.substr(name.size() - suffix.size()) != suffix) {
        return plain(404, "Not found\n");
    }
    name.remove_suffix(suffix.size());
    if (!is_event_id(name)) {
        return plain(404, "Not found\n");
    }
    const auto it =
        std::find_if(all.begin(), all.end(), [name](const Event& e) { return e.id == name; });
    if (it == all.end()) {
        return plain(404, "Not found\n");
    }
    api::Response r = calendar_answer(write_ical({*it}, options), req, false);
    if (r.status == 200) {
        r.header("Content-Disposition", "attachment; filename=\"" + std::string(name) + ".ics\"");
    }
    return r;
}

}  // namespace ibasho::events
