// The private word (DESIGN rule 4: participants never message each other; they may ask the
// room's supporters): a participant's ask and its waiting state, and the 1:1 threads of either
// side. No DOM. Threads live in memory only and are gone with the tab.

import {
  AskWaiting, newId, PrivateEnded, PrivateMessage, PrivateOpen, ServerMessage,
} from '../protocol';
import { Emitter, Wire } from './emitter';
import { Outcome, Requests } from './requests';

export type Side = 'staff' | 'member';

export interface ThreadLine {
  n: number; // 0 while our own line is on its way
  from: Side;
  nick: string;
  text: string;
  ts: number;
  id?: string;
}

export interface Thread {
  id: string; // the ask id (q_...)
  room: string;
  me: Side;
  staff: string; // the supporter's display name
  member: string;
  nick: string;
  lines: ThreadLine[];
  ended: '' | 'staff' | 'member';
}

// A participant's ask in one room: asking (sent), waiting (the server has it), or open.
export type AskState = { state: 'asking' } | { state: 'waiting'; ask: string } | { state: 'open'; thread: string };

export type PrivateChange =
  | { type: 'ask'; room: string } // the ask of this room changed (see `askIn`)
  // accepted: this session's own accept opened it (not a thread sent again after hello).
  | { type: 'open'; thread: string; accepted: boolean }
  | { type: 'line'; thread: string; line: ThreadLine }
  | { type: 'ended'; thread: string; by: string };

export class PrivateWord {
  readonly changes = new Emitter<PrivateChange>();
  private readonly threadMap = new Map<string, Thread>();
  private readonly asks = new Map<string, AskState>(); // by room
  private readonly mineAsks = new Set<string>(); // ask ids this session made (as a member)
  private readonly accepting = new Set<string>(); // ask ids we accepted (as staff)
  // Threads a staff "reach out" (issue 12) will open, by room and member: not yet known by id.
  private readonly reaching = new Set<string>();

  // staffSide: whether this session is staff now (the welcome's role). It decides the side of a
  // thread this page neither asked for nor accepted: one sent again after a reload or sign-in.
  constructor(
    private readonly wire: Wire,
    private readonly requests: Requests,
    private readonly staffSide: () => boolean = () => false,
  ) {}

  thread(id: string): Thread | undefined {
    return this.threadMap.get(id);
  }

  threads(): Thread[] {
    return Array.from(this.threadMap.values());
  }

  askIn(room: string): AskState | undefined {
    return this.asks.get(room);
  }

  // ---- participant -------------------------------------------------------------------

  async ask(room: string): Promise<Outcome> {
    this.asks.set(room, { state: 'asking' });
    this.changes.emit({ type: 'ask', room });
    const o = await this.requests.send({ type: 'ask', room });
    if (!o.ok && this.asks.get(room)?.state === 'asking') {
      this.asks.delete(room);
      this.changes.emit({ type: 'ask', room });
    }
    return o;
  }

  // Gives up waiting (or ends the open thread): the thread id is the ask id.
  cancelAsk(room: string): void {
    const a = this.asks.get(room);
    if (!a) return;
    const id = a.state === 'waiting' ? a.ask : a.state === 'open' ? a.thread : '';
    if (id) this.wire.send({ type: 'private_end', thread: id, id: newId('p') });
    this.asks.delete(room);
    this.changes.emit({ type: 'ask', room });
  }

  // ---- staff -------------------------------------------------------------------------

  accept(ask: string): Promise<Outcome> {
    this.accepting.add(ask);
    return this.requests.send({ type: 'accept_ask', ask });
  }

  // A "reach out" was sent for this member of this room: the thread it opens is ours to show.
  expectOpen(room: string, member: string): void {
    this.reaching.add(room + '\u0000' + member);
  }

  unexpect(room: string, member: string): void {
    this.reaching.delete(room + '\u0000' + member);
  }

  // ---- either side -------------------------------------------------------------------

  say(thread: string, text: string): boolean {
    const t = this.threadMap.get(thread);
    if (!t || t.ended || text.trim() === '') return false;
    const id = newId('p');
    if (!this.wire.ready() || !this.wire.send({ type: 'private_say', thread, text, id })) return false;
    const line: ThreadLine = { n: 0, from: t.me, nick: t.me === 'staff' ? t.staff : t.nick, text, ts: Date.now(), id };
    t.lines.push(line);
    this.changes.emit({ type: 'line', thread, line });
    return true;
  }

  end(thread: string): void {
    const t = this.threadMap.get(thread);
    if (!t || t.ended) return;
    this.wire.send({ type: 'private_end', thread, id: newId('p') });
    this.ended({ type: 'private_ended', thread, by: t.me });
  }

  // Forgets an ended thread (its words leave memory too).
  close(thread: string): void {
    const t = this.threadMap.get(thread);
    if (!t) return;
    this.threadMap.delete(thread);
    if (this.asks.get(t.room)?.state === 'open') this.asks.delete(t.room);
  }

  // ---- from the server ---------------------------------------------------------------

  apply(m: ServerMessage): boolean {
    switch (m.type) {
      case 'ask_waiting':
        this.waiting(m);
        return true;
      case 'private_open':
        this.open(m);
        return true;
      case 'private_message':
        this.line(m);
        return true;
      case 'private_ended':
        this.ended(m);
        return true;
      default:
        return false;
    }
  }

  private waiting(m: AskWaiting): void {
    this.mineAsks.add(m.ask);
    this.asks.set(m.room, { state: 'waiting', ask: m.ask });
    this.changes.emit({ type: 'ask', room: m.room });
  }

  private open(m: PrivateOpen): void {
    const known = this.threadMap.get(m.thread);
    if (known) {
      // Sent again after a reconnect: only lines we missed meanwhile are new.
      for (const l of m.lines ?? []) this.line({ type: 'private_message', ...l });
      return;
    }
    const accepted = this.accepting.delete(m.thread) || this.reaching.delete(m.room + '\u0000' + m.member);
    const me: Side = accepted ? 'staff' : this.mineAsks.has(m.thread) ? 'member' : this.staffSide() ? 'staff' : 'member';
    const lines: ThreadLine[] = (m.lines ?? []).map((l) => ({ n: l.n, from: l.from, nick: l.nick, text: l.text, ts: l.ts, id: l.id }));
    lines.sort((a, b) => a.n - b.n);
    this.threadMap.set(m.thread, {
      id: m.thread, room: m.room, me, staff: m.staff, member: m.member, nick: m.nick, lines, ended: '',
    });
    if (me === 'member') {
      this.mineAsks.add(m.thread);
      this.asks.set(m.room, { state: 'open', thread: m.thread });
      this.changes.emit({ type: 'ask', room: m.room });
    }
    this.changes.emit({ type: 'open', thread: m.thread, accepted });
  }

  private line(m: PrivateMessage): void {
    const t = this.threadMap.get(m.thread);
    if (!t) return;
    if (t.lines.some((l) => l.n === m.n && l.n !== 0)) return; // seen already
    // Our own line comes back numbered (and, for a participant, masked): replace the draft.
    const own = m.id ? t.lines.find((l) => l.n === 0 && l.id === m.id) : undefined;
    const line: ThreadLine = { n: m.n, from: m.from, nick: m.nick, text: m.text, ts: m.ts, id: m.id };
    if (own) Object.assign(own, line);
    else t.lines.push(line);
    this.changes.emit({ type: 'line', thread: m.thread, line: own ?? line });
  }

  private ended(m: PrivateEnded): void {
    const t = this.threadMap.get(m.thread);
    if (!t) {
      // Ended before it opened (a waiting ask given up, or a supporter declined).
      this.asks.forEach((a, room) => {
        if (a.state === 'waiting' && a.ask === m.thread) {
          this.asks.delete(room);
          this.changes.emit({ type: 'ask', room });
        }
      });
      return;
    }
    if (t.ended) return;
    t.ended = m.by === 'staff' ? 'staff' : 'member';
    this.changes.emit({ type: 'ended', thread: m.thread, by: m.by });
  }
}
