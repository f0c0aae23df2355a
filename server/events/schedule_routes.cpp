#include "server/events/schedule_routes.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "server/api/errors.hpp"
#include "server/api/router.hpp"
#include "server/api/staff_guard.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/clock.hpp"
#include "server/events/event_book.hpp"
#include "server/events/event_json.hpp"
#include "server/events/recurrence.hpp"
#include "server/store/store.hpp"

namespace ibasho::events {
namespace {

using json = nlohmann::json;
using api::Request;
using api::Respond;
using api::Response;

constexpr std::size_t limit_default = 50;
constexpr std::size_t limit_max = 100;

struct Query {
    std::string audience;  // "" = every audience
    std::string org;       // "" = every organisation
    std::int64_t from_ms = 0;
    std::int64_t to_ms = 0;
    std::size_t limit = limit_default;
};

// The query, checked; answers 400 naming the parameter and returns nullopt when it is wrong.
std::optional<Query> read_query(const Request& req, std::int64_t now, const Respond& respond) {
    Query q;
    q.audience = api::query_value(req.query, "audience").value_or("");
    if (!q.audience.empty() && !chat::is_known_audience(q.audience)) {
        respond(api::bad_field("audience",
                               "audience must be one of: open, age_u20, age_20s, "
                               "age_30s, age_40plus, women, lgbtq, family."));
        return std::nullopt;
    }
    q.org = api::query_value(req.query, "org").value_or("");
    if (!q.org.empty() && !valid_owner(q.org)) {
        respond(api::bad_field("org", "org must be an organisation id."));
        return std::nullopt;
    }
    q.from_ms = now;
    if (const auto f = api::query_value(req.query, "from")) {
        const auto t = parse_rfc3339(*f);
        if (!t) {
            respond(api::bad_field("from", "from must be an RFC 3339 time."));
            return std::nullopt;
        }
        q.from_ms = *t;
    }
    q.to_ms = q.from_ms + schedule_range_max_ms;
    if (const auto t = api::query_value(req.query, "to")) {
        const auto v = parse_rfc3339(*t);
        if (!v || *v <= q.from_ms || *v - q.from_ms > schedule_range_max_ms) {
            respond(api::bad_field("to",
                                   "to must be an RFC 3339 time after from, at most 60 "
                                   "days later."));
            return std::nullopt;
        }
        q.to_ms = *v;
    }
    if (const auto l = api::query_value(req.query, "limit")) {
        if (l->empty() || l->size() > 3 || !std::all_of(l->begin(), l->end(), ::isdigit) ||
            std::stoul(*l) < 1 || std::stoul(*l) > limit_max) {
            respond(api::bad_field("limit", "limit must be a number from 1 to 100."));
            return std::nullopt;
        }
        q.limit = std::stoul(*l);
    }
    return q;
}

struct Item {
    const Event* event;
    Occurrence occurrence;
};

json item_json(const Item& it) {
    const Event& e = *it.event;
    json rooms = json::array();
    for (const Track& t : e.rooms) {
        rooms.push_back({{"room", t.room}, {"side", t.side}});  // never the supporters
    }
    const json doc = to_json(e);
    return json{{"event", e.id},
                {"org", e.org},
                {"title", doc["title"]},
                {"description", doc["description"]},
                {"start", format_utc(it.occurrence.start_ms)},
                {"end", format_utc(it.occurrence.end_ms)},
                {"opens", format_utc(it.occurrence.start_ms - e.open_before_min * 60'000LL)},
                {"zone", e.zone},
                {"audience", e.audience},
                {"online", e.online()},
                {"paired", e.paired()},
                {"rooms", std::move(rooms)},
                {"place", doc["place"]},
                {"ics", "/calendar/" + e.id + ".ics"}};
}

void get_schedule(const ScheduleDeps& d, const Request& req, const Respond& respond) {
    const auto q = read_query(req, d.clock.unix_ms(), respond);
    if (!q) {
        return;
    }
    auto set = d.book.snapshot();
    std::vector<Item> items;
    for (const Event& e : set->events) {
        if (!q->org.empty() && e.org != q->org) {
            continue;
        }
        if (!q->audience.empty() &&
            std::find(e.audience.begin(), e.audience.end(), q->audience) == e.audience.end()) {
            continue;
        }
        for (const Occurrence& o : occurrences(e, q->from_ms, q->to_ms)) {
            if (!o.cancelled) {
                items.push_back({&e, o});
            }
        }
    }
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
        if (a.occurrence.start_ms != b.occurrence.start_ms) {
            return a.occurrence.start_ms < b.occurrence.start_ms;
        }
        return a.event->id < b.event->id;
    });
    if (items.size() > q->limit) {
        items.resize(q->limit);
    }
    json out_items = json::array();
    std::map<std::string, json> orgs;
    for (const Item& it : items) {
        out_items.push_back(item_json(it));
        if (orgs.count(it.event->org) == 0) {
            // The organisation's record names it; the id stands in for one that has none.
            const auto name = set->org_names.find(it.event->org);
            orgs.emplace(it.event->org,
                         name == set->org_names.end()
                             ? json{{"ja", it.event->org}, {"en", it.event->org}}
                             : json{{"ja", name->second.ja}, {"en", name->second.en}});
        }
    }
    json list = json::array();
    for (auto& [id, name] : orgs) {
        list.push_back({{"id", id}, {"name", std::move(name)}});
    }
    respond(Response::of(200, json{{"orgs", std::move(list)}, {"items", std::move(out_items)}}));
}

}  // namespace

void add_schedule_routes(api::Router& router, ScheduleDeps deps) {
    router.add(api::Method::get, "/api/schedule", "schedule.get",
               [deps](const Request& req, const api::Params&, Respond respond) {
                   get_schedule(deps, req, respond);
               });
}

}  // namespace ibasho::events
