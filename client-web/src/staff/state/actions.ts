// A supporter's actions on the socket (issue 11 §3): hide, unhide, remind, mute, remove, ban,
// room controls, admit, standing and its note. Each is one request with an id, answered by
// `done` (or `standing`) or an error with that ref; the checks here only keep obviously bad
// values from leaving (the server decides). No DOM.

import { StandingBody, Suggest } from '../../protocol';
import { Outcome, Requests } from '../../state/requests';

export const mutePresets = [10, 60, 1440, 10080] as const; // minutes: 10 min, 1 h, 24 h, 7 days
export const removePresets = [60, 1440] as const; // minutes
export const banPresets = [1, 24, 72, 168] as const; // hours

export type Control =
  | 'slow_mode' | 'lock' | 'unlock' | 'pause' | 'resume' | 'close' | 'open' | 'pin' | 'unpin'
  | 'shield_on' | 'shield_off' | 'supporter_present_on' | 'supporter_present_off';

export const unhideWindowMs = 10 * 60 * 1000;

export interface StandingAnswer { standing: StandingBody; suggest: Suggest }

const bad = (code: string): Promise<Outcome> => Promise.resolve({ ok: false, code });

function withNote(frame: Record<string, unknown>, note?: string): Record<string, unknown> {
  if (note && note.trim() !== '') frame.note = note.trim().slice(0, 300);
  return frame;
}

export class StaffActions {
  constructor(private readonly requests: Requests) {}

  hide(room: string, seq: number, reason: string, note?: string): Promise<Outcome> {
    return this.requests.send(withNote({ type: 'hide', room, seq, reason }, note));
  }

  unhide(room: string, seq: number): Promise<Outcome> {
    return this.requests.send({ type: 'unhide', room, seq });
  }

  remind(room: string, member: string, template: string, text?: string): Promise<Outcome> {
    const f: Record<string, unknown> = { type: 'remind', room, member, template };
    if (text && text.trim() !== '') f.text = text.trim();
    return this.requests.send(f);
  }

  mute(room: string, member: string, minutes: number, reason: string, note?: string): Promise<Outcome> {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 10080) return bad('bad_duration');
    return this.requests.send(withNote({ type: 'mute', room, member, minutes, reason }, note));
  }

  remove(room: string, member: string, minutes: number, reason: string, note?: string): Promise<Outcome> {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 10080) return bad('bad_duration');
    return this.requests.send(withNote({ type: 'remove', room, member, minutes, reason }, note));
  }

  ban(room: string, member: string, hours: number, reason: string, note?: string): Promise<Outcome> {
    if (!Number.isInteger(hours) || hours < 1 || hours > 168) return bad('bad_duration');
    return this.requests.send(withNote({ type: 'ban', room, member, hours, reason }, note));
  }

  control(room: string, control: Control, reason: string, extra: { seconds?: number; text?: string } = {}): Promise<Outcome> {
    const f: Record<string, unknown> = { type: 'room_control', room, control, reason };
    if (control === 'slow_mode') {
      const s = extra.seconds ?? 0;
      if (!Number.isInteger(s) || s < 0 || s > 600) return bad('bad_duration');
      f.seconds = s;
    }
    if (control === 'pin') {
      const text = (extra.text ?? '').trim();
      if (text === '' || Array.from(text).length > 500) return bad('bad_text');
      f.text = text;
    }
    return this.requests.send(f);
  }

  admit(room: string, member: string): Promise<Outcome> {
    return this.requests.send({ type: 'admit', room, member });
  }

  async standing(room: string, member: string): Promise<StandingAnswer | null> {
    const o = await this.requests.send({ type: 'standing', room, member });
    if (!o.ok || o.frame.type !== 'standing') return null;
    return { standing: (o.frame.standing ?? {}) as StandingBody, suggest: (o.frame.suggest ?? 'remind') as Suggest };
  }

  standingNote(room: string, member: string, text: string): Promise<Outcome> {
    if (Array.from(text).length > 300) return bad('text_too_long');
    return this.requests.send({ type: 'standing_note', room, member, text });
  }
}
