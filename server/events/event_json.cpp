#include "server/events/event_json.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <set>

#include "server/chat/room_catalog.hpp"
#include "server/events/zone_time.hpp"
#include "server/random_token.hpp"
#include "server/store/store.hpp"

namespace ibasho::events {
namespace {

using json = nlohmann::json;

constexpr std::size_t title_max = 200;         // bytes, per language
constexpr std::size_t description_max = 4000;  // bytes, per language
constexpr std::size_t place_max = 400;
constexpr std::int64_t duration_max_ms = 24LL * 3'600'000;
constexpr std::uint32_t capacity_max = 1000;
constexpr std::uint32_t open_before_max = 120;
constexpr std::uint32_t count_max = 1000;
constexpr std::size_t supporters_max = 20;
constexpr std::size_t cancelled_max = 500;
constexpr std::size_t audience_max = 8;

using Problem = std::optional<EventProblem>;

Problem problem(std::string field, std::string message) {
    return EventProblem{std::move(field), std::move(message)};
}

Problem text_of(const json& body, const std::string& field, std::size_t max, bool required,
                protocol::LocalizedText& out) {
    if (!body.contains(field) || body[field].is_null()) {
        return required ? problem(field, field + " is required: {\"ja\":\"…\",\"en\":\"…\"}")
                        : std::nullopt;
    }
    const json& v = body[field];
    if (!v.is_object()) {
        return problem(field, field + " must be an object {\"ja\":\"…\",\"en\":\"…\"}");
    }
    for (const auto& [key, value] : v.items()) {
        if (key != "ja" && key != "en") {
            return problem(field + "." + key, "Only ja and en are known.");
        }
        if (!value.is_string()) {
            return problem(field + "." + key, "Must be a string.");
        }
        if (value.get_ref<const std::string&>().size() > max) {
            return problem(field + "." + key, "At most " + std::to_string(max) + " bytes.");
        }
    }
    out.ja = v.value("ja", "");
    out.en = v.value("en", "");
    if (required && out.ja.empty() && out.en.empty()) {
        return problem(field, field + " needs a Japanese or an English text.");
    }
    return std::nullopt;
}

Problem time_of(const json& v, const std::string& field, std::int64_t& out) {
    if (!v.is_string()) {
        return problem(field, field + " must be an RFC 3339 time, e.g. 2026-12-12T10:00:00+09:00");
    }
    const auto t = parse_rfc3339(v.get_ref<const std::string&>());
    if (!t) {
        return problem(field, field + " must be an RFC 3339 time, e.g. 2026-12-12T10:00:00+09:00");
    }
    out = *t;
    return std::nullopt;
}

Problem uint_of(const json& body, const std::string& field, std::uint32_t lo, std::uint32_t hi,
                std::uint32_t& out) {
    if (!body.contains(field)) {
        return std::nullopt;
    }
    const json& v = body[field];
    if (!v.is_number_integer() || v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi) {
        return problem(field, field + " must be a whole number from " + std::to_string(lo) +
                                  " to " + std::to_string(hi) + ".");
    }
    out = static_cast<std::uint32_t>(v.get<std::int64_t>());
    return std::nullopt;
}

bool valid_staff_id(std::string_view id) {
    if (id.size() < 4 || id.size() > 64 || id.substr(0, 3) != "st_") {
        return false;
    }
    return std::all_of(id.begin() + 3, id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    });
}

Problem audience_of(const json& body, Event& out) {
    if (!body.contains("audience")) {
        return problem("audience", "audience is required, e.g. [\"open\"] or [\"family\"].");
    }
    const json& a = body["audience"];
    if (!a.is_array() || a.empty() || a.size() > audience_max) {
        return problem("audience", "audience must be a list of 1 to 8 audiences.");
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string field = "audience[" + std::to_string(i) + "]";
        if (!a[i].is_string() || !chat::is_known_audience(a[i].get_ref<const std::string&>())) {
            return problem(field,
                           "Each audience must be one of: open, age_u20, age_20s, age_30s, "
                           "age_40plus, women, lgbtq, family.");
        }
        if (!seen.insert(a[i].get<std::string>()).second) {
            return problem(field, "This audience is listed twice.");
        }
        out.audience.push_back(a[i].get<std::string>());
    }
    return std::nullopt;
}

Problem rooms_of(const json& body, Event& out) {
    if (!body.contains("rooms")) {
        return problem("rooms",
                       "rooms is required: one room, two (a paired event) or [] for an "
                       "event in person.");
    }
    const json& rooms = body["rooms"];
    if (!rooms.is_array() || rooms.size() > 2) {
        return problem("rooms", "rooms must be a list of at most two rooms.");
    }
    for (std::size_t i = 0; i < rooms.size(); ++i) {
        const std::string at = "rooms[" + std::to_string(i) + "]";
        const json& r = rooms[i];
        if (!r.is_object()) {
            return problem(at, "Each room must be an object {\"room\",\"side\",\"supporters\"}.");
        }
        for (const auto& [key, value] : r.items()) {
            (void)value;
            if (key != "room" && key != "side" && key != "supporters") {
                return problem(at + "." + key, "Unknown field.");
            }
        }
        Track t;
        if (!r.contains("room") || !r["room"].is_string() ||
            !valid_id(r["room"].get_ref<const std::string&>())) {
            return problem(at + ".room", "room must be a room id.");
        }
        t.room = r["room"].get<std::string>();
        if (r.contains("side")) {
            if (!r["side"].is_string()) {
                return problem(at + ".side", "side must be \"\", \"lived\" or \"family\".");
            }
            t.side = r["side"].get<std::string>();
        }
        if (rooms.size() == 1 && !t.side.empty()) {
            return problem(at + ".side",
                           "An event with one room has side \"\"; a paired event has two rooms.");
        }
        if (rooms.size() == 2 && t.side != "lived" && t.side != "family") {
            return problem(at + ".side",
                           "A paired event's rooms have sides \"lived\" and \"family\".");
        }
        if (i == 1 && t.side == out.rooms[0].side) {
            return problem(at + ".side",
                           "A paired event has one \"lived\" and one \"family\" room.");
        }
        if (i == 1 && t.room == out.rooms[0].room) {
            return problem(at + ".room", "A paired event needs two different rooms.");
        }
        if (r.contains("supporters")) {
            const json& s = r["supporters"];
            if (!s.is_array() || s.size() > supporters_max) {
                return problem(at + ".supporters",
                               "supporters must be a list of at most 20 "
                               "staff ids.");
            }
            for (std::size_t k = 0; k < s.size(); ++k) {
                const std::string f = at + ".supporters[" + std::to_string(k) + "]";
                if (!s[k].is_string() || !valid_staff_id(s[k].get_ref<const std::string&>())) {
                    return problem(f, "Each supporter is a staff id (\"st_…\").");
                }
                const std::string id = s[k].get<std::string>();
                if (std::find(t.supporters.begin(), t.supporters.end(), id) != t.supporters.end()) {
                    return problem(f, "This supporter is listed twice.");
                }
                t.supporters.push_back(id);
            }
        }
        out.rooms.push_back(std::move(t));
    }
    return std::nullopt;
}

Problem recurrence_of(const json& body, Event& out) {
    if (!body.contains("recurrence") || body["recurrence"].is_null()) {
        return std::nullopt;
    }
    const json& r = body["recurrence"];
    if (!r.is_object()) {
        return problem("recurrence", "recurrence must be an object {\"freq\":…}.");
    }
    for (const auto& [key, value] : r.items()) {
        (void)value;
        if (key != "freq" && key != "until" && key != "count" && key != "week" &&
            key != "weekday") {
            return problem("recurrence." + key, "Unknown field.");
        }
    }
    if (!r.contains("freq") || !r["freq"].is_string() ||
        !parse_frequency(r["freq"].get_ref<const std::string&>())) {
        return problem("recurrence.freq",
                       "freq must be none, weekly, biweekly or monthly_weekday.");
    }
    Recurrence& rec = out.recurrence;
    rec.freq = *parse_frequency(r["freq"].get_ref<const std::string&>());
    if (rec.freq == Frequency::none) {
        if (r.contains("until") || r.contains("count")) {
            return problem(r.contains("until") ? "recurrence.until" : "recurrence.count",
                           "An event that does not repeat has no until or count.");
        }
        return std::nullopt;
    }
    if (r.contains("until") && !r["until"].is_null()) {
        std::int64_t until = 0;
        if (auto p = time_of(r["until"], "recurrence.until", until)) {
            return p;
        }
        if (until < out.start_ms) {
            return problem("recurrence.until", "until must not be before start.");
        }
        rec.until_ms = until;
    }
    if (r.contains("count") && !r["count"].is_null()) {
        std::uint32_t count = 0;
        if (auto p = uint_of(r, "count", 1, count_max, count)) {
            return problem("recurrence.count", p->message);
        }
        rec.count = count;
    }
    // The weekday and the week are those of the first start's local date, so the record and
    // the start never disagree.
    const auto local = to_local(out.start_ms, out.zone);
    if (!local) {
        return problem("zone", "zone must be an IANA time zone such as Asia/Tokyo.");
    }
    rec.weekday = weekday_of(local->year, local->month, local->day);
    if (r.contains("weekday") &&
        (!r["weekday"].is_number_integer() || r["weekday"].get<int>() != rec.weekday)) {
        return problem("recurrence.weekday",
                       "weekday (0 = Sunday) must be the weekday of start in the event's zone: " +
                           std::to_string(rec.weekday) + ".");
    }
    if (rec.freq != Frequency::monthly_weekday) {
        if (r.contains("week")) {
            return problem("recurrence.week", "week is for monthly_weekday only.");
        }
        return std::nullopt;
    }
    const int derived = week_of_month(local->day);
    const bool last = is_last_weekday_of_month(local->year, local->month, local->day);
    if (r.contains("week")) {
        const json& w = r["week"];
        if (!w.is_number_integer()) {
            return problem("recurrence.week", "week must be 1 to 4, or -1 for the last.");
        }
        const int week = w.get<int>();
        if (week == -1 && last) {
            rec.week = -1;
            return std::nullopt;
        }
        if (week != derived || week > 4) {
            return problem("recurrence.week",
                           last ? "week must match start: " +
                                      (derived <= 4 ? std::to_string(derived) + " or " : "") +
                                      "-1 (the last)."
                                : "week must match start: " + std::to_string(derived) + ".");
        }
        rec.week = week;
        return std::nullopt;
    }
    if (derived == 5) {
        return problem("recurrence.week",
                       "start is a 5th weekday, which most months lack: give \"week\":-1 to "
                       "repeat on the last one.");
    }
    rec.week = derived;
    return std::nullopt;
}

Problem cancelled_of(const json& body, Event& out) {
    if (!body.contains("cancelled")) {
        return std::nullopt;
    }
    const json& c = body["cancelled"];
    if (!c.is_array() || c.size() > cancelled_max) {
        return problem("cancelled", "cancelled must be a list of occurrence starts.");
    }
    for (std::size_t i = 0; i < c.size(); ++i) {
        std::int64_t t = 0;
        if (auto p = time_of(c[i], "cancelled[" + std::to_string(i) + "]", t)) {
            return p;
        }
        out.cancelled_ms.push_back(t);
    }
    std::sort(out.cancelled_ms.begin(), out.cancelled_ms.end());
    out.cancelled_ms.erase(std::unique(out.cancelled_ms.begin(), out.cancelled_ms.end()),
                           out.cancelled_ms.end());
    return std::nullopt;
}

json text_json(const protocol::LocalizedText& t) {
    return json{{"ja", t.ja}, {"en", t.en}};
}

}  // namespace

std::string_view to_string(Frequency freq) {
    switch (freq) {
        case Frequency::weekly:
            return "weekly";
        case Frequency::biweekly:
            return "biweekly";
        case Frequency::monthly_weekday:
            return "monthly_weekday";
        case Frequency::none:
            break;
    }
    return "none";
}

std::optional<Frequency> parse_frequency(std::string_view text) {
    for (Frequency f :
         {Frequency::none, Frequency::weekly, Frequency::biweekly, Frequency::monthly_weekday}) {
        if (text == to_string(f)) {
            return f;
        }
    }
    return std::nullopt;
}

std::string new_event_id() {
    return "ev_" + random_base64url(12);  // 12 bytes: 16 characters
}

bool valid_event_id(std::string_view id) {
    if (id.size() != 19 || id.substr(0, 3) != "ev_") {
        return false;
    }
    return std::all_of(id.begin() + 3, id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    });
}

std::optional<EventProblem> parse_event(const json& body, Event& out, const ParseOptions& options) {
    out = Event{};
    if (!body.is_object()) {
        return problem("", "The body must be an event object.");
    }
    static const std::set<std::string, std::less<>> known{
        "id",    "org",        "title",     "description",    "start",
        "end",   "zone",       "audience",  "capacity",       "rooms",
        "place", "recurrence", "cancelled", "open_before_min"};
    for (const auto& [key, value] : body.items()) {
        (void)value;
        if (known.find(key) == known.end()) {
            return problem(key, "Unknown field.");
        }
    }
    if (auto p = text_of(body, "title", title_max, true, out.title)) {
        return p;
    }
    if (auto p = text_of(body, "description", description_max, false, out.description)) {
        return p;
    }
    if (!body.contains("start")) {
        return problem("start", "start is required (RFC 3339).");
    }
    if (auto p = time_of(body["start"], "start", out.start_ms)) {
        return p;
    }
    if (!body.contains("end")) {
        return problem("end", "end is required (RFC 3339).");
    }
    if (auto p = time_of(body["end"], "end", out.end_ms)) {
        return p;
    }
    if (out.end_ms <= out.start_ms) {
        return problem("end", "end must be after start.");
    }
    if (out.end_ms - out.start_ms > duration_max_ms) {
        return problem("end", "An event lasts at most 24 hours.");
    }
    out.zone = options.org_zone;
    if (body.contains("zone") && !body["zone"].is_null()) {
        if (!body["zone"].is_string()) {
            return problem("zone", "zone must be an IANA time zone such as Asia/Tokyo.");
        }
        out.zone = body["zone"].get<std::string>();
    }
    if (!valid_zone(out.zone)) {
        return problem("zone", "zone must be an IANA time zone such as Asia/Tokyo.");
    }
    if (auto p = audience_of(body, out)) {
        return p;
    }
    if (auto p = uint_of(body, "capacity", 0, capacity_max, out.capacity)) {
        return p;
    }
    if (auto p = rooms_of(body, out)) {
        return p;
    }
    const bool has_place = body.contains("place") && !body["place"].is_null();
    if (out.online() && has_place) {
        return problem("place", "An online event has no place; use rooms [] for one in person.");
    }
    if (!out.online()) {
        if (!has_place) {
            return problem("place",
                           "An event in person needs a place {\"ja\",\"en\"}; an "
                           "online one needs rooms.");
        }
        if (auto p = text_of(body, "place", place_max, true, out.place)) {
            return p;
        }
    }
    if (auto p = uint_of(body, "open_before_min", 0, open_before_max, out.open_before_min)) {
        return p;
    }
    if (auto p = recurrence_of(body, out)) {
        return p;
    }
    return cancelled_of(body, out);
}

json to_json(const Event& e) {
    json rooms = json::array();
    for (const Track& t : e.rooms) {
        rooms.push_back({{"room", t.room}, {"side", t.side}, {"supporters", t.supporters}});
    }
    json rec{{"freq", to_string(e.recurrence.freq)}};
    if (e.recurrence.freq != Frequency::none) {
        rec["weekday"] = e.recurrence.weekday;
        if (e.recurrence.freq == Frequency::monthly_weekday) {
            rec["week"] = e.recurrence.week;
        }
        if (e.recurrence.until_ms) {
            rec["until"] = format_utc(*e.recurrence.until_ms);
        }
        if (e.recurrence.count) {
            rec["count"] = *e.recurrence.count;
        }
    }
    json cancelled = json::array();
    for (std::int64_t c : e.cancelled_ms) {
        cancelled.push_back(format_utc(c));
    }
    return json{{"id", e.id},
                {"org", e.org},
                {"title", text_json(e.title)},
                {"description", text_json(e.description)},
                {"start", format_utc(e.start_ms)},
                {"end", format_utc(e.end_ms)},
                {"zone", e.zone},
                {"audience", e.audience},
                {"capacity", e.capacity},
                {"rooms", std::move(rooms)},
                {"place", e.online() ? json(nullptr) : text_json(e.place)},
                {"recurrence", std::move(rec)},
                {"cancelled", std::move(cancelled)},
                {"open_before_min", e.open_before_min}};
}

std::optional<Event> event_from_record(const StoreRecord& record) {
    const json body = json::parse(record.body, nullptr, false);
    Event e;
    if (body.is_discarded() || parse_event(body, e)) {
        return std::nullopt;
    }
    e.id = record.id;
    e.org = record.owner;
    e.version = record.version;
    return e;
}

}  // namespace ibasho::events
