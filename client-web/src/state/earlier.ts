// Issue 13, no DOM: what the "load earlier messages" control needs to know. The oldest seq a
// room's log holds (what `earlier` asks before), an older event turned into a log item, and
// the control's state after an answer.

import { RoomEvent } from '../protocol';
import type { Item } from './room-store';

// idle / more: the control can ask; loading: an answer is on its way; start: the log reaches
// the room's first event; gone: history no longer keeps older ones; failed: ask again later.
export type EarlierState = 'idle' | 'loading' | 'more' | 'start' | 'gone' | 'failed';

// The oldest seq in the log, or the next one when the log holds none (all aged out).
export function oldestSeq(items: readonly Item[], lastSeq: number): number {
  for (const it of items) {
    if (it.kind === 'tombstone') return it.seq;
    if (it.kind !== 'note') return it.ev.seq;
  }
  return lastSeq + 1;
}

// Messages, stamps and tombstones go into the log; `hide` / `unhide` events older than the log
// changed nothing it shows (history already holds the tombstone or the restored message).
export function earlierItem(ev: RoomEvent): Item | null {
  if (ev.type === 'message') return { kind: 'message', ev };
  if (ev.type === 'stamp') return { kind: 'stamp', ev };
  if (ev.type === 'hidden') return { kind: 'tombstone', seq: ev.seq, ts: ev.ts, reason: ev.reason, hiddenAt: 0 };
  return null;
}

export function earlierStateAfter(more: boolean, oldest: number): EarlierState {
  if (more) return 'more';
  return oldest <= 1 ? 'start' : 'gone';
}

// How long history keeps words, for the calm note: "about an hour", "about 30 minutes".
export function keptParts(keptS: number): { unit: 'minutes' | 'hours'; n: number } {
  if (keptS >= 3600 && keptS % 3600 === 0) return { unit: 'hours', n: keptS / 3600 };
  return { unit: 'minutes', n: Math.max(1, Math.round(keptS / 60)) };
}
