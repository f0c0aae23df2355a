// The organiser's HTTP API (issue14-spec.md, docs/api.md) with no DOM: one organisation's
// rooms, events, help entries; the staff accounts, invitations and the audit log of the
// caller's organisation. Every record read keeps its ETag so a save sends If-Match, and every
// answer becomes a Result that says what happened: the value, or the code, the field at fault
// and the status (a 412 is `stale`, never retried on its own).

import { ApiAnswer, errorCode, Method } from './api';
import {
  AuditEntry, HelpEntry, OrgEvent, OrgRoom, readAudit, readEvent, readHelpEntry, readRoom, readStaff, StaffAccount, text2, Text2,
} from './org-records';

// StaffSession#call: the bearer token is added there, and a 401 signs out calmly.
export type Caller = (method: Method, path: string, body?: unknown, headers?: Record<string, string>) => Promise<ApiAnswer>;

export interface Failure {
  ok: false;
  status: number; // 0: the network failed
  code: string; // bad_request, conflict, precondition_failed, not_found, forbidden, ...
  field?: string; // the request field at fault (rooms[1].side), when the server names one
  message?: string; // the server's own sentence (a 409 names the other event)
}
export type Result<T> = { ok: true; value: T; etag: string } | Failure;

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface Org {
  id: string;
  name: Text2;
  zone: string;
}

export interface Invitation {
  code: string;
  link: string;
  expires_ms: number;
}

export function failure(a: ApiAnswer): Failure {
  const e = a.body?.error;
  const o = e && typeof e === 'object' ? (e as Record<string, unknown>) : {};
  const code = a.status === 412 ? 'precondition_failed' : errorCode(a) === 'error' ? statusCode(a.status) : errorCode(a);
  return {
    ok: false, status: a.status, code,
    field: typeof o.field === 'string' ? o.field : undefined,
    message: typeof o.message === 'string' ? o.message : undefined,
  };
}

function statusCode(status: number): string {
  switch (status) {
    case 400: return 'bad_request';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 409: return 'conflict';
    case 503: return 'service_degraded';
    default: return 'error';
  }
}

const ok2xx = (a: ApiAnswer) => a.status >= 200 && a.status < 300;
const enc = encodeURIComponent;

// A record answer may be the record itself or wrap it (`{"room":{...}}`): both are read.
function unwrap(body: Record<string, unknown> | null, key: string): unknown {
  if (!body) return {};
  const inner = body[key];
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? inner : body;
}

// A list answer: `{"items":[...],"next":…}` (issue 14), or an older endpoint's own key.
function readPage<T>(body: Record<string, unknown> | null, read: (v: unknown) => T, legacyKey?: string, legacyNext?: string): Page<T> {
  const raw = body?.items ?? (legacyKey ? body?.[legacyKey] : undefined);
  const items = Array.isArray(raw) ? raw.map(read) : [];
  const n = body?.next ?? (legacyNext ? body?.[legacyNext] : undefined);
  return { items, next: typeof n === 'string' && n !== '' ? n : null };
}

export class OrgApi {
  constructor(private readonly call: Caller, readonly org: string) {}

  private base(): string {
    return `/api/orgs/${enc(this.org)}`;
  }

  async get<T>(path: string, read: (v: unknown) => T, key: string): Promise<Result<T>> {
    const a = await this.call('GET', path);
    return ok2xx(a) ? { ok: true, value: read(unwrap(a.body, key)), etag: a.etag ?? '' } : failure(a);
  }

  // POST (create) or PUT (update, with If-Match when an ETag is known).
  async send<T>(method: 'POST' | 'PUT', path: string, body: unknown, read: (v: unknown) => T, key: string, etag?: string): Promise<Result<T>> {
    const a = await this.call(method, path, body, etag ? { 'If-Match': etag } : undefined);
    return ok2xx(a) ? { ok: true, value: read(unwrap(a.body, key)), etag: a.etag ?? '' } : failure(a);
  }

  async remove(path: string, etag?: string): Promise<Result<null>> {
    const a = await this.call('DELETE', path, undefined, etag ? { 'If-Match': etag } : undefined);
    return ok2xx(a) || a.status === 404 ? { ok: true, value: null, etag: '' } : failure(a);
  }

  async page<T>(path: string, read: (v: unknown) => T, opts: { limit?: number; after?: string | null; query?: Record<string, string> } = {},
    legacyKey?: string, legacyNext?: string): Promise<Result<Page<T>>> {
    const q: string[] = [];
    for (const k of Object.keys(opts.query ?? {})) if (opts.query?.[k]) q.push(`${k}=${enc(opts.query[k])}`);
    if (opts.limit) q.push(`limit=${opts.limit}`);
    if (opts.after) q.push(`after=${enc(opts.after)}`);
    const a = await this.call('GET', path + (q.length ? '?' + q.join('&') : ''));
    return ok2xx(a) ? { ok: true, value: readPage(a.body, read, legacyKey, legacyNext), etag: a.etag ?? '' } : failure(a);
  }

  // Every page, for lists an organiser sees whole (rooms, events, help: tens, not thousands).
  async all<T>(path: string, read: (v: unknown) => T, legacyKey?: string, maxPages = 20): Promise<Result<T[]>> {
    const items: T[] = [];
    let after: string | null = null;
    for (let i = 0; i < maxPages; ++i) {
      const r: Result<Page<T>> = await this.page(path, read, { limit: 100, after }, legacyKey);
      if (!r.ok) return r;
      items.push(...r.value.items);
      if (!r.value.next || r.value.next === after) break;
      after = r.value.next;
    }
    return { ok: true, value: items, etag: '' };
  }

  // ---- the organisation ---------------------------------------------------------------
  organisation(): Promise<Result<Org>> {
    return this.get(this.base(), (v) => {
      const o = (v ?? {}) as Record<string, unknown>;
      return { id: String(o.id ?? this.org), name: text2(o.name), zone: typeof o.zone === 'string' && o.zone ? o.zone : 'Asia/Tokyo' };
    }, 'org');
  }

  // ---- rooms --------------------------------------------------------------------------
  rooms(): Promise<Result<OrgRoom[]>> {
    return this.all(`${this.base()}/rooms`, readRoom, 'rooms');
  }
  room(id: string): Promise<Result<OrgRoom>> {
    return this.get(`${this.base()}/rooms/${enc(id)}`, readRoom, 'room');
  }
  createRoom(body: unknown): Promise<Result<OrgRoom>> {
    return this.send('POST', `${this.base()}/rooms`, body, readRoom, 'room');
  }
  updateRoom(id: string, body: unknown, etag: string): Promise<Result<OrgRoom>> {
    return this.send('PUT', `${this.base()}/rooms/${enc(id)}`, body, readRoom, 'room', etag);
  }
  deleteRoom(id: string, etag?: string): Promise<Result<null>> {
    return this.remove(`${this.base()}/rooms/${enc(id)}`, etag);
  }

  // ---- events -------------------------------------------------------------------------
  events(): Promise<Result<OrgEvent[]>> {
    return this.all(`${this.base()}/events`, readEvent, 'events');
  }
  event(id: string): Promise<Result<OrgEvent>> {
    return this.get(`${this.base()}/events/${enc(id)}`, readEvent, 'event');
  }
  createEvent(body: unknown): Promise<Result<OrgEvent>> {
    return this.send('POST', `${this.base()}/events`, body, readEvent, 'event');
  }
  updateEvent(id: string, body: unknown, etag: string): Promise<Result<OrgEvent>> {
    return this.send('PUT', `${this.base()}/events/${enc(id)}`, body, readEvent, 'event', etag);
  }
  deleteEvent(id: string, etag?: string): Promise<Result<null>> {
    return this.remove(`${this.base()}/events/${enc(id)}`, etag);
  }
  // One occurrence, named by its start (RFC 3339 UTC).
  cancelOccurrence(id: string, start: string, undo = false): Promise<Result<OrgEvent>> {
    return this.send('POST', `${this.base()}/events/${enc(id)}/${undo ? 'uncancel' : 'cancel'}`, { start }, readEvent, 'event');
  }

  // ---- help directory -------------------------------------------------------------------
  helpEntries(): Promise<Result<HelpEntry[]>> {
    return this.all(`${this.base()}/help`, readHelpEntry, 'entries');
  }
  helpEntry(id: string): Promise<Result<HelpEntry>> {
    return this.get(`${this.base()}/help/${enc(id)}`, readHelpEntry, 'entry');
  }
  createHelpEntry(body: unknown): Promise<Result<HelpEntry>> {
    return this.send('POST', `${this.base()}/help`, body, readHelpEntry, 'entry');
  }
  updateHelpEntry(id: string, body: unknown, etag: string): Promise<Result<HelpEntry>> {
    return this.send('PUT', `${this.base()}/help/${enc(id)}`, body, readHelpEntry, 'entry', etag);
  }
  deleteHelpEntry(id: string, etag?: string): Promise<Result<null>> {
    return this.remove(`${this.base()}/help/${enc(id)}`, etag);
  }

  // ---- supporters (the existing /api/staff endpoints, scoped to the caller's org) -------
  staff(): Promise<Result<StaffAccount[]>> {
    return this.all('/api/staff', readStaff, 'staff');
  }
  async invite(rooms: string[]): Promise<Result<Invitation>> {
    const a = await this.call('POST', '/api/invitations', { rooms });
    if (!ok2xx(a) || !a.body || typeof a.body.code !== 'string') return failure(a);
    const link = typeof a.body.link === 'string' ? a.body.link : `/#/invite/${a.body.code}`;
    return { ok: true, value: { code: a.body.code, link, expires_ms: Number(a.body.expires_ms ?? 0) }, etag: '' };
  }
  setStaffRooms(id: string, rooms: string[]): Promise<Result<StaffAccount>> {
    return this.send('PUT', `/api/staff/${enc(id)}/rooms`, { rooms }, readStaff, 'staff');
  }
  async deactivate(id: string): Promise<Result<null>> {
    const a = await this.call('POST', `/api/staff/${enc(id)}/deactivate`);
    return ok2xx(a) ? { ok: true, value: null, etag: '' } : failure(a);
  }

  // ---- audit (newest first; `before` pages on) ------------------------------------------
  async audit(filter: AuditFilter, before: string | null, limit = 50): Promise<Result<Page<AuditEntry>>> {
    const q: string[] = [`limit=${limit}`];
    if (filter.action) q.push(`action=${enc(filter.action)}`);
    if (filter.room) q.push(`room=${enc(filter.room)}`);
    if (filter.staff) q.push(`staff=${enc(filter.staff)}`);
    if (filter.from) q.push(`from=${enc(filter.from)}`);
    if (filter.to) q.push(`to=${enc(filter.to)}`);
    if (before) q.push(`before=${enc(before)}`);
    const a = await this.call('GET', '/api/audit?' + q.join('&'));
    if (!ok2xx(a)) return failure(a);
    const p = readPage(a.body, readAudit, 'entries', 'next_before');
    // The server filters by action, room and staff before it cuts the page; the dates are
    // applied here (and everything again), so what is shown always matches what was asked.
    return { ok: true, value: { items: p.items.filter((e) => auditMatches(e, filter)), next: p.next }, etag: '' };
  }
}

export interface AuditFilter {
  action?: string;
  room?: string;
  staff?: string; // display name, as the entries carry it
  from?: string; // RFC 3339, inclusive
  to?: string; // RFC 3339, exclusive
}

export function auditMatches(e: AuditEntry, f: AuditFilter): boolean {
  if (f.action && e.action !== f.action) return false;
  if (f.room && e.room !== f.room) return false;
  if (f.staff && e.staff !== f.staff) return false;
  // `at` is the minute in UTC ('2026-09-21T14:21Z').
  const at = Date.parse(e.at.length === 17 ? e.at.replace('Z', ':00Z') : e.at);
  if (f.from && Number.isFinite(at) && at < Date.parse(f.from)) return false;
  if (f.to && Number.isFinite(at) && at >= Date.parse(f.to)) return false;
  return true;
}
