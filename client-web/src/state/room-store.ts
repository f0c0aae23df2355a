// One room as this session sees it, with no DOM: the log (messages and stamps by seq, notes),
// presence, the seat (member ids, nickname, listening), sends not yet confirmed, and people
// hidden for oneself. It consumes protocol events, sends through a Wire, and tells listeners
// what changed; views render from its plain data.

import {
  EarlierEnd, ErrorFrame, Gap, HelpCard, HiddenEvent, Joined, MessageEvent as Msg, newId, Notice, Presence, RoomEvent, RoomInfo,
  RoomState, StampEvent, StampKey,
} from '../protocol';
import { Emitter, Timers, Wire, realTimers } from './emitter';
import { EarlierState, earlierItem, earlierStateAfter, oldestSeq } from './earlier';

// `notShown` (issue 12): the writer's own copy of a say the server kept from the others.
export type Note = 'gap' | 'reset' | 'left' | 'hidden' | 'notShown';

// A message or stamp a supporter hid: it keeps its place in the log (same seq). `original` is
// kept in memory only, for a supporter's own screen (and their "unhide"); never shown to others.
export interface Tombstone {
  kind: 'tombstone';
  seq: number;
  ts: number;
  reason?: string;
  hiddenAt: number; // when this client learnt of it (unhide is possible for 10 min)
  original?: Msg | StampEvent;
}

export type Item =
  | { kind: 'message'; ev: Msg }
  | { kind: 'stamp'; ev: StampEvent }
  | Tombstone
  | { kind: 'note'; note: Note; member?: string; nick?: string; reason?: string; id?: string; text?: string; ts?: number };

export type Outgoing =
  | { kind: 'say'; text: string; re?: number }
  | { kind: 'stamp'; stamp: StampKey; on?: number };

// What a seat needs to come back after a reload (kept in sessionStorage by the session).
export interface SeatOptions {
  nick: string;
  listening: boolean;
  affirmed: boolean;
}

export type RoomChange =
  | { type: 'item'; item: Item; dropped: boolean } // appended; `dropped`: the oldest one went
  | { type: 'replaced'; seq: number; item: Item } // the entry with this seq changed (hidden, restored)
  | { type: 'notice'; notice: Notice; replaces?: Notice } // a private notice (reminder, muted, ...)
  | { type: 'helpCard'; card: HelpCard | null } // the card after a hard message (or it was closed)
  | { type: 'readOnly'; readOnly: boolean } // a supporter_present room without a supporter
  | { type: 'items' } // which items are visible changed (hiding): render the log again
  | { type: 'presence' }
  | { type: 'status' } // info, joined or closed changed
  | { type: 'joined' }
  | { type: 'listening'; listening: boolean; byUser: boolean }
  | { type: 'pending'; id: string; added: boolean }
  | { type: 'announce'; what: 'live'; ev: Msg | StampEvent }
  | { type: 'announce'; what: 'catchUp'; n: number }
  | { type: 'sendError'; code: string; retryAfterMs?: number; restore?: string; until?: number }
  | { type: 'rejoinNeeded' }
  | { type: 'seat' } // nickname, listening or info changed: worth saving
  // Issue 13: older history came in at the top (oldest first), or the control's state changed;
  // the "new since you were here" line moved; says written offline went out by themselves.
  | { type: 'prepended'; items: Item[] }
  | { type: 'earlier' }
  | { type: 'divider' }
  | { type: 'queuedSent'; n: number };

export interface HiddenStore {
  load(room: string): Record<string, string> | null;
  save(room: string, hidden: Record<string, string>): void;
}

// 'queued' (issue 13): written while offline; kept in memory and sent by itself on rejoin.
export type SendResult = 'sent' | 'queued' | 'not_connected';

export const maxItems = 400;
// After a rejoin, sends not yet confirmed go again once the replay is in (or this late).
export const resendAfterMs = 1200;

export class RoomStore {
  readonly changes = new Emitter<RoomChange>();
  info: RoomInfo;
  member = '';
  nick: string;
  listening: boolean;
  affirmed: boolean;
  lastSeq = 0;
  joined = false;
  closed = false;
  presence: Presence | null = null;
  // What the person is writing, so a room shown again finds it (memory only, never stored).
  draft = '';
  // Issue 11: staff in the room (presence `staff`), this seat's badge when it sits as staff,
  // private notices (newest last) and when a mute ends.
  staff = 0;
  badge: string | undefined = undefined;
  notices: Notice[] = [];
  mutedUntil = 0;
  // Issue 12: the help card shown in the room now (one at a time; memory only).
  helpCard: HelpCard | null = null;
  // Issue 13: the "load earlier messages" control, how long history keeps (from the server),
  // and the "new since you were here" line: it goes after this seq (-1: none).
  earlierState: EarlierState = 'idle';
  keptS = 0;
  dividerAfter = -1;
  // The newest seq seen when this room was left earlier in this visit (memory only; 0: none).
  seenBefore = 0;
  private earlierRef = '';
  private earlierBuf: Item[] = [];
  private seenSeq = -1;
  private readonly queued = new Set<string>();
  private wasReadOnly = false;

  private readonly mine = new Set<string>();
  private readonly itemList: Item[] = [];
  private readonly hiddenMap: Record<string, string>;
  private readonly outbox = new Map<string, Outgoing>();
  private resendTimer: unknown = undefined;
  private catchUpFrom = -1; // seq after which replayed events count as "new while away"
  private catchUpCount = 0;
  private joinedSeq = 0;

  constructor(
    private readonly wire: Wire,
    info: RoomInfo,
    seat: SeatOptions,
    private readonly hiddenStore: HiddenStore | null = null,
    private readonly timers: Timers = realTimers,
    private readonly now: () => number = Date.now,
  ) {
    this.info = info;
    if (typeof info.staff === 'number') this.staff = info.staff;
    this.nick = seat.nick;
    this.listening = seat.listening;
    this.affirmed = seat.affirmed;
    this.hiddenMap = hiddenStore?.load(info.id) ?? {};
  }

  get id(): string {
    return this.info.id;
  }

  get items(): readonly Item[] {
    return this.itemList;
  }

  get hidden(): Readonly<Record<string, string>> {
    return this.hiddenMap;
  }

  isHidden(member: string): boolean {
    return this.hiddenMap[member] !== undefined;
  }

  // True for every member id this session has had in the room (it changes after a new session).
  isMine(member: string): boolean {
    return this.mine.has(member);
  }

  // Sends not yet confirmed by the server, oldest first.
  pending(): { id: string; out: Outgoing }[] {
    const out: { id: string; out: Outgoing }[] = [];
    this.outbox.forEach((o, id) => out.push({ id, out: o }));
    return out;
  }

  seat(): SeatOptions {
    return { nick: this.nick, listening: this.listening, affirmed: this.affirmed };
  }

  // A supporter_present room with no supporter in it: reading only, for now.
  get readOnly(): boolean {
    return this.info.supporter_present === true && this.staff === 0 && !this.badge;
  }

  // The entry with this seq (message, stamp or tombstone), if still in the log.
  find(seq: number): Item | undefined {
    for (let i = this.itemList.length - 1; i >= 0; i--) {
      const it = this.itemList[i];
      if (it.kind === 'tombstone' ? it.seq === seq : it.kind !== 'note' && it.ev.seq === seq) return it;
    }
    return undefined;
  }

  findText(seq: number): string | null {
    for (let i = this.itemList.length - 1; i >= 0; i--) {
      const it = this.itemList[i];
      if (it.kind === 'message' && it.ev.seq === seq) return it.ev.text;
    }
    return null;
  }

  // ---- connection lifecycle ----------------------------------------------------------

  // The `join` to send now: with `since` after a reconnect, so only what was missed comes.
  joinFrame(): Record<string, unknown> {
    const frame: Record<string, unknown> = { type: 'join', room: this.id, nick: this.nick, listening: this.listening };
    if (this.affirmed) frame.affirm = true;
    if (this.lastSeq > 0) frame.since = this.lastSeq;
    return frame;
  }

  applyJoined(j: Joined): void {
    const wasJoined = this.member !== '';
    this.member = j.member;
    this.mine.add(j.member);
    this.nick = j.nick;
    this.joined = true;
    this.closed = false;
    this.badge = j.badge;
    if (typeof j.staff === 'number') this.staff = j.staff;
    if (typeof j.supporter_present === 'boolean') this.info = { ...this.info, supporter_present: j.supporter_present };
    // Issue 14: an event room's occurrence (its countdown and end time).
    if (j.event) this.info = { ...this.info, event: j.event };
    if (typeof j.listening === 'boolean') this.followListening(j.listening);
    if (j.seq < this.lastSeq) {
      // The room's sequence started again (its history was wiped): begin counting afresh.
      this.addNote({ kind: 'note', note: 'reset' });
      this.lastSeq = 0;
    }
    this.joinedSeq = j.seq;
    this.catchUpFrom = wasJoined ? this.lastSeq : -1;
    // Back after a drop: what the replay brings is new since the person was here.
    if (wasJoined && j.seq > this.lastSeq && this.dividerAfter < 0) this.markDivider(this.lastSeq);
    // Back in a room left earlier in this visit (its seq did not start again meanwhile).
    else if (!wasJoined && this.seenBefore > 0 && j.seq > this.seenBefore) this.markDivider(this.seenBefore);
    if (this.earlierRef) this.endEarlier('more'); // its answer went with the old socket
    this.catchUpCount = 0;
    this.changes.emit({ type: 'status' });
    this.changes.emit({ type: 'seat' });
    this.changes.emit({ type: 'joined' });
    this.checkReadOnly();
    // Anything sent but not confirmed before the drop goes again with the same id once the
    // replay is in; the server answers `duplicate` for what had already gone through.
    this.clearResend();
    this.resendTimer = this.timers.set(() => this.resend(), resendAfterMs);
  }

  disconnected(): void {
    this.joined = false;
  }

  private clearResend(): void {
    if (this.resendTimer !== undefined) this.timers.clear(this.resendTimer);
    this.resendTimer = undefined;
  }

  private resend(): void {
    this.resendTimer = undefined;
    if (!this.joined) return;
    this.outbox.forEach((out, id) => this.wire.send(this.frameFor(id, out)));
    // Written while offline: now on their way, once (the server drops a repeated id).
    if (this.queued.size > 0) {
      const n = this.queued.size;
      this.queued.clear();
      this.changes.emit({ type: 'queuedSent', n });
    }
  }

  // True while this say waits for the connection (written offline).
  isQueued(id: string): boolean {
    return this.queued.has(id);
  }

  private frameFor(id: string, out: Outgoing): object {
    if (out.kind === 'say') {
      return out.re !== undefined ? { type: 'say', room: this.id, text: out.text, id, re: out.re } : { type: 'say', room: this.id, text: out.text, id };
    }
    return { type: 'stamp', room: this.id, stamp: out.stamp, id, ...(out.on !== undefined ? { on: out.on } : {}) };
  }

  // ---- events ------------------------------------------------------------------------

  applyEvent(ev: RoomEvent): void {
    // Never show the same event twice, whatever the network did. Older ones asked for with
    // `earlier` wait for their end frame and go in at the top.
    if (ev.seq <= this.lastSeq) {
      if (this.earlierRef && ev.seq < oldestSeq(this.itemList, this.lastSeq) && !this.find(ev.seq)) {
        const item = earlierItem(ev);
        if (item) this.earlierBuf.push(item);
      }
      return;
    }
    this.lastSeq = ev.seq;
    if (ev.type === 'hidden') {
      this.push(this.tombstone(ev));
      return;
    }
    if (ev.type === 'hide') {
      const old = this.find(ev.target);
      if (old && old.kind !== 'tombstone' && old.kind !== 'note') {
        this.replace(ev.target, this.tombstone({ type: 'hidden', room: this.id, seq: ev.target, ts: old.ev.ts, reason: ev.reason }, old.ev));
      }
      return;
    }
    if (ev.type === 'unhide') {
      const m = ev.message;
      if (m && (m.type === 'message' || m.type === 'stamp') && this.find(ev.target)) {
        this.replace(ev.target, m.type === 'message' ? { kind: 'message', ev: m } : { kind: 'stamp', ev: m });
      }
      return;
    }
    const mine = this.mine.has(ev.from);
    if (mine && this.outbox.delete(ev.id)) {
      this.changes.emit({ type: 'pending', id: ev.id, added: false });
      // Writing is taking part: the server has switched us to talking, and so do we.
      if (ev.type === 'message' && this.listening) this.followListening(false);
    }
    this.push(ev.type === 'message' ? { kind: 'message', ev } : { kind: 'stamp', ev });
    const fromOther = !mine && !this.isHidden(ev.from);
    if (ev.seq <= this.joinedSeq) {
      // History or replay: do not read out every old line; say how many came while away.
      if (this.catchUpFrom >= 0 && ev.seq > this.catchUpFrom && fromOther) this.catchUpCount += 1;
      if (ev.seq === this.joinedSeq && this.catchUpCount > 0) {
        this.changes.emit({ type: 'announce', what: 'catchUp', n: this.catchUpCount });
        this.catchUpCount = 0;
      }
      return;
    }
    if (fromOther) this.changes.emit({ type: 'announce', what: 'live', ev });
  }

  private tombstone(ev: HiddenEvent, original?: Msg | StampEvent): Tombstone {
    const t: Tombstone = { kind: 'tombstone', seq: ev.seq, ts: ev.ts, reason: ev.reason, hiddenAt: this.now() };
    if (original) t.original = original;
    return t;
  }

  private replace(seq: number, item: Item): void {
    const i = this.itemList.findIndex((it) =>
      it.kind === 'tombstone' ? it.seq === seq : it.kind !== 'note' && it.ev.seq === seq);
    if (i < 0) return;
    this.itemList[i] = item;
    this.changes.emit({ type: 'replaced', seq, item });
  }

  applyGap(g: Gap): void {
    this.addNote({ kind: 'note', note: 'gap' });
    if (g.to > this.lastSeq) this.lastSeq = g.to;
  }

  applyPresence(p: Presence): void {
    this.presence = p;
    if (typeof p.staff === 'number') this.staff = p.staff;
    this.changes.emit({ type: 'presence' });
    this.checkReadOnly();
    // The replay is complete once presence follows it: resend now rather than wait.
    if (this.resendTimer !== undefined) {
      const waiting = this.outbox.size > 0;
      this.clearResend();
      if (waiting) this.resend();
    }
  }

  applyInfo(info: RoomInfo): void {
    this.info = info;
    if (typeof info.staff === 'number' && !this.presence) this.staff = info.staff;
    this.changes.emit({ type: 'status' });
    if (!this.presence) this.changes.emit({ type: 'presence' });
    this.checkReadOnly();
  }

  // Live room settings from a supporter (slow mode, lock, pause, pin, shield, ...).
  applyRoomState(r: RoomState): void {
    const next: RoomInfo = { ...this.info, state: r.state ?? this.info.state };
    if (typeof r.slow_mode_s === 'number') next.slow_mode_s = r.slow_mode_s;
    if (typeof r.shield === 'boolean') next.shield = r.shield;
    if (typeof r.supporter_present === 'boolean') next.supporter_present = r.supporter_present;
    if (typeof r.pin === 'string' && r.pin !== '') next.pin = r.pin;
    else delete next.pin;
    this.info = next;
    this.changes.emit({ type: 'status' });
    this.changes.emit({ type: 'seat' });
    this.checkReadOnly();
  }

  // A private notice, for this person only: from a supporter, or from the server itself
  // (contact details masked, a message not shown to others, a short pause after a flood).
  // Apart from reminders (each has its own words), a new notice replaces one of the same kind.
  applyNotice(n: Notice): void {
    if (n.kind === 'muted' && typeof n.until === 'number') this.mutedUntil = n.until;
    if (n.kind === 'not_shown' && this.keepNotShown(n.ref)) {
      // The own copy in the log says it; the notice is only read out.
      this.changes.emit({ type: 'notice', notice: n });
      return;
    }
    const old = n.kind === 'reminder' ? undefined : this.notices.find((x) => x.kind === n.kind);
    if (old) this.notices = this.notices.filter((x) => x !== old);
    this.notices.push(n);
    if (this.notices.length > 5) this.notices.shift();
    this.changes.emit(old ? { type: 'notice', notice: n, replaces: old } : { type: 'notice', notice: n });
  }

  // A say that went to nobody else (a word the organisers hide): no `message` comes back for
  // it, so its pending copy becomes a line of the log, marked, that only this person sees.
  private keepNotShown(ref: string | undefined): boolean {
    const out = ref ? this.outbox.get(ref) : undefined;
    if (!ref || !out || out.kind !== 'say') return false;
    this.outbox.delete(ref);
    this.changes.emit({ type: 'pending', id: ref, added: false });
    this.push({ kind: 'note', note: 'notShown', id: ref, text: out.text, ts: this.now() });
    return true;
  }

  // The help card (issue 12): a new one replaces the one shown; closing it forgets it.
  applyHelpCard(c: HelpCard): void {
    const lines = Array.isArray(c.lines) ? c.lines.filter((l) => l && typeof l === 'object' && l.name).slice(0, 3) : [];
    this.helpCard = { ...c, on_duty: c.on_duty === true, lines };
    this.changes.emit({ type: 'helpCard', card: this.helpCard });
  }

  dismissHelpCard(): void {
    if (!this.helpCard) return;
    this.helpCard = null;
    this.changes.emit({ type: 'helpCard', card: null });
  }

  dismissNotice(n: Notice): void {
    this.notices = this.notices.filter((x) => x !== n);
  }

  private checkReadOnly(): void {
    const ro = this.readOnly;
    if (ro === this.wasReadOnly) return;
    this.wasReadOnly = ro;
    this.changes.emit({ type: 'readOnly', readOnly: ro });
  }

  // `reason`: the `left` frame's reason (`removed`, `banned`; absent when the room closed).
  leftByServer(reason?: string): void {
    this.joined = false;
    this.closed = true;
    this.changes.emit({ type: 'status' });
    this.addNote({ kind: 'note', note: 'left', reason });
  }

  // An error that answers something we sent (its `ref` is in our outbox, or our `earlier`).
  ownsRef(ref: string | undefined): boolean {
    return !!ref && (this.outbox.has(ref) || ref === this.earlierRef);
  }

  applySendError(e: ErrorFrame): void {
    const ref = e.ref as string;
    if (ref === this.earlierRef) {
      this.endEarlier('failed');
      return;
    }
    const out = this.outbox.get(ref);
    if (this.outbox.delete(ref)) this.changes.emit({ type: 'pending', id: ref, added: false });
    if (!out || e.code === 'duplicate') return; // already delivered: the replay shows it
    if (e.code === 'muted' && e.retry_after_ms) this.mutedUntil = this.now() + e.retry_after_ms;
    if (e.code === 'no_supporter') {
      // The server knows better than our last count: nobody is here to look after the room.
      this.staff = 0;
      this.info = { ...this.info, supporter_present: true };
      this.checkReadOnly();
    }
    this.changes.emit({
      type: 'sendError', code: e.code, retryAfterMs: e.retry_after_ms,
      restore: out.kind === 'say' ? out.text : undefined,
      until: e.code === 'muted' ? this.mutedUntil : undefined,
    });
    if (e.code === 'not_in_room') this.changes.emit({ type: 'rejoinNeeded' });
  }

  // ---- what the person does ----------------------------------------------------------

  // `re` (issue 13): the seq of the message this one quotes. Offline, the say is kept (memory
  // only) and goes by itself with the rest of the outbox once the room is joined again.
  say(text: string, re?: number): SendResult {
    const out: Outgoing = re !== undefined ? { kind: 'say', text, re } : { kind: 'say', text };
    const id = newId('m');
    if (!this.closed && this.member !== '' && (!this.joined || !this.wire.ready())) {
      this.outbox.set(id, out);
      this.queued.add(id);
      this.changes.emit({ type: 'pending', id, added: true });
      return 'queued';
    }
    return this.queue(id, out);
  }

  // ---- issue 13: earlier history, the "new since" line -------------------------------

  // The message with this seq, for a quote: its nick and text, or null when not in the log.
  quoted(seq: number): { nick: string; text: string } | null {
    const it = this.find(seq);
    return it && it.kind === 'message' ? { nick: it.ev.nick, text: it.ev.text } : null;
  }

  canLoadEarlier(): boolean {
    return oldestSeq(this.itemList, this.lastSeq) > 1 && (this.earlierState === 'idle' || this.earlierState === 'more' || this.earlierState === 'failed');
  }

  // Asks for up to 50 events before the oldest one held; false when not connected.
  loadEarlier(): boolean {
    if (!this.canLoadEarlier() || !this.joined || !this.wire.ready()) return false;
    this.earlierRef = newId('e');
    this.earlierBuf = [];
    this.earlierState = 'loading';
    this.wire.send({ type: 'earlier', room: this.id, before: oldestSeq(this.itemList, this.lastSeq), id: this.earlierRef });
    this.changes.emit({ type: 'earlier' });
    return true;
  }

  applyEarlierEnd(m: EarlierEnd): void {
    if (!this.earlierRef || m.ref !== this.earlierRef) return;
    const items = this.earlierBuf.sort((a, b) => seqOf(a) - seqOf(b));
    this.earlierBuf = [];
    this.earlierRef = '';
    this.keptS = m.kept_s;
    if (items.length > 0) {
      this.itemList.unshift(...items);
      this.changes.emit({ type: 'prepended', items });
    }
    this.earlierState = earlierStateAfter(m.more, oldestSeq(this.itemList, this.lastSeq));
    this.changes.emit({ type: 'earlier' });
  }

  private endEarlier(state: EarlierState): void {
    this.earlierRef = '';
    this.earlierBuf = [];
    this.earlierState = state;
    this.changes.emit({ type: 'earlier' });
  }

  // The room's screen is left (another room, the list): remember what was seen.
  screenLeft(): void {
    this.seenSeq = this.lastSeq;
    this.dividerAfter = -1;
  }

  // The room's screen is shown again: what came meanwhile is "new since you were here".
  screenShown(): void {
    if (this.seenSeq >= 0 && this.lastSeq > this.seenSeq) this.markDivider(this.seenSeq);
    this.seenSeq = -1;
  }

  private markDivider(after: number): void {
    this.dividerAfter = after;
    this.changes.emit({ type: 'divider' });
  }

  stamp(stamp: StampKey, on?: number): SendResult {
    return this.queue(newId('s'), on !== undefined ? { kind: 'stamp', stamp, on } : { kind: 'stamp', stamp });
  }

  private queue(id: string, out: Outgoing): SendResult {
    if (!this.joined || !this.wire.ready()) return 'not_connected';
    this.outbox.set(id, out);
    this.wire.send(this.frameFor(id, out));
    this.changes.emit({ type: 'pending', id, added: true });
    return 'sent';
  }

  setListening(listening: boolean): void {
    if (listening === this.listening) return;
    this.listening = listening;
    if (this.joined) this.wire.send({ type: 'status', room: this.id, listening });
    this.changes.emit({ type: 'seat' });
    this.changes.emit({ type: 'listening', listening, byUser: true });
  }

  // The server decided (joined, or writing made us a talker): follow it without asking.
  private followListening(listening: boolean): void {
    this.listening = listening;
    this.changes.emit({ type: 'listening', listening, byUser: false });
    this.changes.emit({ type: 'seat' });
  }

  // Hiding a person is for oneself only: nothing is sent.
  hide(member: string, nick: string): void {
    this.hiddenMap[member] = nick;
    this.hiddenStore?.save(this.id, this.hiddenMap);
    this.changes.emit({ type: 'items' });
    this.changes.emit({ type: 'presence' });
    this.addNote({ kind: 'note', note: 'hidden', member, nick });
  }

  unhide(member: string): void {
    delete this.hiddenMap[member];
    this.hiddenStore?.save(this.id, this.hiddenMap);
    this.changes.emit({ type: 'items' });
    this.changes.emit({ type: 'presence' });
  }

  // The seat is given up (left, or the page is going): no more timers. Says still waiting
  // for the connection are dropped with it (they were only ever in memory).
  dispose(): void {
    this.clearResend();
    this.joined = false;
  }

  private addNote(note: Item): void {
    this.push(note);
  }

  private push(item: Item): void {
    this.itemList.push(item);
    let dropped = false;
    if (this.itemList.length > maxItems) {
      this.itemList.shift();
      dropped = true;
    }
    this.changes.emit({ type: 'item', item, dropped });
  }
}

function seqOf(it: Item): number {
  return it.kind === 'tombstone' ? it.seq : it.kind === 'note' ? 0 : it.ev.seq;
}
