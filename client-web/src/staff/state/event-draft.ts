// The event form's draft, no DOM: what the organiser types (times as wall-clock in the
// organisation's zone, numbers as typed), to and from the event record, and the checks made
// before anything is sent. Field names are the API's ('title.ja', 'rooms[1].room',
// 'recurrence.until'), plus 'lived.*' / 'family.*' for the rooms a paired event creates.

import { audiences, Freq, OrgEvent, OrgRoom, Problems, roomIdPattern, Text2, blankRoom, isPaired } from './org-records';
import { monthlyChoices, monthlyWeek } from './recurrence';
import { addDays, dateKey, dayStart, fromLocalInput, isoUtc, parseDateKey, parseIso, toLocalInput } from './zone-time';

export type EventMode = 'online' | 'paired' | 'in_person';

// One side of a paired event: a scheduled room picked from the list, or a new one made with it.
export interface PairSide {
  make: boolean;
  room: string; // picked room id
  id: string; // the new room's id
  name: Text2; // the new room's name
  supporters: string[];
}

export interface EventDraft {
  id: string; // '' while creating
  title: Text2;
  description: Text2;
  start: string; // 'YYYY-MM-DDTHH:MM' in `zone`
  end: string;
  zone: string;
  audience: string[];
  capacity: string;
  mode: EventMode;
  place: Text2;
  room: string; // online, one room
  supporters: string[];
  lived: PairSide;
  family: PairSide;
  freq: Freq;
  week: number; // monthly: 1..4, or -1 for the last
  until: string; // 'YYYY-MM-DD' in `zone`, '' for no end
  openBefore: string;
  cancelled: string[];
}

const blankSide = (): PairSide => ({ make: true, room: '', id: '', name: { ja: '', en: '' }, supporters: [] });

export function blankDraft(zone: string, nowMs: number): EventDraft {
  // Next Saturday 10:00 to 11:30: a sensible first guess an organiser changes anyway.
  const today = dateKey(nowMs, zone);
  const p = parseDateKey(today);
  const dow = p ? new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay() : 0;
  const sat = addDays(today, ((6 - dow + 7) % 7) || 7);
  return {
    id: '', title: { ja: '', en: '' }, description: { ja: '', en: '' }, start: `${sat}T10:00`, end: `${sat}T11:30`, zone,
    audience: ['open'], capacity: '0', mode: 'online', place: { ja: '', en: '' }, room: '', supporters: [],
    lived: blankSide(), family: { ...blankSide(), name: { ja: '', en: '' } }, freq: 'none', week: 1, until: '', openBefore: '10', cancelled: [],
  };
}

export function draftOf(e: OrgEvent): EventDraft {
  const zone = e.zone || 'Asia/Tokyo';
  const start = parseIso(e.start);
  const end = parseIso(e.end);
  const until = e.recurrence.until ? parseIso(e.recurrence.until) : NaN;
  const pick = (side: 'lived' | 'family'): PairSide => {
    const r = e.rooms.find((x) => x.side === side);
    return { make: false, room: r?.room ?? '', id: '', name: { ja: '', en: '' }, supporters: r?.supporters ?? [] };
  };
  const paired = isPaired(e);
  const single = !paired && e.rooms.length > 0 ? e.rooms[0] : null;
  const startKey = Number.isFinite(start) ? dateKey(start, zone) : '';
  return {
    id: e.id, title: { ...e.title }, description: { ...e.description },
    start: Number.isFinite(start) ? toLocalInput(start, zone) : '', end: Number.isFinite(end) ? toLocalInput(end, zone) : '', zone,
    audience: [...e.audience], capacity: String(e.capacity), mode: paired ? 'paired' : e.rooms.length > 0 ? 'online' : 'in_person',
    place: e.place ? { ...e.place } : { ja: '', en: '' }, room: single?.room ?? '', supporters: single?.supporters ?? [],
    lived: pick('lived'), family: pick('family'), freq: e.recurrence.freq,
    week: startKey ? monthlyWeek(startKey, e.recurrence.week) : 1,
    until: Number.isFinite(until) ? dateKey(until - 1, zone) : '', openBefore: String(e.open_before_min), cancelled: [...e.cancelled],
  };
}

const isInt = (s: string, lo: number, hi: number) => /^\d+$/.test(s.trim()) && Number(s) >= lo && Number(s) <= hi;

// The record to send (rooms of a paired event named by the ids they have or will have).
export function eventOf(d: EventDraft, org: string): OrgEvent {
  const start = fromLocalInput(d.start, d.zone);
  const end = fromLocalInput(d.end, d.zone);
  const rooms = d.mode === 'in_person' ? [] : d.mode === 'online'
    ? [{ room: d.room, side: '' as const, supporters: d.supporters }]
    : [
      { room: d.lived.make ? d.lived.id : d.lived.room, side: 'lived' as const, supporters: d.lived.supporters },
      { room: d.family.make ? d.family.id : d.family.room, side: 'family' as const, supporters: d.family.supporters },
    ];
  const recurrence: OrgEvent['recurrence'] = { freq: d.freq };
  if (d.freq !== 'none' && d.until) {
    const p = parseDateKey(d.until);
    // Through the end of that day in the zone.
    if (p) recurrence.until = isoUtc(dayStart(addDays(d.until, 1), d.zone));
  }
  if (d.freq === 'monthly_weekday' && start !== null && monthlyWeek(dateKey(start, d.zone), d.week) === -1) recurrence.week = -1;
  return {
    id: d.id, org, title: d.title, description: d.description,
    start: start === null ? '' : isoUtc(start), end: end === null ? '' : isoUtc(end), zone: d.zone,
    audience: d.mode === 'paired' ? [...new Set(['family', ...d.audience.filter((a) => a !== 'family')])] : d.audience,
    capacity: Number(d.capacity) || 0, rooms, place: d.mode === 'in_person' ? d.place : null, recurrence,
    cancelled: d.cancelled, open_before_min: Number(d.openBefore) || 0,
  };
}

// The new rooms a paired draft makes (scheduled; the family room is for families only).
export function roomsToMake(d: EventDraft, org: string): { side: 'lived' | 'family'; room: OrgRoom }[] {
  if (d.mode !== 'paired') return [];
  const out: { side: 'lived' | 'family'; room: OrgRoom }[] = [];
  for (const side of ['lived', 'family'] as const) {
    const s = d[side];
    if (!s.make) continue;
    const r = blankRoom(org);
    r.id = s.id;
    r.name = s.name;
    r.scheduled = true;
    r.audience = side === 'family' ? ['family'] : d.audience.filter((a) => a !== 'family').length ? d.audience.filter((a) => a !== 'family') : ['open'];
    r.description = { ...d.description };
    r.capacity = Number(d.capacity) > 0 ? Number(d.capacity) : 30;
    out.push({ side, room: r });
  }
  return out;
}

export function checkDraft(d: EventDraft, rooms: OrgRoom[]): Problems {
  const p: Problems = {};
  if (d.title.ja.trim() === '') p['title.ja'] = 'required';
  const start = fromLocalInput(d.start, d.zone);
  const end = fromLocalInput(d.end, d.zone);
  if (start === null) p.start = 'when';
  if (end === null) p.end = 'when';
  else if (start !== null && end <= start) p.end = 'end_after_start';
  if (d.audience.length === 0 || d.audience.some((a) => !(audiences as readonly string[]).includes(a))) p.audience = 'pick_one';
  if (!isInt(d.capacity, 0, 100000)) p.capacity = 'range_capacity0';
  if (!isInt(d.openBefore, 0, 120)) p.open_before_min = 'range_open_before';
  const scheduled = (id: string) => rooms.find((r) => r.id === id && r.scheduled);
  if (d.mode === 'in_person' && d.place.ja.trim() === '') p['place.ja'] = 'required';
  if (d.mode === 'online' && !scheduled(d.room)) p['rooms[0].room'] = 'pick_room';
  if (d.mode === 'paired') {
    const ids: string[] = [];
    for (const side of ['lived', 'family'] as const) {
      const s = d[side];
      if (s.make) {
        if (!roomIdPattern.test(s.id)) p[`${side}.id`] = 'room_id';
        else if (rooms.some((r) => r.id === s.id)) p[`${side}.id`] = 'room_id_taken';
        if (s.name.ja.trim() === '') p[`${side}.name.ja`] = 'required';
        if (s.name.en.trim() === '') p[`${side}.name.en`] = 'required';
        ids.push(s.id);
      } else {
        const r = scheduled(s.room);
        const i = side === 'lived' ? 0 : 1;
        if (!r) p[`rooms[${i}].room`] = 'pick_room';
        else if (side === 'family' && (r.audience.length !== 1 || r.audience[0] !== 'family')) p[`rooms[${i}].room`] = 'family_room';
        else if (side === 'lived' && r.audience.includes('family')) p[`rooms[${i}].room`] = 'lived_room';
        ids.push(s.room);
      }
    }
    if (ids[0] && ids[0] === ids[1]) p[d.family.make ? 'family.id' : 'rooms[1].room'] = 'same_room';
  }
  if (d.freq !== 'none' && d.until) {
    const u = parseDateKey(d.until);
    if (!u) p['recurrence.until'] = 'when';
    else if (start !== null && dayStart(addDays(d.until, 1), d.zone) <= start) p['recurrence.until'] = 'until_after_start';
  }
  if (d.freq === 'monthly_weekday' && start !== null && monthlyChoices(dateKey(start, d.zone)).length === 0) p['recurrence.freq'] = 'fifth';
  return p;
}

// The order of the form's fields, for "focus the first problem".
export const eventFields = [
  'title.ja', 'title.en', 'description.ja', 'description.en', 'start', 'end', 'recurrence.freq', 'recurrence.week', 'recurrence.until',
  'audience', 'capacity', 'open_before_min', 'mode', 'place.ja', 'place.en', 'rooms[0].room', 'rooms[0].supporters',
  'lived.id', 'lived.name.ja', 'lived.name.en', 'rooms[0].room', 'family.id', 'family.name.ja', 'family.name.en', 'rooms[1].room', 'rooms[1].supporters',
];
