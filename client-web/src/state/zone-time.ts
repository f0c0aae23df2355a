// Times of events in the event's own time zone (Asia/Tokyo unless an organisation sets
// another), with no DOM: the calendar day an instant falls on there, and short day and clock
// labels. Events are stored in UTC; a person in Japan reads them in Japan time, whatever zone
// the phone is set to, and the screen says which zone it shows.

export type ZoneLang = 'ja' | 'en';

export const defaultZone = 'Asia/Tokyo';

export interface ZoneParts {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  weekday: number; // 0 = Sunday
}

// RFC 3339 text (or Unix ms) to Unix ms; null when it is neither.
export function parseTime(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v)) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  if (!formatters.has(zone)) {
    let f: Intl.DateTimeFormat | null = null;
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', weekday: 'short',
      } as Intl.DateTimeFormatOptions);
    } catch {
      f = null; // a zone this browser does not know
    }
    formatters.set(zone, f);
  }
  return formatters.get(zone) ?? null;
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

// The wall clock in `zone` at instant `ms`. Japan has had no daylight saving since 1951, so
// a browser without time zone data still gets Tokyo right from a fixed +09:00.
export function zoneParts(ms: number, zone: string = defaultZone): ZoneParts {
  const f = formatter(zone);
  if (f && typeof f.formatToParts === 'function') {
    const p: Record<string, string> = {};
    for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
    const hour = Number(p.hour) % 24;
    return {
      year: Number(p.year), month: Number(p.month), day: Number(p.day), hour, minute: Number(p.minute),
      weekday: Math.max(0, weekdays.indexOf(p.weekday)),
    };
  }
  const d = new Date(ms + 9 * 3600 * 1000);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), weekday: d.getUTCDay(),
  };
}

const two = (n: number) => (n < 10 ? '0' + n : String(n));

// The calendar day in `zone`, as YYYY-MM-DD (sorts as text).
export function dayKey(ms: number, zone: string = defaultZone): string {
  const p = zoneParts(ms, zone);
  return `${p.year}-${two(p.month)}-${two(p.day)}`;
}

// 「12月12日（土）」 / "Sat 12 Dec".
export function dayLabel(ms: number, zone: string, l: ZoneLang): string {
  const p = zoneParts(ms, zone);
  if (l === 'ja') return `${p.month}月${p.day}日（${'日月火水木金土'[p.weekday]}）`;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${weekdays[p.weekday]} ${p.day} ${months[p.month - 1]}`;
}

// 「10:00」: 24-hour clock in `zone`.
export function clockIn(ms: number, zone: string = defaultZone): string {
  const p = zoneParts(ms, zone);
  return `${two(p.hour)}:${two(p.minute)}`;
}

// What the screen says about the zone it shows: 「日本時間」 / "Japan time", else the zone's name.
export function zoneLabel(zone: string, l: ZoneLang): string {
  if (zone === 'Asia/Tokyo') return l === 'ja' ? '日本時間' : 'Japan time';
  return zone;
}
