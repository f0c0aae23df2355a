#include "server/events/zone_rules.hpp"

#include <unicode/timezone.h>
#include <unicode/vtzone.h>

#include <cstdio>
#include <memory>

namespace ibasho::events {
namespace {

constexpr int tokyo_offset = 9 * 3600;

std::unique_ptr<icu::TimeZone> icu_zone(std::string_view zone) {
    std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(
        icu::StringPiece(zone.data(), static_cast<int32_t>(zone.size())))));
    icu::UnicodeString id;
    if (!tz || tz->getID(id) == UNICODE_STRING_SIMPLE("Etc/Unknown")) {
        return nullptr;  // ICU's answer for a name it does not know
    }
    return tz;
}

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(year + (m <= 2 ? 1 : 0));
}

}  // namespace

bool zone_known(std::string_view zone) {
    return zone == tokyo_zone || icu_zone(zone) != nullptr;
}

std::optional<int> utc_offset_seconds(std::string_view zone, std::int64_t utc_ms) {
    if (zone == tokyo_zone) {
        return tokyo_offset;
    }
    const auto tz = icu_zone(zone);
    if (!tz) {
        return std::nullopt;
    }
    UErrorCode status = U_ZERO_ERROR;
    int32_t raw = 0;
    int32_t dst = 0;
    tz->getOffset(static_cast<UDate>(utc_ms), false, raw, dst, status);
    if (U_FAILURE(status)) {
        return std::nullopt;
    }
    return (raw + dst) / 1000;
}

std::optional<std::vector<std::string>> vtimezone_lines(std::string_view zone,
                                                        std::int64_t near_ms) {
    if (zone == tokyo_zone) {
        // Japan has kept +0900 all year since 1951; one observance says all of it.
        return std::vector<std::string>{
            "BEGIN:VTIMEZONE",    "TZID:Asia/Tokyo",  "BEGIN:STANDARD", "DTSTART:19700101T000000",
            "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "TZNAME:JST",     "END:STANDARD",
            "END:VTIMEZONE",
        };
    }
    if (!icu_zone(zone)) {
        return std::nullopt;
    }
    std::unique_ptr<icu::VTimeZone> vtz(
        icu::VTimeZone::createVTimeZoneByID(icu::UnicodeString::fromUTF8(
            icu::StringPiece(zone.data(), static_cast<int32_t>(zone.size())))));
    if (!vtz) {
        return std::nullopt;
    }
    icu::UnicodeString text;
    UErrorCode status = U_ZERO_ERROR;
    vtz->writeSimple(static_cast<UDate>(near_ms), text, status);
    if (U_FAILURE(status)) {
        return std::nullopt;
    }
    std::string utf8;
    text.toUTF8String(utf8);
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < utf8.size()) {
        std::size_t end = utf8.find('\n', start);
        if (end == std::string::npos) {
            end = utf8.size();
        }
        std::string line = utf8.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        start = end + 1;
        // ICU's own bookkeeping and placeholder names ("(STD)") tell a calendar nothing.
        if (line.empty() || line.rfind("X-TZINFO", 0) == 0 || line.rfind("TZNAME:", 0) == 0) {
            continue;
        }
        lines.push_back(std::move(line));
    }
    if (lines.size() < 2 || lines.front() != "BEGIN:VTIMEZONE" || lines.back() != "END:VTIMEZONE") {
        return std::nullopt;
    }
    return lines;
}

std::string ical_date_time(std::int64_t utc_ms, int offset_seconds, bool utc) {
    std::int64_t seconds = utc_ms / 1000 - (utc_ms % 1000 < 0 ? 1 : 0);
    if (!utc) {
        seconds += offset_seconds;
    }
    std::int64_t days = seconds / 86400;
    std::int64_t rest = seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    civil_from_days(days, y, m, d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02d%s", y, m, d,
                  static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                  static_cast<int>(rest % 60), utc ? "Z" : "");
    return buf;
}

}  // namespace ibasho::events
