// A scheduled room's occurrence as the person sees it, with no DOM: from the `event` a room
// entry or `joined` carries (docs/protocol.md) to where it stands now — opening soon, on,
// ending soon, over — and the one calm line that says so ("あと8分で始まります", "11:30まで"),
// as an i18n key and its values. Minutes, never seconds: nothing here should hurry anyone.

import { EventWindow } from '../protocol';
import { clockIn, dayKey, dayLabel, defaultZone, parseTime, ZoneLang } from './zone-time';

// The server warns members this long before the end (`closing_soon`).
export const closingSoonMs = 5 * 60 * 1000;

export interface Window {
  id: string;
  starts: number;
  ends: number;
  opens: number | null; // when the room lets people in, if the server said
}

export function parseWindow(raw: unknown): Window | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as EventWindow;
  const starts = parseTime(r.starts);
  const ends = parseTime(r.ends);
  if (typeof r.id !== 'string' || starts === null || ends === null || ends <= starts) return null;
  return { id: r.id, starts, ends, opens: parseTime(r.opens) };
}

export type Phase = 'before' | 'on' | 'ending' | 'over';

export function phaseOf(w: Window, now: number): Phase {
  if (now < w.starts) return 'before';
  if (now >= w.ends) return 'over';
  return now >= w.ends - closingSoonMs ? 'ending' : 'on';
}

export type EventLineKey =
  | 'evOpensIn' | 'evOpensAt' | 'evStartsSoon' | 'evStartsIn' | 'evStartsAt' | 'evStartsOn'
  | 'evUntil' | 'evEndsIn' | 'evOver';

export interface EventLine {
  key: EventLineKey;
  vars: Record<string, string | number>;
}

const minutesUntil = (t: number, now: number) => Math.max(1, Math.ceil((t - now) / 60000));

// The line for the room's head and the room list. Within the hour before: a countdown in
// whole minutes ("あと8分で…"); earlier: the clock time (and the day, when not today).
export function eventLine(w: Window, now: number, zone: string = defaultZone, l: ZoneLang = 'ja'): EventLine {
  const phase = phaseOf(w, now);
  if (phase === 'over') return { key: 'evOver', vars: {} };
  const end = clockIn(w.ends, zone);
  if (phase === 'ending') return { key: 'evEndsIn', vars: { n: minutesUntil(w.ends, now), end } };
  if (phase === 'on') return { key: 'evUntil', vars: { end } };
  const start = clockIn(w.starts, zone);
  if (w.opens !== null && now < w.opens) {
    if (w.opens - now <= 3600 * 1000) return { key: 'evOpensIn', vars: { n: minutesUntil(w.opens, now), start, end } };
    if (dayKey(w.opens, zone) === dayKey(now, zone)) return { key: 'evOpensAt', vars: { time: clockIn(w.opens, zone), start, end } };
  }
  if (w.starts - now <= 60000) return { key: 'evStartsSoon', vars: { start, end } };
  if (w.starts - now <= 3600 * 1000) return { key: 'evStartsIn', vars: { n: minutesUntil(w.starts, now), start, end } };
  if (dayKey(w.starts, zone) === dayKey(now, zone)) return { key: 'evStartsAt', vars: { start, end } };
  return { key: 'evStartsOn', vars: { day: dayLabel(w.starts, zone, l), start, end } };
}

// How long until the line above can read differently (the screen redraws then, not every second).
export function nextChangeMs(w: Window, now: number): number {
  const targets = [w.opens ?? 0, w.starts, w.ends - closingSoonMs, w.ends].filter((t) => t > now);
  if (targets.length === 0) return 60000;
  const next = Math.min(...targets);
  const toMinute = (next - now) % 60000 || 60000;
  return Math.max(500, Math.min(toMinute, next - now));
}
