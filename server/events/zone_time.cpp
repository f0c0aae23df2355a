#include "server/events/zone_time.hpp"

#include <unicode/basictz.h>
#include <unicode/timezone.h>
#include <unicode/tzrule.h>
#include <unicode/tztrans.h>
#include <unicode/unistr.h>

#include <map>
#include <memory>
#include <mutex>

namespace ibasho::events {
namespace {

constexpr std::int64_t ms_per_day = 86'400'000;

// Zones are looked up on every occurrence: one ICU object per name, made once and shared. ICU's
// const TimeZone methods are safe to call from several threads at once.
const icu::BasicTimeZone* zone_of(std::string_view name) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<icu::TimeZone>, std::less<>> zones;
    if (name.empty() || name.size() > 64) {
        return nullptr;
    }
    std::lock_guard lock(mutex);
    if (auto it = zones.find(name); it != zones.end()) {
        return dynamic_cast<const icu::BasicTimeZone*>(it->second.get());
    }
    const icu::UnicodeString id = icu::UnicodeString::fromUTF8(
        icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
    UErrorCode status = U_ZERO_ERROR;
    UBool system = false;
    icu::UnicodeString canonical;
    icu::TimeZone::getCanonicalID(id, canonical, system, status);
    std::unique_ptr<icu::TimeZone> tz;
    // Only names from the IANA database: "GMT+9" and friends are ICU inventions an iCal client
    // would not know.
    if (U_SUCCESS(status) && system && name.find('/') != std::string_view::npos) {
        tz.reset(icu::TimeZone::createTimeZone(id));
    }
    const icu::BasicTimeZone* out = dynamic_cast<const icu::BasicTimeZone*>(tz.get());
    if (out == nullptr) {
        tz.reset();
    }
    // Valid zones are kept for good (the IANA database has a few hundred). Unknown names are
    // remembered too, so a bad name costs one ICU lookup, but only up to a bound.
    if (out != nullptr || zones.size() < 1024) {
        zones.emplace(std::string(name), std::move(tz));
    }
    return out;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        --q;
    }
    return q;
}

}  // namespace

bool valid_zone(std::string_view zone) {
    return zone_of(zone) != nullptr;
}

std::int64_t days_from_civil(int year, int month, int day) {
    // Howard Hinnant's days_from_civil.
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (month + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

LocalTime civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = floor_div(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    LocalTime t;
    t.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    t.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    t.year = static_cast<int>(yoe + era * 400 + (t.month <= 2 ? 1 : 0));
    return t;
}

int weekday_of(int year, int month, int day) {
    // 1970-01-01 was a Thursday (4).
    const std::int64_t d = days_from_civil(year, month, day);
    return static_cast<int>(((d % 7) + 7 + 4) % 7);
}

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2) {
        const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
    }
    return days[(month - 1) % 12];
}

bool is_last_weekday_of_month(int year, int month, int day) {
    return day + 7 > days_in_month(year, month);
}

int nth_weekday_of_month(int year, int month, int week, int weekday) {
    const int first = weekday_of(year, month, 1);
    const int first_day = 1 + (weekday - first + 7) % 7;
    const int last = days_in_month(year, month);
    if (week == -1) {
        return first_day + ((last - first_day) / 7) * 7;
    }
    if (week < 1 || week > 5) {
        return 0;
    }
    const int day = first_day + (week - 1) * 7;
    return day <= last ? day : 0;
}

std::optional<std::int32_t> offset_ms(std::int64_t utc_ms, std::string_view zone) {
    const icu::BasicTimeZone* tz = zone_of(zone);
    if (tz == nullptr) {
        return std::nullopt;
    }
    int32_t raw = 0;
    int32_t dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    tz->getOffset(static_cast<UDate>(utc_ms), false, raw, dst, status);
    if (U_FAILURE(status)) {
        return std::nullopt;
    }
    return raw + dst;
}

std::optional<LocalTime> to_local(std::int64_t utc_ms, std::string_view zone) {
    const auto off = offset_ms(utc_ms, zone);
    if (!off) {
        return std::nullopt;
    }
    const std::int64_t local = utc_ms + *off;
    const std::int64_t days = floor_div(local, ms_per_day);
    std::int64_t rest = local - days * ms_per_day;
    LocalTime t = civil_from_days(days);
    t.hour = static_cast<int>(rest / 3'600'000);
    rest %= 3'600'000;
    t.minute = static_cast<int>(rest / 60'000);
    rest %= 60'000;
    t.second = static_cast<int>(rest / 1000);
    t.millisecond = static_cast<int>(rest % 1000);
    return t;
}

std::optional<std::int64_t> to_utc(const LocalTime& local, std::string_view zone) {
    const icu::BasicTimeZone* tz = zone_of(zone);
    if (tz == nullptr) {
        return std::nullopt;
    }
    const std::int64_t wall = days_from_civil(local.year, local.month, local.day) * ms_per_day +
                              local.hour * 3'600'000LL + local.minute * 60'000LL +
                              local.second * 1000LL + local.millisecond;
    int32_t raw = 0;
    int32_t dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    tz->getOffsetFromLocal(static_cast<UDate>(wall), UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_FORMER,
                           raw, dst, status);
    if (U_FAILURE(status)) {
        return std::nullopt;
    }
    return wall - raw - dst;
}

std::vector<ZoneTransition> transitions_between(std::string_view zone, std::int64_t from_ms,
                                                std::int64_t to_ms, std::size_t max) {
    std::vector<ZoneTransition> out;
    const icu::BasicTimeZone* tz = zone_of(zone);
    if (tz == nullptr) {
        return out;
    }
    UDate base = static_cast<UDate>(from_ms);
    bool inclusive = true;
    icu::TimeZoneTransition tr;
    while (out.size() < max && tz->getNextTransition(base, inclusive, tr)) {
        const auto at = static_cast<std::int64_t>(tr.getTime());
        if (at >= to_ms) {
            break;
        }
        ZoneTransition z;
        z.at_ms = at;
        if (const icu::TimeZoneRule* from = tr.getFrom()) {
            z.offset_before_ms = from->getRawOffset() + from->getDSTSavings();
        }
        if (const icu::TimeZoneRule* to = tr.getTo()) {
            z.offset_after_ms = to->getRawOffset() + to->getDSTSavings();
            z.dst_after = to->getDSTSavings() != 0;
            icu::UnicodeString name;
            to->getName(name);
            // ICU's rule names are often long ("Europe/Berlin(DST)"): only short ones are names.
            if (name.length() > 0 && name.length() <= 6 && name.indexOf(u'/') < 0 &&
                name.indexOf(u'(') < 0) {
                name.toUTF8String(z.name_after);
            }
        }
        out.push_back(std::move(z));
        base = tr.getTime();
        inclusive = false;
    }
    return out;
}

}  // namespace ibasho::events
