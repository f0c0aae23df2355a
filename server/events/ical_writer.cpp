#include "server/events/ical_writer.hpp"

#include <algorithm>
#include <map>

#include "server/events/ical_text.hpp"
#include "server/events/zone_rules.hpp"

namespace ibasho::events {
namespace {

constexpr std::int64_t day_ms = 86'400'000;
constexpr const char* weekday_codes[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

// The zone an event is written in, and whether it is one we can describe.
struct ZoneUse {
    std::string zone;
    bool known = false;
};

ZoneUse zone_of(const Event& e, const IcalOptions& o) {
    ZoneUse z{e.zone.empty() ? o.default_zone : e.zone, false};
    z.known = zone_known(z.zone);
    return z;
}

// "DTSTART;TZID=Asia/Tokyo:20261212T100000", or in UTC ("DTSTART:20261212T010000Z") when the
// zone is unknown: still the right instant, only recurrence follows UTC then.
std::string time_line(std::string_view name, std::int64_t utc_ms, const ZoneUse& z) {
    std::string line(name);
    if (!z.known) {
        return line + ":" + ical_date_time(utc_ms, 0, true);
    }
    return line + ";TZID=" + z.zone + ":" +
           ical_date_time(utc_ms, *utc_offset_seconds(z.zone, utc_ms));
}

// The first start's local "nth weekday of the month" when the record does not carry it.
Recurrence completed(Recurrence r, std::int64_t start_ms, const ZoneUse& z) {
    if (r.freq != Frequency::monthly_weekday || r.week != 0) {
        return r;
    }
    const std::int64_t local_ms =
        start_ms + (z.known ? *utc_offset_seconds(z.zone, start_ms) : 0) * 1000LL;
    std::int64_t days = local_ms / day_ms - (local_ms % day_ms < 0 ? 1 : 0);
    r.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
    const std::string stamp =
        ical_date_time(start_ms, z.known ? *utc_offset_seconds(z.zone, start_ms) : 0);
    const int day_of_month = std::stoi(stamp.substr(6, 2));
    r.week = (day_of_month - 1) / 7 + 1;
    return r;
}

const std::string& lead(const protocol::LocalizedText& t, CalendarLanguage l) {
    if (l == CalendarLanguage::en) {
        return t.en.empty() ? t.ja : t.en;
    }
    return t.ja.empty() ? t.en : t.ja;
}

const std::string& other(const protocol::LocalizedText& t, CalendarLanguage l) {
    static const std::string none;
    const std::string& o = l == CalendarLanguage::en ? t.ja : t.en;
    return o == lead(t, l) ? none : o;
}

// How to take part, in one language: online (when the room opens, paired rooms) or a place.
std::string how_line(const Event& e, bool ja) {
    std::string out;
    if (e.online()) {
        out = ja ? "オンラインの集まりです（ibasho）。" : "Online, on ibasho.";
        if (e.open_before_min > 0) {
            const std::string n = std::to_string(e.open_before_min);
            out += ja ? "始まる" + n + "分前から入れます。"
                      : " The room opens " + n + " minutes before the start.";
        }
        if (e.paired()) {
            out += ja ? "ご本人の部屋とご家族の部屋が同時に開きます。"
                      : " Two rooms open at once: one for people with lived experience, one "
                        "for families.";
        }
    } else {
        const std::string& place = ja ? (e.place.ja.empty() ? e.place.en : e.place.ja)
                                      : (e.place.en.empty() ? e.place.ja : e.place.en);
        if (!place.empty()) {
            out = (ja ? "場所：" : "Place: ") + place;
        }
    }
    return out;
}

std::string description_of(const Event& e, CalendarLanguage l) {
    const bool ja_first = l == CalendarLanguage::ja;
    std::vector<std::string> blocks;
    auto add_block = [&blocks](std::vector<std::string> lines) {
        std::string block;
        for (auto& line : lines) {
            if (line.empty()) {
                continue;
            }
            if (!block.empty()) {
                block += "\n";
            }
            block += line;
        }
        if (!block.empty()) {
            blocks.push_back(std::move(block));
        }
    };
    add_block({lead(e.description, l), how_line(e, ja_first)});
    if (!other(e.title, l).empty() || !other(e.description, l).empty()) {
        add_block({other(e.title, l), other(e.description, l), how_line(e, !ja_first)});
    }
    std::string out;
    for (const auto& b : blocks) {
        if (!out.empty()) {
            out += "\n\n";
        }
        out += b;
    }
    return out;
}

std::string location_of(const Event& e, CalendarLanguage l) {
    const std::string& first = lead(e.place, l);
    const std::string& second = other(e.place, l);
    return second.empty() ? first : first + " / " + second;
}

void write_event(std::string& out, const Event& e, const ZoneUse& z, const IcalOptions& o) {
    auto line = [&out](std::string_view text) { append_folded(out, text); };
    const char* lang = o.language == CalendarLanguage::en ? "en" : "ja";
    line("BEGIN:VEVENT");
    line("UID:" + e.id + "@" + o.host);
    line("DTSTAMP:" + ical_date_time(o.now_ms, 0, true));
    line(time_line("DTSTART", e.start_ms, z));
    line(time_line("DTEND", e.end_ms, z));
    line("SEQUENCE:" + std::to_string(e.version));
    line(std::string("SUMMARY;LANGUAGE=") + lang + ":" + escape_text(lead(e.title, o.language)));
    if (const auto d = description_of(e, o.language); !d.empty()) {
        line(std::string("DESCRIPTION;LANGUAGE=") + lang + ":" + escape_text(d));
    }
    if (!e.online()) {
        if (const auto where = location_of(e, o.language); !where.empty()) {
            line(std::string("LOCATION;LANGUAGE=") + lang + ":" + escape_text(where));
        }
    }
    if (!o.schedule_url.empty()) {
        line("URL:" + o.schedule_url);
    }
    const bool recurring = e.recurrence.freq != Frequency::none;
    const bool cancelled_single =
        !recurring &&
        std::find(e.cancelled_ms.begin(), e.cancelled_ms.end(), e.start_ms) != e.cancelled_ms.end();
    if (recurring) {
        line("RRULE:" + rrule_value(completed(e.recurrence, e.start_ms, z)));
        std::vector<std::int64_t> cancelled = e.cancelled_ms;
        std::sort(cancelled.begin(), cancelled.end());
        cancelled.erase(std::unique(cancelled.begin(), cancelled.end()), cancelled.end());
        for (const std::int64_t c : cancelled) {
            line(time_line("EXDATE", c, z));
        }
    }
    line(cancelled_single ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
    line("TRANSP:OPAQUE");
    line("END:VEVENT");
}

}  // namespace

std::string rrule_value(const Recurrence& r) {
    std::string v;
    switch (r.freq) {
        case Frequency::none:
            return {};
        case Frequency::weekly:
            v = "FREQ=WEEKLY";
            break;
        case Frequency::biweekly:
            v = "FREQ=WEEKLY;INTERVAL=2";
            break;
        case Frequency::monthly_weekday:
            v = "FREQ=MONTHLY;BYDAY=" + std::to_string(r.week) +
                weekday_codes[std::clamp(r.weekday, 0, 6)];
            break;
    }
    if (r.until_ms) {
        v += ";UNTIL=" + ical_date_time(*r.until_ms, 0, true);
    } else if (r.count) {
        v += ";COUNT=" + std::to_string(*r.count);
    }
    return v;
}

IcalResult write_ical(const std::vector<Event>& events, const IcalOptions& options) {
    IcalResult result;
    std::string& out = result.text;
    auto line = [&out](std::string_view text) { append_folded(out, text); };
    line("BEGIN:VCALENDAR");
    line("PRODID:-//ibasho//ibasho calendar//JA");
    line("VERSION:2.0");
    line("CALSCALE:GREGORIAN");
    if (!options.calendar_name.empty()) {
        line("X-WR-CALNAME:" + escape_text(options.calendar_name));
    }
    // One VTIMEZONE per zone used, with the rules in force a year before its earliest event,
    // so that every DTSTART written in the zone falls after the observances begin.
    std::map<std::string, std::int64_t> earliest;
    std::vector<ZoneUse> zones;
    zones.reserve(events.size());
    for (const Event& e : events) {
        zones.push_back(zone_of(e, options));
        if (zones.back().known) {
            auto [it, fresh] = earliest.try_emplace(zones.back().zone, e.start_ms);
            if (!fresh) {
                it->second = std::min(it->second, e.start_ms);
            }
        } else {
            result.notes.push_back(e.id + ": zone \"" + zones.back().zone +
                                   "\" is unknown; its times are written in UTC");
        }
    }
    for (const auto& [zone, first_ms] : earliest) {
        if (const auto lines = vtimezone_lines(zone, first_ms - 366 * day_ms)) {
            for (const auto& l : *lines) {
                line(l);
            }
        }
    }
    for (std::size_t i = 0; i < events.size(); ++i) {
        write_event(out, events[i], zones[i], options);
    }
    line("END:VCALENDAR");
    return result;
}

}  // namespace ibasho::events
