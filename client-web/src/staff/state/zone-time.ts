// Times in the organisation's zone, with no DOM: what an organiser types into a date and time
// field is wall-clock time in that zone (Asia/Tokyo unless the organisation says otherwise),
// and what the server stores is UTC (issue 14). Asia/Tokyo has had no daylight saving since
// 1951, so it is a fixed +09:00 and needs no Intl; any other zone asks Intl for its offset.

export const defaultZone = 'Asia/Tokyo';
const dayMs = 86400000;

// A calendar day, 'YYYY-MM-DD', in some zone: the unit the week view and recurrence work in.
export type DateKey = string;

export interface WallTime {
  y: number;
  m: number; // 1..12
  d: number;
  hh: number;
  mm: number;
  dow: number; // 0 = Sunday
}

const fixed: Record<string, number> = { 'Asia/Tokyo': 540, UTC: 0, 'Etc/UTC': 0 };
const formatters = new Map<string, Intl.DateTimeFormat>();

// Minutes east of UTC in `zone` at `ms`.
export function offsetMin(zone: string, ms: number): number {
  if (zone in fixed) return fixed[zone];
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hour12: false, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute);
  return Math.round((asUtc - Math.floor(ms / 60000) * 60000) / 60000);
}

export function wallTime(ms: number, zone: string): WallTime {
  const d = new Date(ms + offsetMin(zone, ms) * 60000);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), hh: d.getUTCHours(), mm: d.getUTCMinutes(), dow: d.getUTCDay() };
}

// The UTC instant of a wall-clock time in `zone`. Two passes settle a zone whose offset
// changes near that time; a time that does not exist (skipped by DST) lands just after the gap.
export function fromWall(y: number, m: number, d: number, hh: number, mm: number, zone: string): number {
  const naive = Date.UTC(y, m - 1, d, hh, mm);
  let ms = naive - offsetMin(zone, naive) * 60000;
  ms = naive - offsetMin(zone, ms) * 60000;
  return ms;
}

const two = (n: number) => (n < 10 ? '0' : '') + n;

export function dateKey(ms: number, zone: string): DateKey {
  const w = wallTime(ms, zone);
  return `${w.y}-${two(w.m)}-${two(w.d)}`;
}

export function parseDateKey(key: DateKey): { y: number; m: number; d: number } | null {
  const r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!r) return null;
  const y = Number(r[1]);
  const m = Number(r[2]);
  const d = Number(r[3]);
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  return { y, m, d };
}

export function addDays(key: DateKey, n: number): DateKey {
  const p = parseDateKey(key);
  if (!p) return key;
  const t = new Date(Date.UTC(p.y, p.m - 1, p.d) + n * dayMs);
  return `${t.getUTCFullYear()}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())}`;
}

// 0 = Sunday, as Date#getDay.
export function weekdayOf(key: DateKey): number {
  const p = parseDateKey(key);
  return p ? new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay() : 0;
}

// Midnight at the start of `key` in `zone`, as UTC ms.
export function dayStart(key: DateKey, zone: string): number {
  const p = parseDateKey(key);
  return p ? fromWall(p.y, p.m, p.d, 0, 0, zone) : NaN;
}

// What <input type="datetime-local"> holds: 'YYYY-MM-DDTHH:MM' in `zone`.
export function toLocalInput(ms: number, zone: string): string {
  const w = wallTime(ms, zone);
  return `${w.y}-${two(w.m)}-${two(w.d)}T${two(w.hh)}:${two(w.mm)}`;
}

// The other way; null for anything that is not a real date and time.
export function fromLocalInput(value: string, zone: string): number | null {
  const r = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/.exec(value.trim());
  if (!r) return null;
  const p = parseDateKey(r[1]);
  const hh = Number(r[2]);
  const mm = Number(r[3]);
  if (!p || hh > 23 || mm > 59) return null;
  return fromWall(p.y, p.m, p.d, hh, mm, zone);
}

// RFC 3339 in UTC, seconds precision: what the API stores ('2026-12-12T01:00:00Z').
export function isoUtc(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

// RFC 3339 with an offset or Z; NaN when it is not one.
export function parseIso(s: unknown): number {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return NaN;
  return Date.parse(s);
}

export function hhmm(ms: number, zone: string): string {
  const w = wallTime(ms, zone);
  return `${two(w.hh)}:${two(w.mm)}`;
}

const jaDays = ['日', '月', '火', '水', '木', '金', '土'];
const enDays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const enMonths = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// '12月12日（土）' / 'Sat 12 Dec'; with the year when asked.
export function dayLabel(key: DateKey, lang: 'ja' | 'en', withYear = false): string {
  const p = parseDateKey(key);
  if (!p) return key;
  const dow = weekdayOf(key);
  if (lang === 'en') return `${enDays[dow]} ${p.d} ${enMonths[p.m - 1]}${withYear ? ' ' + p.y : ''}`;
  return `${withYear ? p.y + '年' : ''}${p.m}月${p.d}日（${jaDays[dow]}）`;
}

export function weekdayName(dow: number, lang: 'ja' | 'en', long = false): string {
  if (lang === 'en') return long ? ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][dow] : enDays[dow];
  return jaDays[dow] + (long ? '曜日' : '');
}

// '2026年12月12日（土）10:00' / 'Sat 12 Dec 2026, 10:00' in `zone`.
export function whenLabel(ms: number, zone: string, lang: 'ja' | 'en'): string {
  const key = dateKey(ms, zone);
  return lang === 'en' ? `${dayLabel(key, lang, true)}, ${hhmm(ms, zone)}` : `${dayLabel(key, lang, true)}${hhmm(ms, zone)}`;
}
