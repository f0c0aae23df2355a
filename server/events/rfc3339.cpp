#include "server/events/rfc3339.hpp"

#include <cstdio>

#include "server/events/zone_time.hpp"

namespace ibasho::events {
namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
    if (at + n > s.size()) {
        return false;
    }
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view s) {
    // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (s.size() < 20 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) ||
        s[7] != '-' || !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') ||
        !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
        !digits(s, 17, 2, sec)) {
        return std::nullopt;
    }
    if (y < 2000 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
        mi > 59 || sec > 59) {
        return std::nullopt;
    }
    std::size_t at = 19;
    int ms = 0;
    if (at < s.size() && s[at] == '.') {
        ++at;
        int n = 0;
        while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
            if (n < 3) {
                ms = ms * 10 + (s[at] - '0');
            }
            ++n;
            ++at;
        }
        if (n == 0 || n > 9) {
            return std::nullopt;
        }
        for (int k = n; k < 3; ++k) {
            ms *= 10;
        }
    }
    std::int64_t offset_min = 0;
    if (at < s.size() && (s[at] == 'Z' || s[at] == 'z')) {
        ++at;
    } else if (at < s.size() && (s[at] == '+' || s[at] == '-')) {
        int oh = 0, om = 0;
        if (!digits(s, at + 1, 2, oh) || at + 3 >= s.size() || s[at + 3] != ':' ||
            !digits(s, at + 4, 2, om) || oh > 23 || om > 59) {
            return std::nullopt;
        }
        offset_min = (oh * 60 + om) * (s[at] == '-' ? -1 : 1);
        at += 6;
    } else {
        return std::nullopt;
    }
    if (at != s.size()) {
        return std::nullopt;
    }
    const std::int64_t local = days_from_civil(y, mo, d) * 86'400'000 + h * 3'600'000LL +
                               mi * 60'000LL + sec * 1000LL + ms;
    return local - offset_min * 60'000;
}

std::string format_utc(std::int64_t unix_ms) {
    std::int64_t days = unix_ms / 86'400'000;
    std::int64_t rest = unix_ms % 86'400'000;
    if (rest < 0) {
        rest += 86'400'000;
        --days;
    }
    const LocalTime d = civil_from_days(days);
    char buf[40];
    const int h = static_cast<int>(rest / 3'600'000);
    const int mi = static_cast<int>(rest / 60'000 % 60);
    const int sec = static_cast<int>(rest / 1000 % 60);
    const int ms = static_cast<int>(rest % 1000);
    if (ms != 0) {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.year, d.month,
                      d.day, h, mi, sec, ms);
    } else {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day, h,
                      mi, sec);
    }
    return buf;
}

}  // namespace ibasho::events
