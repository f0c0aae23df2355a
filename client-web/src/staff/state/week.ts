// The events' week view as data, no DOM: seven days in the organisation's zone (Monday first,
// as Japanese work calendars usually are), each with the occurrences that start on it, sorted.
// The phone shows one day at a time with a strip of the seven; the desktop shows them as
// columns. Both draw from this one layout.

import { OrgEvent, isPaired } from './org-records';
import { occurrences, Occurrence } from './recurrence';
import { addDays, DateKey, dateKey, dayStart, hhmm, weekdayOf } from './zone-time';

export interface WeekItem extends Occurrence {
  key: string; // event id + start, unique in the week
  from: string; // HH:MM in the zone
  to: string;
  paired: boolean;
  online: boolean;
  // Continues past midnight: shown on the day it starts, with the end's day noted.
  overnight: boolean;
}

export interface WeekDay {
  key: DateKey;
  dow: number;
  today: boolean;
  items: WeekItem[];
}

// The Monday (or `weekStartsOn`) of the week holding `key`.
export function weekStart(key: DateKey, weekStartsOn = 1): DateKey {
  const back = (weekdayOf(key) - weekStartsOn + 7) % 7;
  return addDays(key, -back);
}

export function layoutWeek(events: OrgEvent[], anyDay: DateKey, zone: string, nowMs: number, weekStartsOn = 1): WeekDay[] {
  const first = weekStart(anyDay, weekStartsOn);
  const from = dayStart(first, zone);
  const to = dayStart(addDays(first, 7), zone);
  const today = dateKey(nowMs, zone);
  const days: WeekDay[] = [];
  for (let i = 0; i < 7; ++i) {
    const key = addDays(first, i);
    days.push({ key, dow: weekdayOf(key), today: key === today, items: [] });
  }
  for (const e of events) {
    for (const o of occurrences(e, from, to)) {
      const day = dateKey(o.start, zone);
      const d = days.find((x) => x.key === day);
      if (!d) continue;
      d.items.push({
        ...o, key: `${e.id}@${o.start}`, from: hhmm(o.start, zone), to: hhmm(o.end, zone),
        paired: isPaired(e), online: e.rooms.length > 0, overnight: dateKey(Math.max(o.start, o.end - 1), zone) !== day,
      });
    }
  }
  for (const d of days) d.items.sort((a, b) => a.start - b.start || a.event.title.ja.localeCompare(b.event.title.ja));
  return days;
}

// The week before or after.
export function shiftWeek(anyDay: DateKey, weeks: number): DateKey {
  return addDays(anyDay, weeks * 7);
}
