// Who the supporter is, with no DOM: sign in (name, password, optional TOTP), the first-login
// password change, invitation acceptance, sign out here or everywhere, and what the server
// says on the socket (the welcome's role, `staff_token_invalid`, `role` revoked). The token
// lives in sessionStorage only (through the TokenPort) and goes with hello as `staff`.

import { ServerMessage } from '../../protocol';
import { Emitter } from '../../state/emitter';
import { ApiAnswer, errorCode, Fetcher, Method } from './api';

export interface StaffMe {
  id: string;
  name: string;
  role: 'supporter' | 'organiser';
  rooms: string[];
  org: string; // issue 14: the organisation ("main" for accounts from before)
}

export interface TextChoice {
  id: string;
  ja?: string;
  en?: string;
}

export interface TokenPort {
  load(): string | null;
  save(token: string | null): void;
}

export type StaffState = 'signed_out' | 'must_change' | 'signed_in';
// Why the person is signed out (shown on the login screen).
export type SignedOutWhy = '' | 'logged_out' | 'expired' | 'revoked';

export type SignIn =
  | { ok: true; mustChange: boolean }
  | { ok: false; code: string; retryAfterS?: number; field?: string };

export const minPasswordChars = 12;

export class StaffSession {
  readonly changes = new Emitter<{ type: 'state' } | { type: 'texts' }>();
  state: StaffState = 'signed_out';
  why: SignedOutWhy = '';
  me: StaffMe | null = null;
  expiresMs = 0;
  // The role the socket has now (from welcome / role); staff actions need supporter or organiser.
  wsRole = 'participant';
  reasons: TextChoice[] = [];
  reminders: TextChoice[] = [];

  constructor(
    private readonly fetcher: Fetcher,
    private readonly tokens: TokenPort,
    private readonly reconnect: () => void,
  ) {}

  get token(): string | null {
    return this.tokens.load();
  }

  // After a reload: a token in sessionStorage is asked about once.
  async resume(): Promise<void> {
    if (!this.token) return;
    const a = await this.fetcher('GET', '/api/me', undefined, this.token);
    if (a.status === 200 && a.body) {
      this.me = readMe(a.body.staff ?? a.body);
      this.setState(a.body.must_change === true ? 'must_change' : 'signed_in');
      if (this.state === 'signed_in') void this.loadTexts();
    } else if (a.status === 403 && errorCode(a) === 'password_change_required') {
      this.setState('must_change');
    } else if (a.status === 401 || a.status === 403) {
      this.signedOut('expired');
    }
  }

  async login(name: string, password: string, totp?: string): Promise<SignIn> {
    const body: Record<string, string> = { name: name.trim(), password };
    if (totp && totp.trim() !== '') body.totp = totp.trim();
    return this.took(await this.fetcher('POST', '/api/login', body));
  }

  async acceptInvite(code: string, name: string, password: string, again: string): Promise<SignIn> {
    const bad = checkNewPassword(password, again);
    if (bad) return bad;
    return this.took(await this.fetcher('POST', '/api/invitations/accept', { code, name: name.trim(), password }));
  }

  async changePassword(old: string, next: string, again: string): Promise<SignIn> {
    const bad = checkNewPassword(next, again);
    if (bad) return bad;
    const a = await this.fetcher('POST', '/api/password', { old, new: next }, this.token);
    if (a.status !== 200 && a.status !== 204) {
      const e = a.body?.error as { field?: string } | undefined;
      return { ok: false, code: errorCode(a), retryAfterS: a.retryAfterS, field: e?.field };
    }
    if (a.body && typeof a.body.token === 'string') this.tokens.save(a.body.token); // a fresh token, if given
    this.setState('signed_in');
    void this.loadTexts();
    this.reconnect();
    return { ok: true, mustChange: false };
  }

  async logout(everywhere = false): Promise<void> {
    const token = this.token;
    if (token) await this.fetcher('POST', everywhere ? '/api/logout-all' : '/api/logout', undefined, token);
    this.signedOut('logged_out');
  }

  // Any staff call: 401 means the token is gone (expired, revoked): sign out calmly.
  async call(method: Method, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer> {
    const a = await this.fetcher(method, path, body, this.token, headers);
    if (a.status === 401 && this.token) this.signedOut('expired');
    return a;
  }

  async loadTexts(): Promise<void> {
    const both = await Promise.all([this.call('GET', '/api/reasons'), this.call('GET', '/api/reminders')]);
    const r = both[0];
    const m = both[1];
    if (r.status === 200 && r.body) this.reasons = readChoices(r.body.reasons);
    if (m.status === 200 && m.body) this.reminders = readChoices(m.body.templates);
    this.changes.emit({ type: 'texts' });
  }

  // What the socket says about us.
  onFrame(m: ServerMessage): void {
    if (m.type === 'welcome') {
      this.wsRole = m.role ?? 'participant';
      if (this.token && this.state === 'signed_in' && this.wsRole === 'participant') this.signedOut('expired');
      else this.changes.emit({ type: 'state' });
    } else if (m.type === 'error' && m.code === 'staff_token_invalid') {
      if (this.token) this.signedOut('expired');
    } else if (m.type === 'role') {
      this.wsRole = m.role;
      if (m.role === 'participant' && this.token) this.signedOut(m.reason === 'revoked' ? 'revoked' : 'expired');
    }
  }

  private took(a: ApiAnswer): SignIn {
    if (a.status !== 200 || !a.body || typeof a.body.token !== 'string') {
      const e = a.body?.error as { field?: string } | undefined;
      return { ok: false, code: errorCode(a), retryAfterS: a.retryAfterS, field: e?.field };
    }
    this.tokens.save(a.body.token);
    this.me = readMe(a.body.staff);
    this.expiresMs = typeof a.body.expires_ms === 'number' ? a.body.expires_ms : 0;
    const mustChange = a.body.must_change === true;
    this.why = '';
    this.setState(mustChange ? 'must_change' : 'signed_in');
    if (!mustChange) void this.loadTexts();
    this.reconnect(); // hello again, now with the token: the welcome says supporter/organiser
    return { ok: true, mustChange };
  }

  private signedOut(why: SignedOutWhy): void {
    const had = this.token !== null || this.state !== 'signed_out';
    this.tokens.save(null);
    this.me = null;
    this.why = why;
    this.setState('signed_out');
    if (had) this.reconnect(); // back to a participant's socket
  }

  private setState(s: StaffState): void {
    this.state = s;
    this.changes.emit({ type: 'state' });
  }
}

export function checkNewPassword(next: string, again: string): SignIn | null {
  if (Array.from(next).length < minPasswordChars) return { ok: false, code: 'password_too_short', field: 'new' };
  if (next !== again) return { ok: false, code: 'password_mismatch', field: 'again' };
  return null;
}

function readMe(v: unknown): StaffMe | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  return {
    id: String(o.id ?? ''),
    name: String(o.name ?? ''),
    role: o.role === 'organiser' ? 'organiser' : 'supporter',
    rooms: Array.isArray(o.rooms) ? o.rooms.map(String) : [],
    org: typeof o.org === 'string' && o.org !== '' ? o.org : 'main',
  };
}

function readChoices(v: unknown): TextChoice[] {
  if (!Array.isArray(v)) return [];
  return v.filter((x) => x && typeof x === 'object' && typeof x.id === 'string')
    .map((x) => ({ id: x.id as string, ja: typeof x.ja === 'string' ? x.ja : undefined, en: typeof x.en === 'string' ? x.en : undefined }));
}
