#!/usr/bin/python3
"""Parses ibasho's calendars with Debian's python3-icalendar and checks them as a calendar app
would: times in Asia/Tokyo (or the event's zone), RRULE expanded by dateutil to the expected
dates, EXDATE removed, folding and CRLF, and nothing about supporters or who joined.

Usage: ical_check.py <ical_fixtures binary>   (prints the JSON of every case; see
tests/unit/calendar/ical_fixtures.cpp). Exits 77 (a CTest skip) without python3-icalendar.
"""
import datetime as dt
import json
import subprocess
import sys

try:
    import icalendar
    from dateutil import rrule
except ImportError as missing:  # pragma: no cover
    print(f"SKIP: {sys.executable} lacks {missing.name}: apt-get install python3-icalendar "
          "(deploy/install-deps.sh does) and run it with /usr/bin/python3")
    sys.exit(77)

TOKYO = dt.timedelta(hours=9)
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def physical_lines(name, raw):
    check(raw.endswith(b"\r\n"), f"{name}: last line ends with CRLF")
    lines = raw.split(b"\r\n")[:-1]
    for i, line in enumerate(lines):
        check(b"\n" not in line and b"\r" not in line, f"{name}: line {i} has a bare line break")
        check(len(line) <= 75, f"{name}: line {i} is {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            failures.append(f"{name}: line {i} splits a UTF-8 character")
    return lines


def parse(name, text):
    raw = text.encode("utf-8")
    lines = physical_lines(name, raw)
    cal = icalendar.Calendar.from_ical(raw)
    for component in cal.walk():
        check(not component.errors, f"{name}: {component.name} errors {component.errors}")
    check(str(cal.get("VERSION")) == "2.0", f"{name}: VERSION 2.0")
    check(str(cal.get("CALSCALE")) == "GREGORIAN", f"{name}: CALSCALE")
    check(bool(cal.get("PRODID")), f"{name}: PRODID")
    for banned in ("ATTENDEE", "ORGANIZER"):
        check(not any(c.get(banned) for c in cal.walk()), f"{name}: has {banned}")
    check(b"st_" not in raw, f"{name}: a supporter id is in the calendar")
    return cal, lines


def the_event(name, cal):
    events = cal.walk("VEVENT")
    check(len(events) == 1, f"{name}: one VEVENT, got {len(events)}")
    return events[0]


def zone_name(value):
    tz = value.tzinfo
    return getattr(tz, "key", None) or getattr(tz, "zone", None) or str(tz)


def starts(event, limit=60):
    """Every start of the recurrence set: RRULE through dateutil, less EXDATE."""
    start = event.decoded("DTSTART")
    rule = event.get("RRULE")
    if rule is None:
        occurrences = [start]
    else:
        occurrences = [in_zone(o) for o in
                       list(rrule.rrulestr(rule.to_ical().decode(), dtstart=start))[:limit]]
    excluded = set()
    exdates = event.get("EXDATE")
    if exdates is not None:
        for entry in exdates if isinstance(exdates, list) else [exdates]:
            for d in entry.dts:
                excluded.add(in_zone(d.dt))
    return [o for o in occurrences if o not in excluded], excluded


def in_zone(value):
    """The same wall-clock time with the zone's offset for that date: pytz zones (which
    icalendar may hand out) keep the first offset through dateutil's arithmetic otherwise."""
    tz = value.tzinfo
    if hasattr(tz, "localize"):
        return tz.localize(value.replace(tzinfo=None))
    return value


def tokyo_dates(values):
    return [(v.year, v.month, v.day, v.hour, v.minute) for v in values]


def expect_dates(name, event, expected):
    got, _ = starts(event)
    check(tokyo_dates(got) == expected, f"{name}: starts {tokyo_dates(got)} != {expected}")
    for value in got:
        check(value.utcoffset() == TOKYO, f"{name}: {value} is not +09:00")


def saturdays(first, count, step_days=7):
    d = dt.datetime(*first, 10, 0)
    return [((d + dt.timedelta(days=step_days * i)).timetuple()[:5]) for i in range(count)]


def main():
    fixtures = json.loads(subprocess.run([sys.argv[1]], check=True, capture_output=True).stdout)
    cals = {}
    for name, text in fixtures.items():
        cals[name] = parse(name, text)[0]

    # A single event: DTSTART/DTEND in Asia/Tokyo, 10:00 to 11:30 on 12 December 2026.
    single = the_event("single", cals["single"])
    start = single.decoded("DTSTART")
    check(zone_name(start) == "Asia/Tokyo", f"single: tzinfo {zone_name(start)}")
    check(start.utcoffset() == TOKYO, "single: +09:00")
    check(start.replace(tzinfo=None) == dt.datetime(2026, 12, 12, 10, 0), f"single: {start}")
    check(single.decoded("DTEND") - start == dt.timedelta(minutes=90), "single: 90 minutes")
    check(start.astimezone(dt.timezone.utc) == dt.datetime(2026, 12, 12, 1, 0, tzinfo=dt.timezone.utc),
          "single: 01:00Z")
    check(str(single.get("SUMMARY")) == "おしゃべり会", "single: summary")
    check("A quiet hour to talk." in str(single.get("DESCRIPTION")), "single: English in description")
    check(str(single.get("UID")) == "ev_SingleAAAAAAAAAA@ibasho.example", f"single: UID {single.get('UID')}")
    check(int(single.get("SEQUENCE")) == 3, "single: SEQUENCE")
    check(str(single.get("URL")) == "https://ibasho.example/#/schedule", "single: URL")
    check(single.get("LOCATION") is None, "single: online has no LOCATION")
    check(single.get("RRULE") is None, "single: no RRULE")

    # Asia/Tokyo's VTIMEZONE: one STANDARD at +0900, no DAYLIGHT.
    zones = cals["single"].walk("VTIMEZONE")
    check(len(zones) == 1 and str(zones[0]["TZID"]) == "Asia/Tokyo", "single: one Tokyo VTIMEZONE")
    check(len(zones[0].walk("STANDARD")) == 1 and not zones[0].walk("DAYLIGHT"), "Tokyo: STANDARD only")
    std = zones[0].walk("STANDARD")[0]
    check(std.decoded("TZOFFSETTO") == TOKYO and std.decoded("TZOFFSETFROM") == TOKYO, "Tokyo: +0900")

    # Weekly until 31 January 2027 (UTC 15:00 = midnight in Tokyo): every Saturday to 30 January.
    expect_dates("weekly_until", the_event("weekly_until", cals["weekly_until"]), saturdays((2026, 12, 12), 8))
    expect_dates("weekly_count", the_event("weekly_count", cals["weekly_count"]), saturdays((2026, 12, 12), 6))
    expect_dates("biweekly_until", the_event("biweekly_until", cals["biweekly_until"]),
                 saturdays((2026, 12, 12), 4, 14))
    expect_dates("biweekly_count", the_event("biweekly_count", cals["biweekly_count"]),
                 saturdays((2026, 12, 12), 4, 14))

    # The 2nd Saturday to June 2027, with 9 January cancelled (EXDATE).
    monthly = the_event("monthly_until_cancelled", cals["monthly_until_cancelled"])
    second_saturdays = [(2026, 12, 12), (2027, 2, 13), (2027, 3, 13), (2027, 4, 10), (2027, 5, 8), (2027, 6, 12)]
    expect_dates("monthly_until_cancelled", monthly, [d + (10, 0) for d in second_saturdays])
    _, excluded = starts(monthly)
    check(tokyo_dates(excluded) == [(2027, 1, 9, 10, 0)], f"monthly: EXDATE {excluded}")
    for d in excluded:
        check(d.utcoffset() == TOKYO, "monthly: EXDATE in Tokyo")
    expect_dates("monthly_count", the_event("monthly_count", cals["monthly_count"]),
                 [(2026, 12, 12, 10, 0), (2027, 1, 9, 10, 0), (2027, 2, 13, 10, 0)])
    expect_dates("monthly_last", the_event("monthly_last", cals["monthly_last"]),
                 [(2026, 12, 26, 10, 0), (2027, 1, 30, 10, 0), (2027, 2, 27, 10, 0)])

    # A cancelled single event.
    cancelled = the_event("single_cancelled", cals["single_cancelled"])
    check(str(cancelled.get("STATUS")) == "CANCELLED", "single_cancelled: STATUS")

    # In person: LOCATION with the escaped separators read back as written.
    place = the_event("in_person", cals["in_person"])
    check(str(place.get("LOCATION")) ==
          "区民センター 2階; 会議室A, 駅から5分 / Ward centre, 2F; room A, 5 min from the station",
          f"in_person: LOCATION {place.get('LOCATION')}")

    # A paired event: one VEVENT, both rooms described, no room or supporter named.
    paired = the_event("paired", cals["paired"])
    description = str(paired.get("DESCRIPTION"))
    check("ご本人の部屋とご家族の部屋が同時に開きます" in description, "paired: ja description")
    check("Two rooms open at once" in description, "paired: en description")
    check("tsudoi" not in fixtures["paired"], "paired: a room id is in the calendar")
    paired_en = the_event("paired_en", cals["paired_en"])
    check(str(paired_en.get("SUMMARY")) == "Lived experience and family", "paired_en: SUMMARY")

    # Japanese long enough to fold: read back whole.
    long_event = the_event("long_japanese", cals["long_japanese"])
    check(str(long_event.get("SUMMARY")) ==
          "ひきこもりの経験がある方と、そのご家族のための、ゆっくり話せるオンラインの集まり（第二土曜日）",
          "long_japanese: SUMMARY unfolded")
    check("聞いているだけでも参加できます。\n話したいことがあれば" in str(long_event.get("DESCRIPTION")),
          "long_japanese: the description's line break")
    check("\r\n " in fixtures["long_japanese"], "long_japanese: folded")

    # A zone with daylight time: 10:00 in London every week, across the change on 28 March 2027.
    london = the_event("london_weekly", cals["london_weekly"])
    got, _ = starts(london)
    check([(g.hour, g.minute) for g in got] == [(10, 0)] * 8, f"london: {got}")
    check(got[0].utcoffset() == dt.timedelta(0) and got[-1].utcoffset() == dt.timedelta(hours=1),
          "london: GMT then BST")
    zones = cals["london_weekly"].walk("VTIMEZONE")
    check(len(zones) == 1 and zones[0].walk("DAYLIGHT") and zones[0].walk("STANDARD"),
          "london: VTIMEZONE with STANDARD and DAYLIGHT")

    # The feed: every event, one VTIMEZONE per zone used, unique UIDs.
    feed = cals["feed"]
    vevents = feed.walk("VEVENT")
    check(len(vevents) == len(fixtures) - 2, f"feed: {len(vevents)} events")
    check(len({str(e["UID"]) for e in vevents}) == len(vevents), "feed: UIDs unique")
    check(sorted(str(z["TZID"]) for z in feed.walk("VTIMEZONE")) == ["Asia/Tokyo", "Europe/London"],
          "feed: one VTIMEZONE per zone")

    if failures:
        for f in failures:
            print("FAIL:", f)
        return 1
    print(f"ical_check: {len(fixtures)} calendars parsed and checked by icalendar {icalendar.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
