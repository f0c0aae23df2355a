// The supporter's queues, with no DOM: open reports and waiting asks of their rooms (from the
// socket's `queue`, `report`, `ask`, `ask_taken` and the HTTP lists), reviews of mutes that
// lifted, joiners held by the shield, and the alerts that stand out on screen. How long each
// item has waited is computed from `created_ms` and the injected clock.
// Issue 12: the safety alerts (`alert`, kind crisis or word; `alert_closed` when someone took
// one), answered with "reach out" (a private word with the writer) or "seen".

import { Ask, Report, SafetyAlert, ServerMessage, Waiting } from '../../protocol';
import { Emitter } from '../../state/emitter';
import { PrivateWord } from '../../state/private-word';
import { Outcome, Requests } from '../../state/requests';
import { ApiAnswer } from './api';

export interface ReviewItem { room: string; member: string; nick: string; action: string; reason?: string; at: number }

export type AlertKind = 'report' | 'ask' | 'review' | 'waiting';
export interface Alert { id: number; kind: AlertKind; room: string; at: number; key: string }

// A safety alert as the strip shows it. No text: staff read the room. `closed`: someone (here
// or elsewhere) answered it; it stays, greyed, until dismissed.
export interface SafetyItem {
  id: string; kind: 'crisis' | 'word'; room: string; seq: number | null; member: string; nick: string;
  at: number; escalated: boolean; closed: { by: string; action: string } | null;
}

export type QueueChange =
  | { type: 'queue' }
  | { type: 'alert'; alert: Alert }
  | { type: 'safety'; alert: SafetyItem }; // a new safety alert, or one that was escalated

const maxSafety = 30;

export class StaffQueues {
  readonly changes = new Emitter<QueueChange>();
  private readonly reportMap = new Map<string, Report>();
  private readonly askMap = new Map<string, Ask>();
  reviews: ReviewItem[] = [];
  held: Waiting[] = [];
  alerts: Alert[] = [];
  private alertSeq = 0;
  private readonly safetyMap = new Map<string, SafetyItem>();

  // word: the session's private word, told which thread a "reach out" will open.
  constructor(
    private readonly requests: Requests,
    private readonly now: () => number = Date.now,
    private readonly word: PrivateWord | null = null,
  ) {}

  // Safety alerts: open ones first, crisis before word, escalated first, then oldest first.
  safety(room?: string): SafetyItem[] {
    const rank = (a: SafetyItem) => (a.closed ? 4 : 0) + (a.kind === 'crisis' ? 0 : 2) + (a.escalated ? 0 : 1);
    return Array.from(this.safetyMap.values())
      .filter((a) => !room || a.room === room)
      .sort((a, b) => rank(a) - rank(b) || a.at - b.at);
  }

  reports(room?: string): Report[] {
    return sortByAge(Array.from(this.reportMap.values()).filter((r) => !room || r.room === room));
  }

  asks(room?: string): Ask[] {
    return sortByAge(Array.from(this.askMap.values()).filter((a) => !room || a.room === room));
  }

  // How long it has waited, in whole minutes (0 for under a minute).
  waitedMin(item: { created_ms: number }): number {
    return Math.max(0, Math.floor((this.now() - item.created_ms) / 60000));
  }

  // ---- from the socket ---------------------------------------------------------------

  apply(m: ServerMessage): void {
    switch (m.type) {
      case 'queue':
        for (const r of m.reports ?? []) this.reportMap.set(r.id, r);
        for (const a of m.asks ?? []) this.askMap.set(a.id, a);
        this.changes.emit({ type: 'queue' });
        break;
      case 'report':
        if (!m.report?.id) break;
        if (!this.reportMap.has(m.report.id)) this.alert('report', m.report.room, m.report.id);
        this.reportMap.set(m.report.id, m.report);
        this.changes.emit({ type: 'queue' });
        break;
      case 'ask':
        if (!m.ask?.id) break;
        if (!this.askMap.has(m.ask.id)) this.alert('ask', m.ask.room, m.ask.id);
        this.askMap.set(m.ask.id, m.ask);
        this.changes.emit({ type: 'queue' });
        break;
      case 'ask_taken':
        if (this.askMap.delete(m.ask)) this.changes.emit({ type: 'queue' });
        break;
      case 'review':
        this.reviews.push({ room: m.room, member: m.member, nick: m.nick, action: m.action, reason: m.reason, at: this.now() });
        this.alert('review', m.room, m.member);
        this.changes.emit({ type: 'queue' });
        break;
      case 'waiting':
        this.held = this.held.filter((w) => !(w.room === m.room && w.member === m.member)).concat([m]);
        this.alert('waiting', m.room, m.member);
        this.changes.emit({ type: 'queue' });
        break;
      case 'alert':
        this.safetyAlert(m);
        break;
      case 'alert_closed': {
        const a = this.safetyMap.get(m.alert);
        if (!a) break;
        a.closed = { by: m.by ?? '', action: m.action ?? 'ack' };
        this.changes.emit({ type: 'queue' });
        break;
      }
      default:
        break;
    }
  }

  // ---- from HTTP (GET /api/reports?room=, GET /api/asks?room=) -------------------------

  loadReports(a: ApiAnswer): void {
    const list = listOf<Report>(a, 'reports');
    for (const r of list) this.reportMap.set(r.id, r);
    if (list.length > 0) this.changes.emit({ type: 'queue' });
  }

  loadAsks(a: ApiAnswer): void {
    const list = listOf<Ask>(a, 'asks');
    for (const x of list) this.askMap.set(x.id, x);
    if (list.length > 0) this.changes.emit({ type: 'queue' });
  }

  // ---- what the supporter does -------------------------------------------------------

  async resolve(report: string, outcome: 'resolved' | 'dismissed', reason: string): Promise<Outcome> {
    const o = await this.requests.send({ type: 'resolve_report', report, outcome, reason });
    // Gone already (another supporter resolved it) counts as done here too.
    if (o.ok || o.code === 'no_such_report') {
      this.reportMap.delete(report);
      this.changes.emit({ type: 'queue' });
    }
    return o;
  }

  // Accepting opens the thread (private_open); the ask leaves the queue either way.
  takeAsk(ask: string): void {
    if (this.askMap.delete(ask)) this.changes.emit({ type: 'queue' });
  }

  admitted(room: string, member: string): void {
    this.held = this.held.filter((w) => !(w.room === room && w.member === member));
    this.changes.emit({ type: 'queue' });
  }

  dismissReview(r: ReviewItem): void {
    this.reviews = this.reviews.filter((x) => x !== r);
    this.changes.emit({ type: 'queue' });
  }

  // Reach out: the server acknowledges the alert and opens a private word with the writer (both
  // sides get `private_open`; this session's screen opens it). Gone already counts as gone.
  async reachOut(id: string): Promise<Outcome> {
    const a = this.safetyMap.get(id);
    if (!a) return { ok: false, code: 'no_such_alert' };
    this.word?.expectOpen(a.room, a.member);
    const o = await this.requests.send({ type: 'reach_out', alert: id });
    if (!o.ok) this.word?.unexpect(a.room, a.member);
    if (o.ok || o.code === 'no_such_alert') this.dropSafety(id);
    return o;
  }

  // "Seen": acknowledged, with nothing more to do here.
  async ackAlert(id: string): Promise<Outcome> {
    if (!this.safetyMap.has(id)) return { ok: false, code: 'no_such_alert' };
    const o = await this.requests.send({ type: 'ack_alert', alert: id });
    if (o.ok || o.code === 'no_such_alert') this.dropSafety(id);
    return o;
  }

  // Takes away a safety alert that someone else answered (nothing is sent).
  dismissSafety(id: string): void {
    this.dropSafety(id);
  }

  dismissAlert(id: number): void {
    this.alerts = this.alerts.filter((a) => a.id !== id);
    this.changes.emit({ type: 'queue' });
  }

  // Open reports and waiting asks per room, for "my rooms".
  counts(room: string): { reports: number; asks: number; held: number } {
    return {
      reports: this.reports(room).length,
      asks: this.asks(room).length,
      held: this.held.filter((w) => w.room === room).length,
    };
  }

  // Safety alerts of a room nobody has answered yet.
  openSafety(room: string): number {
    return this.safety(room).filter((a) => !a.closed).length;
  }

  private safetyAlert(m: SafetyAlert): void {
    if (typeof m.alert !== 'string' || m.alert === '') return;
    const old = this.safetyMap.get(m.alert);
    const escalated = m.escalated === true;
    const item: SafetyItem = {
      id: m.alert, kind: m.kind === 'crisis' ? 'crisis' : 'word', room: m.room,
      seq: typeof m.seq === 'number' ? m.seq : null, member: m.member, nick: m.nick,
      at: typeof m.at === 'number' ? m.at : this.now(), escalated: escalated || old?.escalated === true,
      closed: old?.closed ?? null,
    };
    this.safetyMap.set(item.id, item);
    if (this.safetyMap.size > maxSafety) {
      // Keep the open ones: the oldest answered one goes first, else the oldest.
      const list = Array.from(this.safetyMap.values());
      const drop = list.find((a) => a.closed) ?? list[0];
      this.safetyMap.delete(drop.id);
    }
    this.changes.emit({ type: 'queue' });
    // Sound and vibration (when switched on) for a new alert, and again when it is escalated.
    if (!old || (escalated && !old.escalated)) this.changes.emit({ type: 'safety', alert: item });
  }

  private dropSafety(id: string): void {
    if (this.safetyMap.delete(id)) this.changes.emit({ type: 'queue' });
  }

  private alert(kind: AlertKind, room: string, key: string): void {
    this.alertSeq += 1;
    const a: Alert = { id: this.alertSeq, kind, room, at: this.now(), key };
    this.alerts.push(a);
    if (this.alerts.length > 20) this.alerts.shift();
    this.changes.emit({ type: 'alert', alert: a });
  }
}

function sortByAge<T extends { created_ms: number }>(list: T[]): T[] {
  return list.sort((a, b) => a.created_ms - b.created_ms);
}

function listOf<T>(a: ApiAnswer, key: string): T[] {
  if (a.status !== 200 || !a.body) return [];
  const v = Array.isArray(a.body) ? a.body : a.body[key];
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object' && typeof x.id === 'string') as T[]) : [];
}
