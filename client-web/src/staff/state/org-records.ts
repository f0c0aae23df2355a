// The organiser's records as the API holds them (docs/api.md, issue 14): rooms, events, help
// entries, staff accounts and audit entries, read defensively from JSON (a field the server
// leaves out gets its default, never undefined), and the checks a form makes before sending
// (the server checks again and names the field; these only save a round trip).

export interface Text2 {
  ja: string;
  en: string;
}

export const audiences = ['open', 'age_u20', 'age_20s', 'age_30s', 'age_40plus', 'women', 'lgbtq', 'family'] as const;
export const roomStates = ['open', 'locked', 'paused', 'closed'] as const;
export const roomIdPattern = /^[a-z0-9][a-z0-9-]{0,47}$/;

export interface OrgRoom {
  id: string;
  org: string;
  name: Text2;
  description: Text2;
  rules: Text2;
  audience: string[];
  capacity: number;
  presence: 'names' | 'counts';
  slow_mode_s: number;
  supporter_present: boolean;
  scheduled: boolean;
  state: string;
  order: number;
  seeded: boolean;
}

export type Side = '' | 'lived' | 'family';
export type Freq = 'none' | 'weekly' | 'biweekly' | 'monthly_weekday';
export const freqs: Freq[] = ['none', 'weekly', 'biweekly', 'monthly_weekday'];

export interface EventRoom {
  room: string;
  side: Side;
  supporters: string[];
}

export interface Recurrence {
  freq: Freq;
  until?: string;
  count?: number;
  week?: number; // monthly_weekday: 1..4, or -1 for the last
}

export interface OrgEvent {
  id: string;
  org: string;
  title: Text2;
  description: Text2;
  start: string;
  end: string;
  zone: string;
  audience: string[];
  capacity: number;
  rooms: EventRoom[];
  place: Text2 | null;
  recurrence: Recurrence;
  cancelled: string[];
  open_before_min: number;
}

export interface HelpEntry {
  id: string;
  name: Text2;
  phone: string;
  hours: Text2;
  url: string;
  audience: string[];
  region: string;
  featured: boolean;
  verify: boolean;
}

export interface StaffAccount {
  id: string;
  name: string;
  role: string;
  rooms: string[];
  active: boolean;
  must_change: boolean;
  totp: boolean;
  created_ms: number;
}

export interface AuditEntry {
  id: string;
  at: string;
  staff: string;
  action: string;
  room: string;
  member: string;
  reason: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
const num = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const bool = (v: unknown): boolean => v === true;
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);

export function text2(v: unknown): Text2 {
  const o = obj(v);
  return { ja: str(o.ja), en: str(o.en) };
}

export function readRoom(v: unknown): OrgRoom {
  const o = obj(v);
  return {
    id: str(o.id), org: str(o.org, 'main'), name: text2(o.name), description: text2(o.description), rules: text2(o.rules),
    audience: strs(o.audience), capacity: num(o.capacity, 30), presence: o.presence === 'counts' ? 'counts' : 'names',
    slow_mode_s: num(o.slow_mode_s), supporter_present: bool(o.supporter_present), scheduled: bool(o.scheduled),
    state: str(o.state, 'open'), order: num(o.order), seeded: bool(o.seeded),
  };
}

export function readEvent(v: unknown): OrgEvent {
  const o = obj(v);
  const r = obj(o.recurrence);
  const freq = freqs.includes(r.freq as Freq) ? (r.freq as Freq) : 'none';
  const recurrence: Recurrence = { freq };
  if (typeof r.until === 'string') recurrence.until = r.until;
  if (typeof r.count === 'number') recurrence.count = r.count;
  if (typeof r.week === 'number') recurrence.week = r.week;
  return {
    id: str(o.id), org: str(o.org, 'main'), title: text2(o.title), description: text2(o.description),
    start: str(o.start), end: str(o.end), zone: str(o.zone, 'Asia/Tokyo'), audience: strs(o.audience), capacity: num(o.capacity),
    rooms: (Array.isArray(o.rooms) ? o.rooms : []).map((x) => {
      const e = obj(x);
      const side = e.side === 'lived' || e.side === 'family' ? e.side : '';
      return { room: str(e.room), side, supporters: strs(e.supporters) } as EventRoom;
    }),
    place: o.place && typeof o.place === 'object' ? text2(o.place) : null,
    recurrence, cancelled: strs(o.cancelled), open_before_min: num(o.open_before_min, 10),
  };
}

export function readHelpEntry(v: unknown): HelpEntry {
  const o = obj(v);
  return {
    id: str(o.id), name: text2(o.name), phone: str(o.phone), hours: text2(o.hours), url: str(o.url),
    audience: strs(o.audience), region: str(o.region), featured: bool(o.featured), verify: bool(o.verify),
  };
}

export function readStaff(v: unknown): StaffAccount {
  const o = obj(v);
  return {
    id: str(o.id), name: str(o.name), role: str(o.role, 'supporter'), rooms: strs(o.rooms), active: o.active !== false,
    must_change: bool(o.must_change), totp: bool(o.totp), created_ms: num(o.created_ms),
  };
}

export function readAudit(v: unknown): AuditEntry {
  const o = obj(v);
  return { id: str(o.id), at: str(o.at), staff: str(o.staff), action: str(o.action), room: str(o.room), member: str(o.member), reason: str(o.reason) };
}

export function isPaired(e: OrgEvent): boolean {
  return e.rooms.length === 2 && e.rooms.some((r) => r.side === 'lived') && e.rooms.some((r) => r.side === 'family');
}

// ---- checks before sending: field (the API's name for it) -> problem code -------------------

export type Problems = Record<string, string>;

const isBlank = (s: string) => s.trim() === '';

export function checkRoom(r: OrgRoom, creating: boolean): Problems {
  const p: Problems = {};
  if (creating && !roomIdPattern.test(r.id)) p.id = 'room_id';
  if (isBlank(r.name.ja)) p['name.ja'] = 'required';
  if (isBlank(r.name.en)) p['name.en'] = 'required';
  if (r.audience.length === 0) p.audience = 'pick_one';
  if (!Number.isInteger(r.capacity) || r.capacity < 1 || r.capacity > 100000) p.capacity = 'range_capacity';
  if (!Number.isInteger(r.slow_mode_s) || r.slow_mode_s < 0 || r.slow_mode_s > 3600) p.slow_mode_s = 'range_slow';
  return p;
}

export function checkHelpEntry(h: HelpEntry): Problems {
  const p: Problems = {};
  if (isBlank(h.name.ja) && isBlank(h.name.en)) p['name.ja'] = 'required';
  if (h.phone !== '' && !/^[0-9+][0-9-]{1,19}$/.test(h.phone)) p.phone = 'phone';
  if (h.url !== '' && !/^https:\/\/[^\s"'<>]+$/.test(h.url)) p.url = 'url';
  return p;
}

// The body PUT/POST send: the record without what the server owns (id on update, org).
export function roomBody(r: OrgRoom, creating: boolean): Obj {
  const b: Obj = {
    name: r.name, description: r.description, rules: r.rules, audience: r.audience, capacity: r.capacity,
    presence: r.presence, slow_mode_s: r.slow_mode_s, supporter_present: r.supporter_present, scheduled: r.scheduled, state: r.state,
  };
  if (creating) b.id = r.id;
  return b;
}

export function helpBody(h: HelpEntry): Obj {
  return { name: h.name, phone: h.phone, hours: h.hours, url: h.url, audience: h.audience, region: h.region, featured: h.featured, verify: h.verify };
}

export function eventBody(e: OrgEvent): Obj {
  const b: Obj = {
    title: e.title, description: e.description, start: e.start, end: e.end, zone: e.zone, audience: e.audience,
    capacity: e.capacity, rooms: e.rooms, place: e.place, recurrence: e.recurrence, open_before_min: e.open_before_min,
  };
  return b;
}

export function blankRoom(org: string): OrgRoom {
  return {
    id: '', org, name: { ja: '', en: '' }, description: { ja: '', en: '' }, rules: { ja: '', en: '' }, audience: ['open'],
    capacity: 30, presence: 'names', slow_mode_s: 0, supporter_present: false, scheduled: false, state: 'open', order: 0, seeded: false,
  };
}

export function blankHelpEntry(): HelpEntry {
  return { id: '', name: { ja: '', en: '' }, phone: '', hours: { ja: '', en: '' }, url: '', audience: [], region: '', featured: false, verify: true };
}
