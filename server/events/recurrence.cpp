#include "server/events/recurrence.hpp"

#include <algorithm>

#include "server/events/zone_time.hpp"

namespace ibasho::events {
namespace {

constexpr std::int64_t week_ms = 7LL * 86'400'000;

// The local start of occurrence `n`, from the first one's local date and time.
std::optional<LocalTime> nth_local(const Event& e, const LocalTime& first, std::uint32_t n) {
    LocalTime t = first;
    switch (e.recurrence.freq) {
        case Frequency::none:
            if (n != 0) {
                return std::nullopt;
            }
            return t;
        case Frequency::weekly:
        case Frequency::biweekly: {
            const std::int64_t step = e.recurrence.freq == Frequency::weekly ? 7 : 14;
            const LocalTime d =
                civil_from_days(days_from_civil(first.year, first.month, first.day) + step * n);
            t.year = d.year;
            t.month = d.month;
            t.day = d.day;
            return t;
        }
        case Frequency::monthly_weekday: {
            const int months = first.year * 12 + (first.month - 1) + static_cast<int>(n);
            t.year = months / 12;
            t.month = months % 12 + 1;
            const int day =
                nth_weekday_of_month(t.year, t.month, e.recurrence.week, e.recurrence.weekday);
            if (day == 0) {
                return std::nullopt;
            }
            t.day = day;
            return t;
        }
    }
    return std::nullopt;
}

// An index at or before the first occurrence that can overlap `from_ms`. Local times drift
// from UTC by less than a day, so starting one period early is always safe.
std::uint32_t first_index(const Event& e, std::int64_t from_ms) {
    const std::int64_t duration = e.end_ms - e.start_ms;
    const std::int64_t ahead = from_ms - duration - e.start_ms;
    if (ahead <= 0) {
        return 0;
    }
    std::int64_t period = 0;
    switch (e.recurrence.freq) {
        case Frequency::weekly:
            period = week_ms;
            break;
        case Frequency::biweekly:
            period = 2 * week_ms;
            break;
        case Frequency::monthly_weekday:
            // Two nth weekdays are 28 or 35 days apart: counting in 35 undercounts, never over.
            period = 5 * week_ms;
            break;
        case Frequency::none:
            return 0;
    }
    std::int64_t n = ahead / period;
    n -= 1;
    return n <= 0 ? 0 : static_cast<std::uint32_t>(std::min<std::int64_t>(n, 1'000'000));
}

}  // namespace

std::vector<Occurrence> occurrences(const Event& e, std::int64_t from_ms, std::int64_t to_ms,
                                    std::size_t max) {
    std::vector<Occurrence> out;
    if (to_ms <= from_ms || e.end_ms <= e.start_ms) {
        return out;
    }
    const auto first = to_local(e.start_ms, e.zone);
    if (!first) {
        return out;
    }
    const std::int64_t duration = e.end_ms - e.start_ms;
    const std::uint32_t limit =
        e.recurrence.freq == Frequency::none ? 1 : e.recurrence.count.value_or(~std::uint32_t{0});
    // Each step moves at least 7 days on, so this bounds the loop even for a pathological
    // `from_ms` far before `to_ms`.
    for (std::uint32_t n = first_index(e, from_ms); n < limit && out.size() < max; ++n) {
        const auto local = nth_local(e, *first, n);
        if (!local) {
            break;
        }
        const auto start =
            n == 0 ? std::optional<std::int64_t>(e.start_ms) : to_utc(*local, e.zone);
        if (!start) {
            break;
        }
        if (*start >= to_ms || (e.recurrence.until_ms && *start > *e.recurrence.until_ms)) {
            break;
        }
        if (*start + duration <= from_ms) {
            continue;
        }
        Occurrence o;
        o.start_ms = *start;
        o.end_ms = *start + duration;
        o.index = n;
        o.cancelled = std::binary_search(e.cancelled_ms.begin(), e.cancelled_ms.end(), *start);
        out.push_back(o);
    }
    return out;
}

std::optional<Occurrence> occurrence_at(const Event& event, std::int64_t start_ms) {
    for (const Occurrence& o : occurrences(event, start_ms, start_ms + 1, 4)) {
        if (o.start_ms == start_ms) {
            return o;
        }
    }
    return std::nullopt;
}

bool windows_clash(const Event& a, const Event& b, std::int64_t from_ms, std::int64_t to_ms,
                   std::int64_t* at_ms) {
    bool shared = false;
    for (const Track& ta : a.rooms) {
        for (const Track& tb : b.rooms) {
            shared = shared || ta.room == tb.room;
        }
    }
    if (!shared) {
        return false;
    }
    const std::int64_t lead_a = a.open_before_min * 60'000LL;
    const std::int64_t lead_b = b.open_before_min * 60'000LL;
    // Windows reach open_before_min before the start: widen the range by it so an occurrence
    // that starts just after `to_ms` but opens before it is seen.
    const auto oa = occurrences(a, from_ms, to_ms + lead_a);
    const auto ob = occurrences(b, from_ms, to_ms + lead_b);
    std::size_t j = 0;
    for (const Occurrence& x : oa) {
        if (x.cancelled) {
            continue;
        }
        const std::int64_t xs = x.start_ms - lead_a;
        // Both lists are sorted by start (and so by window end, durations being fixed): skip
        // b's windows that end before this one opens; they end before every later one too.
        while (j < ob.size() && ob[j].end_ms <= xs) {
            ++j;
        }
        for (std::size_t k = j; k < ob.size(); ++k) {
            const Occurrence& y = ob[k];
            const std::int64_t ys = y.start_ms - lead_b;
            if (ys >= x.end_ms) {
                break;
            }
            if (!y.cancelled) {
                if (at_ms != nullptr) {
                    *at_ms = y.start_ms;
                }
                return true;
            }
        }
    }
    return false;
}

}  // namespace ibasho::events
