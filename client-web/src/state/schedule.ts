// The public schedule (「これからの集まり」) as data, with no DOM: `GET /api/schedule` read
// leniently (an item the client cannot show is dropped, never the whole list), grouped by
// calendar day in each event's own zone, and filtered by audience and organisation on the
// device: the whole list is fetched once, so what a person looks for never leaves the phone.

import { Text2 } from '../protocol';
import { Emitter } from './emitter';
import { audienceRank } from './room-groups';
import { dayKey, defaultZone, parseTime } from './zone-time';

export interface Org {
  id: string;
  name: Text2;
}

export interface ScheduleRoom {
  room: string;
  side: string; // '' (one room), 'lived' or 'family' (a paired event)
}

export interface ScheduleItem {
  event: string;
  org: string;
  title: Text2;
  description: Text2;
  start: number;
  end: number;
  opens: number;
  zone: string;
  audience: string[];
  online: boolean;
  paired: boolean;
  rooms: ScheduleRoom[];
  place: Text2 | null;
  ics: string | null; // a same-origin /calendar/….ics path, or null
}

export interface Schedule {
  orgs: Org[];
  items: ScheduleItem[];
}

export interface DayGroup {
  day: string; // YYYY-MM-DD in `zone`
  zone: string;
  items: ScheduleItem[];
}

export interface ScheduleFilter {
  audience?: string; // '' or absent: everyone's
  org?: string;
}

const isText2 = (v: unknown): v is Text2 => !!v && typeof v === 'object' && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

// Only our own calendar files: a link on this screen never leads to another site.
export function safeIcs(v: unknown): string | null {
  return typeof v === 'string' && /^\/calendar\/[A-Za-z0-9_-]{1,64}\.ics$/.test(v) ? v : null;
}

export function parseOrgs(raw: unknown): Org[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((o) => o && typeof o.id === 'string')
    .map((o) => ({ id: o.id as string, name: isText2(o.name) ? o.name : typeof o.name === 'string' ? { ja: o.name, en: o.name } : {} }));
}

function parseItem(r: Record<string, unknown>): ScheduleItem | null {
  const start = parseTime(r.start);
  const end = parseTime(r.end);
  if (typeof r.event !== 'string' || !isText2(r.title) || start === null || end === null || end <= start) return null;
  const rooms: ScheduleRoom[] = Array.isArray(r.rooms)
    ? (r.rooms as Record<string, unknown>[])
      .filter((x) => x && typeof x.room === 'string')
      .map((x) => ({ room: x.room as string, side: typeof x.side === 'string' ? x.side : '' }))
    : [];
  const online = r.online === true || (r.online !== false && rooms.length > 0);
  // A paired event shows its rooms lived-experience first, family second.
  rooms.sort((a, b) => (a.side === 'family' ? 1 : 0) - (b.side === 'family' ? 1 : 0));
  return {
    event: r.event,
    org: typeof r.org === 'string' ? r.org : 'main',
    title: r.title,
    description: isText2(r.description) ? r.description : {},
    start, end,
    opens: parseTime(r.opens) ?? start,
    zone: typeof r.zone === 'string' && r.zone !== '' ? r.zone : defaultZone,
    audience: strings(r.audience),
    online,
    paired: r.paired === true || (rooms.length === 2 && rooms.some((x) => x.side === 'family')),
    rooms: online ? rooms : [],
    place: isText2(r.place) ? r.place : null,
    ics: safeIcs(r.ics),
  };
}

export function parseSchedule(raw: unknown): Schedule {
  const out: Schedule = { orgs: [], items: [] };
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as Record<string, unknown>;
  out.orgs = parseOrgs(r.orgs);
  if (Array.isArray(r.items)) {
    for (const it of r.items) {
      const item = it && typeof it === 'object' ? parseItem(it as Record<string, unknown>) : null;
      if (item) out.items.push(item);
    }
  }
  out.items.sort((a, b) => a.start - b.start || a.event.localeCompare(b.event));
  return out;
}

// Consecutive days in start order; an event belongs to the day it starts on in its own zone
// (an evening event at 23:30 in Tokyo is that day's, though it is 14:30 UTC).
export function groupByDay(items: readonly ScheduleItem[]): DayGroup[] {
  const groups: DayGroup[] = [];
  const byKey = new Map<string, DayGroup>();
  for (const item of items) {
    const day = dayKey(item.start, item.zone);
    const key = item.zone + ' ' + day;
    let g = byKey.get(key);
    if (!g) {
      g = { day, zone: item.zone, items: [] };
      byKey.set(key, g);
      groups.push(g);
    }
    g.items.push(item);
  }
  return groups;
}

export function filterItems(items: readonly ScheduleItem[], f: ScheduleFilter): ScheduleItem[] {
  return items.filter((it) => (!f.audience || it.audience.includes(f.audience)) && (!f.org || it.org === f.org));
}

// The audiences the list actually has, in the room list's order (everyone, ages, …, families).
export function audiencesIn(items: readonly ScheduleItem[]): string[] {
  const seen = new Set<string>();
  for (const it of items) it.audience.forEach((a) => seen.add(a));
  return [...seen].sort((a, b) => audienceRank(a) - audienceRank(b) || a.localeCompare(b));
}

// The organisations the list has, in the answer's `orgs` order (names from there).
export function orgsIn(s: Schedule): Org[] {
  const used = new Set(s.items.map((it) => it.org));
  const known = s.orgs.filter((o) => used.has(o.id));
  for (const id of used) if (!known.some((o) => o.id === id)) known.push({ id, name: { ja: id, en: id } });
  return known;
}

// Reads JSON from our own server; an answer that is not 2xx rejects with its status.
export type Fetcher = (url: string) => Promise<unknown>;

export const fetchJson: Fetcher = (url) =>
  fetch(url, { cache: 'no-cache', credentials: 'omit' }).then((res) => {
    if (!res.ok) throw Object.assign(new Error(String(res.status)), { status: res.status });
    return res.json();
  });

// What the schedule screen reads: the list once loaded (an empty one when this server has no
// schedule at all), or that loading failed (with a retry).
export class ScheduleStore {
  readonly changes = new Emitter<void>();
  schedule: Schedule | null = null;
  failed = false;
  private inFlight = false;

  constructor(private readonly get: Fetcher = fetchJson) {}

  fetch(): void {
    if (this.inFlight) return;
    this.inFlight = true;
    this.failed = false;
    this.get('/api/schedule').then(
      (raw) => {
        this.inFlight = false;
        this.schedule = parseSchedule(raw);
        this.changes.emit();
      },
      (err: { status?: number }) => {
        this.inFlight = false;
        // No schedule on this server (an older one): nothing is planned, which is not an error.
        if (err && (err.status === 404 || err.status === 405)) this.schedule = { orgs: [], items: [] };
        else this.failed = true;
        this.changes.emit();
      },
    );
  }

  clear(): void {
    this.schedule = null;
  }
}
