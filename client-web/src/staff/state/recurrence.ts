// Recurrence with no DOM: the occurrences of an event between two instants, and the words
// the form shows for a rule (「毎月第2土曜日」, "The 2nd Saturday of every month"). Occurrences
// keep the first start's wall-clock time in the event's zone, as the server's schedule and the
// iCal RRULE do (issue14-spec.md): weekly and every other week step by 7 or 14 calendar days;
// monthly_weekday takes the nth (or last) weekday of each month. A 5th weekday is refused by
// the server, so the form offers "last" for it.

import { OrgEvent, Recurrence } from './org-records';
import { addDays, DateKey, dateKey, dayLabel, fromWall, parseDateKey, parseIso, wallTime, weekdayName } from './zone-time';

export interface Occurrence {
  event: OrgEvent;
  start: number;
  end: number;
  cancelled: boolean;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

// Which weekday of its month a day is: n = 1..5, and whether it is also the last one.
export function weekOfMonth(key: DateKey): { n: number; last: boolean; dow: number } {
  const p = parseDateKey(key);
  if (!p) return { n: 1, last: false, dow: 0 };
  const w = new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay();
  return { n: Math.ceil(p.d / 7), last: p.d + 7 > daysInMonth(p.y, p.m), dow: w };
}

// The week a monthly rule uses for a first start on `key`: the one given when it fits that
// day, else the day's own (n, or -1 for a 5th, which is always the last).
export function monthlyWeek(key: DateKey, asked?: number): number {
  const w = weekOfMonth(key);
  if (asked === -1 && w.last) return -1;
  if (asked !== undefined && asked === w.n && w.n <= 4) return w.n;
  return w.n >= 5 ? -1 : w.n;
}

// The choices a form offers for "monthly" on that day: its n (unless 5) and, for the last
// weekday of a month, "last" too.
export function monthlyChoices(key: DateKey): number[] {
  const w = weekOfMonth(key);
  const out: number[] = [];
  if (w.n <= 4) out.push(w.n);
  if (w.last) out.push(-1);
  return out;
}

function nthWeekday(y: number, m: number, dow: number, week: number): number | null {
  if (week === -1) {
    const last = daysInMonth(y, m);
    const lastDow = new Date(Date.UTC(y, m - 1, last)).getUTCDay();
    return last - ((lastDow - dow + 7) % 7);
  }
  const firstDow = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
  const d = 1 + ((dow - firstDow + 7) % 7) + (week - 1) * 7;
  return d <= daysInMonth(y, m) ? d : null;
}

const maxSteps = 2000;

// Every occurrence of `e` that starts in [fromMs, toMs), cancelled ones marked.
export function occurrences(e: OrgEvent, fromMs: number, toMs: number): Occurrence[] {
  const first = parseIso(e.start);
  const firstEnd = parseIso(e.end);
  if (!Number.isFinite(first) || !Number.isFinite(firstEnd)) return [];
  const length = Math.max(0, firstEnd - first);
  const zone = e.zone || 'Asia/Tokyo';
  const r = e.recurrence;
  const until = r.until ? parseIso(r.until) : Infinity;
  const count = r.count && r.count > 0 ? r.count : Infinity;
  const cancelled = new Set(e.cancelled.map(parseIso));
  const out: Occurrence[] = [];
  const take = (start: number) => {
    out.push({ event: e, start, end: start + length, cancelled: cancelled.has(start) });
  };
  const w = wallTime(first, zone);
  const key = dateKey(first, zone);
  if (r.freq === 'none') {
    if (first >= fromMs && first < toMs) take(first);
    return out;
  }
  if (r.freq === 'weekly' || r.freq === 'biweekly') {
    const step = r.freq === 'weekly' ? 7 : 14;
    // Jump close to `fromMs` (counting from the first one keeps COUNT right).
    const k0 = count === Infinity ? Math.max(0, Math.floor((fromMs - first) / (step * 86400000)) - 1) : 0;
    for (let k = k0, i = 0; i < maxSteps && k < count; ++k, ++i) {
      const p = parseDateKey(addDays(key, k * step));
      if (!p) break;
      const s = fromWall(p.y, p.m, p.d, w.hh, w.mm, zone);
      if (s > until || s >= toMs) break;
      if (s >= fromMs) take(s);
    }
    return out;
  }
  // monthly_weekday
  const week = monthlyWeek(key, r.week);
  let n = 0;
  for (let i = 0; i < maxSteps && n < count; ++i) {
    const mi = w.m - 1 + i;
    const y = w.y + Math.floor(mi / 12);
    const m = (mi % 12) + 1;
    const d = nthWeekday(y, m, w.dow, week);
    if (d === null) continue;
    const s = fromWall(y, m, d, w.hh, w.mm, zone);
    if (s < first) continue;
    if (s > until || s >= toMs) break;
    n += 1;
    if (s >= fromMs) take(s);
  }
  return out;
}

// The next live occurrence from `nowMs` (for the list), or null.
export function nextOccurrence(e: OrgEvent, nowMs: number, horizonDays = 400): Occurrence | null {
  const all = occurrences(e, nowMs, nowMs + horizonDays * 86400000);
  return all.find((o) => !o.cancelled && o.end > nowMs) ?? null;
}

const ordinalsEn = ['', '1st', '2nd', '3rd', '4th'];

// The rule in words, from the first start's day in the event's zone.
export function recurrenceWords(r: Recurrence, startMs: number, zone: string, lang: 'ja' | 'en'): string {
  if (!Number.isFinite(startMs)) return '';
  const key = dateKey(startMs, zone);
  const dow = weekOfMonth(key).dow;
  const dayJa = weekdayName(dow, 'ja', true);
  const dayEn = weekdayName(dow, 'en', true);
  let s: string;
  if (r.freq === 'weekly') s = lang === 'ja' ? `毎週${dayJa}` : `Every ${dayEn}`;
  else if (r.freq === 'biweekly') s = lang === 'ja' ? `隔週${dayJa}（2週間ごと）` : `Every other ${dayEn}`;
  else if (r.freq === 'monthly_weekday') {
    const week = monthlyWeek(key, r.week);
    if (lang === 'ja') s = week === -1 ? `毎月最終${dayJa}` : `毎月第${week}${dayJa}`;
    else s = week === -1 ? `The last ${dayEn} of every month` : `The ${ordinalsEn[week]} ${dayEn} of every month`;
  } else return lang === 'ja' ? '1回だけ' : 'Once';
  const until = r.until ? parseIso(r.until) : NaN;
  if (Number.isFinite(until)) {
    const u = dayLabel(dateKey(until - 1, zone), lang, true);
    s += lang === 'ja' ? `・${u}まで` : `, until ${u}`;
  } else if (r.count) s += lang === 'ja' ? `・${r.count}回` : `, ${r.count} times`;
  return s;
}
