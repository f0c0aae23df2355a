// The session's rooms, with no DOM: the room list, one RoomStore per seat (the server lets a
// session sit in several rooms at once), the joins still waiting for an answer, and the routing
// of every server message to the room it is about. Seats are saved through a port so a reload
// can come back into them.

import { ErrorFrame, Joined, ReportReason, Role, RoomInfo, ServerMessage } from '../protocol';
import { Emitter, Timers, Wire, realTimers } from './emitter';
import { PrivateWord } from './private-word';
import { Outcome, Requests } from './requests';
import { HiddenStore, RoomStore, SeatOptions } from './room-store';

export interface SavedSeat extends SeatOptions {
  info: RoomInfo;
}

export interface SeatStore {
  load(): SavedSeat[] | null;
  save(seats: SavedSeat[]): void;
}

export type SessionChange =
  | { type: 'rooms' } // a fresh room list
  | { type: 'joined'; room: string; fresh: boolean } // fresh: a seat opened by this join
  | { type: 'joinFailed'; room: string; code: string; retryAfterMs?: number; suggestions?: string[] }
  | { type: 'held'; room: string } // the room's shield is on: a supporter lets us in
  | { type: 'role'; role: Role; reason?: string }; // the server says who this session is

// Errors that answer a `join` (they carry no room: the oldest join waiting is the one).
export const joinErrorCodes = [
  'room_full', 'room_locked', 'room_closed', 'bad_nick', 'no_such_room', 'service_degraded',
  'affirmation_required', 'already_in_room', 'banned', 'removed', 'forbidden',
  'wrong_room', // issue 14: the other room of a paired event this session is already in
  'nickname_taken', // issue 13: carries its room and free nicknames
];

interface PendingJoin {
  room: string;
  frame: Record<string, unknown>;
  // A fresh join carries what the seat starts from; a rejoin has its RoomStore already.
  fresh?: SavedSeat;
  // Left before the answer came: the answer is still awaited (answers come in order and join
  // errors name no room), but it opens nothing.
  abandoned?: boolean;
}

export class SessionStore {
  readonly changes = new Emitter<SessionChange>();
  // Every server message, before it is routed (the staff screens listen here).
  readonly frames = new Emitter<ServerMessage>();
  readonly requests: Requests;
  readonly privateWord: PrivateWord;
  rooms: RoomInfo[] | null = null;
  role: Role = 'participant';

  private readonly seats = new Map<string, RoomStore>();
  private pendingJoins: PendingJoin[] = [];
  private readonly leaving = new Set<string>();

  // Issue 13: the newest seq seen in each room left during this visit (memory only).
  private readonly seenSeqs = new Map<string, number>();

  constructor(
    private readonly wire: Wire,
    private readonly seatStore: SeatStore | null = null,
    private readonly hiddenStore: HiddenStore | null = null,
    private readonly timers: Timers = realTimers,
  ) {
    this.requests = new Requests(wire, timers);
    this.privateWord = new PrivateWord(wire, this.requests, () => this.role !== 'participant');
  }

  // Tells the room's supporters about a message (the reporter is never named to anyone).
  report(room: string, seq: number, reason: ReportReason, note?: string): Promise<Outcome> {
    const frame: Record<string, unknown> = { type: 'report', room, seq, reason };
    if (note && note.trim() !== '') frame.note = note.trim().slice(0, 300);
    return this.requests.send(frame);
  }

  room(id: string): RoomStore | undefined {
    return this.seats.get(id);
  }

  // Every room this session has a seat in, in the order they were opened.
  openRooms(): RoomStore[] {
    return Array.from(this.seats.values());
  }

  isJoining(room: string): boolean {
    return this.pendingJoins.some((p) => p.room === room && !p.abandoned);
  }

  // ---- what the person does ----------------------------------------------------------

  // Asks to join; the seat opens when `joined` comes back (sent now, or on the next welcome).
  join(info: RoomInfo, seat: SeatOptions): void {
    const frame: Record<string, unknown> = { type: 'join', room: info.id, nick: seat.nick, listening: seat.listening };
    if (seat.affirmed) frame.affirm = true;
    this.pendingJoins.push({ room: info.id, frame, fresh: { info, ...seat } });
    this.wire.send(frame);
  }

  // Opens the seats saved before a reload; each joins again when the connection is ready.
  restore(): RoomStore[] {
    for (const s of this.seatStore?.load() ?? []) {
      if (!s?.info?.id || this.seats.has(s.info.id)) continue;
      this.add(new RoomStore(this.wire, s.info, s, this.hiddenStore, this.timers));
    }
    return this.openRooms();
  }

  // Joins a room of ours again now (after `not_in_room`), when connected.
  rejoin(id: string): void {
    const store = this.seats.get(id);
    if (!store || !this.wire.ready()) return;
    this.pendingJoins.push({ room: id, frame: store.joinFrame() });
    this.wire.send(store.joinFrame());
  }

  // Leaves a room: tells the server, and forgets the seat and any join still waiting.
  leave(id: string): void {
    this.leaving.add(id);
    this.wire.send({ type: 'leave', room: id });
    for (const p of this.pendingJoins) {
      if (p.room === id) {
        p.abandoned = true;
        p.fresh = undefined;
      }
    }
    this.forget(id);
  }

  // Forgets a seat the server already ended (no `leave` to send).
  forget(id: string): void {
    const store = this.seats.get(id);
    if (!store) return;
    // Issue 13: where the person was, for "new since you were here" if they come back.
    if (store.lastSeq > 0) this.seenSeqs.set(id, store.lastSeq);
    store.dispose();
    this.seats.delete(id);
    this.persist();
  }

  // Lets go of every seat without forgetting what is saved (another tab took over, or the
  // page is going): a reload or "continue here" restores them.
  closeAll(): void {
    this.seats.forEach((s) => s.dispose());
    this.seats.clear();
    this.pendingJoins = [];
  }

  // ---- the connection ----------------------------------------------------------------

  // A welcome arrived: every seat joins again (with `since`), and waiting joins go again.
  ready(): void {
    const fresh = this.pendingJoins.filter((p) => p.fresh && !p.abandoned && !this.seats.has(p.room));
    this.pendingJoins = [];
    this.seats.forEach((store) => this.pendingJoins.push({ room: store.id, frame: store.joinFrame() }));
    this.pendingJoins.push(...fresh);
    for (const p of this.pendingJoins) this.wire.send(p.frame);
  }

  disconnected(): void {
    this.seats.forEach((s) => s.disconnected());
    this.requests.disconnected();
  }

  apply(m: ServerMessage): void {
    this.frames.emit(m);
    // An answer to a request of ours (done, standing, or an error with its ref).
    if ((m.type === 'done' || m.type === 'standing' || m.type === 'preview' || m.type === 'error') && this.requests.answer(m)) return;
    if (this.privateWord.apply(m)) return;
    switch (m.type) {
      case 'welcome':
      case 'role':
        if (m.role && m.role !== this.role) {
          this.role = m.role;
          this.changes.emit({ type: 'role', role: m.role, reason: m.type === 'role' ? m.reason : undefined });
        }
        break;
      case 'hidden':
      case 'hide':
      case 'unhide':
        this.seats.get(m.room)?.applyEvent(m);
        break;
      case 'notice':
        this.seats.get(m.room)?.applyNotice(m);
        break;
      case 'help_card':
        this.seats.get(m.room)?.applyHelpCard(m);
        break;
      case 'room_state':
        this.seats.get(m.room)?.applyRoomState(m);
        if (this.rooms) {
          this.rooms = this.rooms.map((r) => (r.id === m.room ? { ...r, state: m.state, slow_mode_s: m.slow_mode_s ?? r.slow_mode_s } : r));
        }
        break;
      case 'held':
        this.changes.emit({ type: 'held', room: m.room });
        break;
      case 'room_list':
        // Pages follow one another: a first page starts the list afresh, later ones extend it.
        this.rooms = m.after && this.rooms ? [...this.rooms, ...m.rooms] : m.rooms;
        for (const info of m.rooms) this.seats.get(info.id)?.applyInfo(info);
        if (m.next) this.wire.send({ type: 'rooms', after: m.next });
        this.changes.emit({ type: 'rooms' });
        break;
      case 'joined':
        this.onJoined(m);
        break;
      case 'message':
      case 'stamp':
        this.seats.get(m.room)?.applyEvent(m);
        break;
      case 'presence':
        this.seats.get(m.room)?.applyPresence(m);
        break;
      case 'gap':
        this.seats.get(m.room)?.applyGap(m);
        break;
      case 'earlier':
        this.seats.get(m.room)?.applyEarlierEnd(m);
        break;
      case 'left':
        if (this.leaving.delete(m.room)) break;
        this.seats.get(m.room)?.leftByServer(m.reason);
        break;
      case 'error':
        this.onError(m);
        break;
      default:
        break;
    }
  }

  private onJoined(m: Joined): void {
    const i = this.pendingJoins.findIndex((p) => p.room === m.room);
    const pj = i >= 0 ? this.pendingJoins.splice(i, 1)[0] : undefined;
    const store = this.seats.get(m.room);
    if (store) {
      store.applyJoined(m);
      this.changes.emit({ type: 'joined', room: m.room, fresh: false });
      return;
    }
    if (pj?.fresh) {
      const opened = new RoomStore(this.wire, pj.fresh.info, pj.fresh, this.hiddenStore, this.timers);
      opened.seenBefore = this.seenSeqs.get(m.room) ?? 0;
      this.add(opened);
      opened.applyJoined(m);
      this.changes.emit({ type: 'joined', room: m.room, fresh: true });
      return;
    }
    // Joined a room nobody here wants any more (the person moved on): leave it quietly.
    this.leaving.add(m.room);
    this.wire.send({ type: 'leave', room: m.room });
  }

  private onError(e: ErrorFrame): void {
    for (const store of this.seats.values()) {
      if (store.ownsRef(e.ref)) {
        store.applySendError(e);
        return;
      }
    }
    if (this.pendingJoins.length === 0 || !joinErrorCodes.includes(e.code)) return;
    // An error naming its room answers that room's join; the others answer the oldest.
    const at = e.room !== undefined ? this.pendingJoins.findIndex((p) => p.room === e.room) : 0;
    if (at < 0) return;
    const pj = this.pendingJoins.splice(at, 1)[0] as PendingJoin;
    if (pj.abandoned || e.code === 'already_in_room') return; // nothing to do
    const store = this.seats.get(pj.room);
    if (!pj.fresh && store) {
      store.leftByServer();
      return;
    }
    const failed: SessionChange = { type: 'joinFailed', room: pj.room, code: e.code };
    if (e.retry_after_ms !== undefined) failed.retryAfterMs = e.retry_after_ms;
    if (Array.isArray(e.suggestions)) failed.suggestions = e.suggestions.filter((s) => typeof s === 'string');
    this.changes.emit(failed);
  }

  private add(store: RoomStore): void {
    this.seats.set(store.id, store);
    store.changes.on((c) => {
      if (c.type === 'seat') this.persist();
      else if (c.type === 'rejoinNeeded') this.rejoin(store.id);
    });
    this.persist();
  }

  private persist(): void {
    this.seatStore?.save(this.openRooms().map((s) => ({ info: s.info, ...s.seat() })));
  }
}
