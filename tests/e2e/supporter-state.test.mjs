// Issue 11's client state with no DOM at all: tombstones and unhide, private notices, rooms that
// are read-only without a supporter, badges, requests answered by ref, the private word from
// both sides, the staff session (login, password change, revocation), the staff queues and the
// supporter's actions as frames on the Wire. The TypeScript sources are bundled on the fly with
// the client's own esbuild, as client-state.test.mjs does.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { clientDir, clientRequire, ensureClientBuilt } from './support.mjs';

let mod;
let tmp;

before(async () => {
  ensureClientBuilt();
  const esbuild = clientRequire()('esbuild');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ibasho-supporter-state-'));
  const entry = path.join(tmp, 'entry.ts');
  const src = path.join(clientDir, 'src');
  fs.writeFileSync(entry, [
    `export * from ${JSON.stringify(path.join(src, 'state', 'room-store.ts'))};`,
    `export * from ${JSON.stringify(path.join(src, 'state', 'session-store.ts'))};`,
    `export * from ${JSON.stringify(path.join(src, 'state', 'requests.ts'))};`,
    `export * from ${JSON.stringify(path.join(src, 'state', 'private-word.ts'))};`,
    `export * from ${JSON.stringify(path.join(src, 'staff', 'state', 'staff-session.ts'))};`,
    `export * from ${JSON.stringify(path.join(src, 'staff', 'state', 'queues.ts'))};`,
    `export * from ${JSON.stringify(path.join(src, 'staff', 'state', 'actions.ts'))};`,
    `export { errorCode } from ${JSON.stringify(path.join(src, 'staff', 'state', 'api.ts'))};`,
  ].join('\n'));
  const out = path.join(tmp, 'state.mjs');
  await esbuild.build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'error' });
  assert.equal(globalThis.window, undefined, 'no browser globals in this process');
  assert.equal(globalThis.document, undefined, 'no browser globals in this process');
  mod = await import(pathToFileURL(out).href);
});

after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

// ---- fakes -----------------------------------------------------------------------------

function fakeWire() {
  const w = { sent: [], up: true };
  w.send = (f) => {
    if (!w.up) return false;
    w.sent.push(JSON.parse(JSON.stringify(f)));
    return true;
  };
  w.ready = () => w.up;
  w.take = () => w.sent.splice(0);
  w.last = () => w.sent[w.sent.length - 1];
  return w;
}

function manualTimers() {
  let next = 1;
  const due = new Map();
  return {
    set: (fn, ms) => {
      due.set(next, { fn, ms });
      return next++;
    },
    clear: (h) => due.delete(h),
    pending: () => due.size,
    run: () => {
      const fns = [...due.values()];
      due.clear();
      fns.forEach((f) => f.fn());
    },
  };
}

// A stand-in for the HTTP API: answers by "METHOD path", records every call.
function fakeApi(routes) {
  const calls = [];
  const fetcher = async (method, p, body, token) => {
    calls.push({ method, path: p, body, token });
    const r = routes[`${method} ${p}`];
    if (!r) return { status: 404, body: { error: { code: 'not_found' } } };
    return typeof r === 'function' ? r(body, token) : r;
  };
  return { fetcher, calls };
}

const info = (id, extra = {}) => ({
  id, name: { ja: id }, description: {}, rules: {}, audience: ['open'], state: 'open', capacity: 0,
  members: 0, listening: 0, presence: 'names', slow_mode_s: 0, limited: false, ...extra,
});
const seat = { nick: 'くも', listening: true, affirmed: false };
const joined = (room, member, seq, extra = {}) => ({ type: 'joined', room, member, nick: 'くも', seq, listening: true, ...extra });
const msg = (room, seq, from = 'mb_other', text = `line ${seq}`, extra = {}) =>
  ({ type: 'message', room, seq, from, nick: 'みどり', text, ts: 1734567890000 + seq, id: `x-${seq}`, ...extra });

function sessionIn(room, roomInfo = info(room), opts = {}) {
  const wire = fakeWire();
  const timers = opts.timers ?? manualTimers();
  const s = new mod.SessionStore(wire, null, null, timers);
  s.join(roomInfo, seat);
  s.apply(joined(room, 'mb_me', opts.seq ?? 0, opts.joined ?? {}));
  wire.take();
  return { s, wire, timers, store: s.room(room) };
}

// ---- tombstones --------------------------------------------------------------------------

test('a hidden history entry stands in its message\'s place; a live hide swaps the line; unhide restores it', () => {
  const { s, store } = sessionIn('r', info('r'), { seq: 3 });
  const changes = [];
  store.changes.on((c) => changes.push(c));
  s.apply(msg('r', 1));
  s.apply({ type: 'hidden', room: 'r', seq: 2, ts: 1734567890002, reason: 'hurtful' });
  s.apply(msg('r', 3, 'mb_other', 'unkind words'));
  assert.deepEqual(store.items.map((i) => i.kind), ['message', 'tombstone', 'message']);
  assert.equal(store.items[1].original, undefined, 'history tombstones carry no text');

  s.apply({ type: 'hide', room: 'r', seq: 4, target: 3, reason: 'hurtful', ts: 1734567890010 });
  assert.equal(store.items.length, 3, 'the hide event adds no line of its own');
  assert.equal(store.items[2].kind, 'tombstone');
  assert.equal(store.items[2].seq, 3);
  assert.equal(store.items[2].reason, 'hurtful');
  assert.equal(store.items[2].original.text, 'unkind words', 'kept in memory for a supporter\'s unhide');
  assert.equal(store.lastSeq, 4, 'the hide event counts for resume');
  const replaced = changes.filter((c) => c.type === 'replaced');
  assert.equal(replaced.length, 1);
  assert.equal(replaced[0].seq, 3);

  // Replayed after a reconnect: nothing moves twice.
  s.apply({ type: 'hide', room: 'r', seq: 4, target: 3, reason: 'hurtful', ts: 1734567890010 });
  assert.equal(changes.filter((c) => c.type === 'replaced').length, 1);

  s.apply({ type: 'unhide', room: 'r', seq: 5, target: 3, message: msg('r', 3, 'mb_other', 'unkind words'), ts: 1734567890020 });
  assert.equal(store.items[2].kind, 'message');
  assert.equal(store.items[2].ev.text, 'unkind words');
  assert.equal(store.lastSeq, 5);
  // A hide for something no longer in the log changes nothing but the seq.
  s.apply({ type: 'hide', room: 'r', seq: 6, target: 99, reason: 'spam', ts: 1 });
  assert.deepEqual(store.items.map((i) => i.kind), ['message', 'tombstone', 'message']);
});

test('badges from the server stay on messages, presence and the seat', () => {
  const { s, store } = sessionIn('r', info('r'), { joined: { badge: 'supporter' } });
  assert.equal(store.badge, 'supporter');
  s.apply(msg('r', 1, 'mb_staff', 'こんばんは', { badge: 'organiser' }));
  assert.equal(store.items[0].ev.badge, 'organiser');
  s.apply({ type: 'presence', room: 'r', count: 2, listening: 0, staff: 2, members: [{ member: 'mb_staff', nick: 'はる', listening: false, badge: 'supporter' }] });
  assert.equal(store.presence.members[0].badge, 'supporter');
  assert.equal(store.staff, 2);
});

// ---- notices, read-only, room state ------------------------------------------------------

test('private notices reach their room; a mute says until when; a say refused as muted keeps its text', () => {
  const { s, wire, store } = sessionIn('r');
  const changes = [];
  store.changes.on((c) => changes.push(c));
  s.apply({ type: 'notice', room: 'r', kind: 'reminder', text: 'やさしい言葉でお願いします' });
  s.apply({ type: 'notice', room: 'other', kind: 'reminder', text: 'not for this room' });
  s.apply({ type: 'notice', room: 'r', kind: 'muted', until: 1734570000000 });
  assert.deepEqual(changes.filter((c) => c.type === 'notice').map((c) => c.notice.kind), ['reminder', 'muted']);
  assert.equal(store.mutedUntil, 1734570000000);
  assert.equal(store.notices.length, 2);
  store.dismissNotice(store.notices[0]);
  assert.deepEqual(store.notices.map((n) => n.kind), ['muted']);

  assert.equal(store.say('まだ書きたい'), 'sent');
  const say = wire.take()[0];
  s.apply({ type: 'error', code: 'muted', ref: say.id, retry_after_ms: 60000 });
  const err = changes.find((c) => c.type === 'sendError');
  assert.equal(err.code, 'muted');
  assert.equal(err.restore, 'まだ書きたい');
  assert.ok(err.until > 0);
});

test('a supporter_present room is read-only while no supporter is in it, and says so once per change', () => {
  const { s, wire, store } = sessionIn('r', info('r', { supporter_present: true, staff: 0 }));
  const ro = [];
  store.changes.on((c) => c.type === 'readOnly' && ro.push(c.readOnly));
  assert.equal(store.readOnly, true);
  s.apply({ type: 'presence', room: 'r', count: 3, listening: 1, staff: 1 });
  assert.equal(store.readOnly, false);
  s.apply({ type: 'presence', room: 'r', count: 3, listening: 1, staff: 1 });
  s.apply({ type: 'room_state', room: 'r', state: 'open', slow_mode_s: 30, shield: false, supporter_present: false, pin: 'ようこそ' });
  assert.equal(store.info.slow_mode_s, 30);
  assert.equal(store.info.pin, 'ようこそ');
  s.apply({ type: 'room_state', room: 'r', state: 'open', supporter_present: true });
  assert.equal(store.info.pin, undefined, 'no pin in the frame: unpinned');
  s.apply({ type: 'presence', room: 'r', count: 2, listening: 1, staff: 0 });
  assert.deepEqual(ro, [false, true]);

  // The server's no_supporter is believed even if a presence said otherwise.
  s.apply({ type: 'presence', room: 'r', count: 2, listening: 1, staff: 1 });
  store.say('hello');
  const say = wire.take()[0];
  s.apply({ type: 'error', code: 'no_supporter', ref: say.id });
  assert.equal(store.readOnly, true);
});

test('joins held by the shield, and join refusals with a wait', () => {
  const wire = fakeWire();
  const s = new mod.SessionStore(wire, null, null, manualTimers());
  const changes = [];
  s.changes.on((c) => changes.push(c));
  s.join(info('a'), seat);
  s.apply({ type: 'held', room: 'a' });
  assert.deepEqual(changes.at(-1), { type: 'held', room: 'a' });
  assert.equal(s.isJoining('a'), true, 'still waiting to be let in');
  s.apply(joined('a', 'mb_1', 0));
  assert.ok(s.room('a'));
  s.join(info('b'), seat);
  s.apply({ type: 'error', code: 'banned', retry_after_ms: 3600000 });
  assert.deepEqual(changes.at(-1), { type: 'joinFailed', room: 'b', code: 'banned', retryAfterMs: 3600000 });
  s.apply({ type: 'left', room: 'a', reason: 'removed' });
  assert.equal(s.room('a').items.at(-1).reason, 'removed');
});

// ---- requests and reports ----------------------------------------------------------------

test('a report goes out with an id and settles on done, on an error with its ref, or on a timeout', async () => {
  const timers = manualTimers();
  const { s, wire } = sessionIn('r', info('r'), { timers });
  const p1 = s.report('r', 4, 'hurtful', '  とても怖かった  ');
  const f1 = wire.take()[0];
  assert.equal(f1.type, 'report');
  assert.equal(f1.room, 'r');
  assert.equal(f1.seq, 4);
  assert.equal(f1.reason, 'hurtful');
  assert.equal(f1.note, 'とても怖かった');
  assert.equal('member' in f1 || 'nick' in f1, false, 'the reporter is never named');
  s.apply({ type: 'done', ref: f1.id, action: 'report' });
  assert.equal((await p1).ok, true);

  const p2 = s.report('r', 5, 'spam');
  const f2 = wire.take()[0];
  assert.equal(f2.note, undefined);
  s.apply({ type: 'error', code: 'no_such_message', ref: f2.id });
  assert.deepEqual(await p2, { ok: false, code: 'no_such_message', retryAfterMs: undefined, message: undefined });

  const p3 = s.report('r', 6, 'other');
  wire.take();
  timers.run();
  assert.equal((await p3).code, 'timeout');

  wire.up = false;
  assert.equal((await s.report('r', 7, 'other')).code, 'not_connected');
  wire.up = true;
  const p4 = s.report('r', 8, 'other');
  s.disconnected();
  assert.equal((await p4).code, 'not_connected');
});

// ---- the private word --------------------------------------------------------------------

test('the private word, participant side: ask, wait, open, talk (own line confirmed in place), ended by the supporter', async () => {
  const { s, wire } = sessionIn('r');
  const w = s.privateWord;
  const seen = [];
  w.changes.on((c) => seen.push(c.type));
  const asked = w.ask('r');
  assert.equal(w.askIn('r').state, 'asking');
  const f = wire.take()[0];
  assert.deepEqual({ type: f.type, room: f.room }, { type: 'ask', room: 'r' });
  s.apply({ type: 'ask_waiting', room: 'r', ask: 'q_abc' });
  assert.deepEqual(w.askIn('r'), { state: 'waiting', ask: 'q_abc' });
  s.apply({ type: 'done', ref: f.id, action: 'ask' });
  assert.equal((await asked).ok, true);

  s.apply({ type: 'private_open', thread: 'q_abc', room: 'r', staff: 'はる', member: 'mb_me', nick: 'くも' });
  const th = w.thread('q_abc');
  assert.equal(th.me, 'member');
  assert.equal(th.staff, 'はる');
  assert.deepEqual(w.askIn('r'), { state: 'open', thread: 'q_abc' });

  assert.equal(w.say('q_abc', 'ちょっと話したくて 090-1234-5678'), true);
  const say = wire.take()[0];
  assert.deepEqual({ type: say.type, thread: say.thread }, { type: 'private_say', thread: 'q_abc' });
  assert.equal(th.lines[0].n, 0, 'on its way');
  s.apply({ type: 'private_message', thread: 'q_abc', n: 1, from: 'member', nick: 'くも', text: 'ちょっと話したくて ***', ts: 1, id: say.id });
  assert.equal(th.lines.length, 1, 'the echo replaces the draft, no duplicate');
  assert.equal(th.lines[0].text, 'ちょっと話したくて ***', 'what the server delivered (masked) is what is shown');
  s.apply({ type: 'private_message', thread: 'q_abc', n: 2, from: 'staff', nick: 'はる', text: 'ゆっくりで大丈夫です', ts: 2 });
  s.apply({ type: 'private_message', thread: 'q_abc', n: 2, from: 'staff', nick: 'はる', text: 'ゆっくりで大丈夫です', ts: 2 });
  assert.deepEqual(th.lines.map((l) => l.n), [1, 2]);
  s.apply({ type: 'private_ended', thread: 'q_abc', by: 'staff' });
  assert.equal(th.ended, 'staff');
  assert.equal(w.say('q_abc', 'more'), false, 'an ended thread takes no more lines');
  w.close('q_abc');
  assert.equal(w.thread('q_abc'), undefined);
  assert.equal(w.askIn('r'), undefined);
  assert.ok(seen.includes('open') && seen.includes('ended'));
});

test('the private word: a waiting ask can be given up; a supporter who accepts gets the staff side', async () => {
  const { s, wire } = sessionIn('r');
  const w = s.privateWord;
  void w.ask('r');
  wire.take();
  s.apply({ type: 'ask_waiting', room: 'r', ask: 'q_1' });
  w.cancelAsk('r');
  assert.deepEqual(wire.take().map((f) => [f.type, f.thread]), [['private_end', 'q_1']]);
  assert.equal(w.askIn('r'), undefined);

  const accepted = w.accept('q_9');
  const f = wire.take()[0];
  assert.deepEqual({ type: f.type, ask: f.ask }, { type: 'accept_ask', ask: 'q_9' });
  s.apply({ type: 'private_open', thread: 'q_9', room: 'r', staff: 'はる', member: 'mb_x', nick: 'そら' });
  s.apply({ type: 'done', ref: f.id, action: 'accept_ask' });
  assert.equal((await accepted).ok, true);
  assert.equal(w.thread('q_9').me, 'staff');
  w.end('q_9');
  assert.deepEqual(wire.take().map((x) => [x.type, x.thread]), [['private_end', 'q_9']]);
  assert.equal(w.thread('q_9').ended, 'staff');
});

test('the private word: a thread sent again after hello keeps its lines, takes the side of the welcome\'s role, and is not "accepted"', () => {
  const line = (n, from, text) => ({ thread: 'q_7', n, from, nick: from === 'staff' ? 'はる' : 'そら', text, ts: n, id: `p-${n}` });
  const replay = { type: 'private_open', thread: 'q_7', room: 'r', staff: 'はる', member: 'mb_x', nick: 'そら', lines: [line(2, 'member', 'ありがとう'), line(1, 'staff', 'こんばんは')] };

  // A supporter signing in (or reloading) gets the thread they had accepted elsewhere.
  const staff = sessionIn('r');
  const opens = [];
  staff.s.privateWord.changes.on((c) => { if (c.type === 'open') opens.push(c); });
  staff.s.apply({ type: 'welcome', session: 'x', v: 1, resumed: true, role: 'organiser', staff: { name: 'はる', rooms: [] } });
  staff.s.apply(replay);
  const th = staff.s.privateWord.thread('q_7');
  assert.equal(th.me, 'staff');
  assert.deepEqual(th.lines.map((l) => [l.n, l.text]), [[1, 'こんばんは'], [2, 'ありがとう']], 'the recent lines, in order');
  assert.deepEqual(opens, [{ type: 'open', thread: 'q_7', accepted: false }], 'not opened by an accept here: no screen should jump to it');
  // Sent again on a reconnect: only the line missed meanwhile is added.
  staff.s.apply({ ...replay, lines: [line(1, 'staff', 'こんばんは'), line(2, 'member', 'ありがとう'), line(3, 'member', 'また話せますか')] });
  assert.deepEqual(th.lines.map((l) => l.n), [1, 2, 3]);
  assert.equal(opens.length, 1);

  // A participant who reloaded: no ask of theirs in memory, but the socket is a participant's.
  const member = sessionIn('r');
  member.s.apply({ type: 'welcome', session: 'y', v: 1, resumed: true, role: 'participant' });
  member.s.apply(replay);
  assert.equal(member.s.privateWord.thread('q_7').me, 'member');
  assert.deepEqual(member.s.privateWord.askIn('r'), { state: 'open', thread: 'q_7' });

  // Accepting here: the open that follows is this session's own.
  const accepter = sessionIn('r');
  const seen = [];
  accepter.s.privateWord.changes.on((c) => { if (c.type === 'open') seen.push(c.accepted); });
  accepter.s.apply({ type: 'welcome', session: 'z', v: 1, resumed: false, role: 'supporter', staff: { name: 'はる', rooms: ['r'] } });
  void accepter.s.privateWord.accept('q_8');
  accepter.s.apply({ type: 'private_open', thread: 'q_8', room: 'r', staff: 'はる', member: 'mb_y', nick: 'うみ' });
  assert.deepEqual(seen, [true]);
});

// ---- the staff session -------------------------------------------------------------------

function tokenPort() {
  const p = { value: null };
  p.load = () => p.value;
  p.save = (t) => { p.value = t; };
  return p;
}

const me = { id: 'st_AAAAAAAAAAAAAAAA', name: 'はる', role: 'supporter', rooms: ['r'] };

test('staff login: the token is kept, hello goes again with it, reasons and reminders are loaded', async () => {
  const api = fakeApi({
    'POST /api/login': (body) => (body.password === 'correct horse battery'
      ? { status: 200, body: { token: 'T'.repeat(43), expires_ms: 99, staff: me, must_change: false } }
      : { status: 401, body: { error: { code: 'bad_credentials' } } }),
    'GET /api/reasons': { status: 200, body: { reasons: [{ id: 'hurtful', ja: '傷つける', en: 'Hurtful' }] } },
    'GET /api/reminders': { status: 200, body: { templates: [{ id: 'kind', ja: 'やさしく', en: 'Be kind' }] } },
  });
  const tokens = tokenPort();
  let reconnects = 0;
  const st = new mod.StaffSession(api.fetcher, tokens, () => reconnects++);
  const bad = await st.login('はる', 'wrong');
  assert.deepEqual(bad, { ok: false, code: 'bad_credentials', retryAfterS: undefined, field: undefined });
  assert.equal(tokens.value, null);
  assert.equal(reconnects, 0);
  const ok = await st.login(' はる ', 'correct horse battery', '');
  assert.deepEqual(ok, { ok: true, mustChange: false });
  assert.deepEqual(api.calls[1].body, { name: 'はる', password: 'correct horse battery' }, 'trimmed name, no empty totp');
  assert.equal(tokens.value, 'T'.repeat(43));
  assert.equal(st.state, 'signed_in');
  assert.equal(st.me.name, 'はる');
  assert.equal(reconnects, 1);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(st.reasons[0].id, 'hurtful');
  assert.equal(st.reminders[0].id, 'kind');
  assert.ok(api.calls.filter((c) => c.path.startsWith('/api/re')).every((c) => c.token === 'T'.repeat(43)), 'bearer on staff calls');
  assert.ok(api.calls.every((c) => !c.path.includes('T'.repeat(10))), 'the token is never in a URL');

  st.onFrame({ type: 'welcome', session: 's', v: 1, resumed: false, role: 'supporter', staff: { name: 'はる', rooms: ['r'] } });
  assert.equal(st.state, 'signed_in');
  // Revoked on another device: the socket is downgraded, and so are we.
  st.onFrame({ type: 'role', role: 'participant', reason: 'revoked' });
  assert.equal(st.state, 'signed_out');
  assert.equal(st.why, 'revoked');
  assert.equal(tokens.value, null);
  assert.equal(reconnects, 2, 'hello again without the token');
});

test('staff login refusals: too many attempts with the wait, https required, a TOTP code sent when given', async () => {
  const api = fakeApi({
    'POST /api/login': (body) => (body.totp === '123456'
      ? { status: 403, body: { error: { code: 'https_required' } } }
      : { status: 429, body: { error: { code: 'too_many_attempts' } }, retryAfterS: 600 }),
  });
  const st = new mod.StaffSession(api.fetcher, tokenPort(), () => {});
  assert.deepEqual(await st.login('a', 'b'), { ok: false, code: 'too_many_attempts', retryAfterS: 600, field: undefined });
  assert.equal((await st.login('a', 'b', ' 123456 ')).code, 'https_required');
  assert.equal(api.calls[1].body.totp, '123456');
  assert.equal(mod.errorCode({ status: 0, body: null }), 'network');
});

test('first login must change the password: checked here first (12+ chars, twice the same), then sent', async () => {
  const api = fakeApi({
    'POST /api/login': { status: 200, body: { token: 'M'.repeat(43), expires_ms: 1, staff: me, must_change: true } },
    'POST /api/password': (body, token) => (token === 'M'.repeat(43) && body.old === 'one-time-pw' && body.new === 'a long new password'
      ? { status: 200, body: {} } : { status: 400, body: { error: { code: 'bad_request', field: 'old' } } }),
    'GET /api/reasons': { status: 200, body: { reasons: [] } },
    'GET /api/reminders': { status: 200, body: { templates: [] } },
  });
  const st = new mod.StaffSession(api.fetcher, tokenPort(), () => {});
  assert.deepEqual(await st.login('はる', 'one-time-pw'), { ok: true, mustChange: true });
  assert.equal(st.state, 'must_change');
  const n = api.calls.length;
  assert.equal((await st.changePassword('one-time-pw', 'short', 'short')).code, 'password_too_short');
  assert.equal((await st.changePassword('one-time-pw', 'a long new password', 'a long new passw0rd')).code, 'password_mismatch');
  assert.equal(api.calls.length, n, 'nothing sent for a password that cannot be right');
  assert.equal((await st.changePassword('wrong', 'a long new password', 'a long new password')).field, 'old');
  assert.deepEqual(await st.changePassword('one-time-pw', 'a long new password', 'a long new password'), { ok: true, mustChange: false });
  assert.equal(st.state, 'signed_in');
});

test('an invitation is accepted with a name and a password; a stale token signs out calmly', async () => {
  const api = fakeApi({
    'POST /api/invitations/accept': (body) => (body.code === 'good'
      ? { status: 200, body: { token: 'I'.repeat(43), expires_ms: 1, staff: me, must_change: false } }
      : { status: 404, body: { error: { code: 'not_found' } } }),
    'GET /api/me': { status: 401, body: { error: { code: 'unauthorized' } } },
  });
  const tokens = tokenPort();
  const st = new mod.StaffSession(api.fetcher, tokens, () => {});
  assert.equal((await st.acceptInvite('good', 'はる', 'short', 'short')).code, 'password_too_short');
  assert.equal((await st.acceptInvite('bad', 'はる', 'twelve chars!', 'twelve chars!')).code, 'not_found');
  assert.equal((await st.acceptInvite('good', 'はる', 'twelve chars!', 'twelve chars!')).ok, true);
  assert.equal(tokens.value, 'I'.repeat(43));
  st.onFrame({ type: 'error', code: 'staff_token_invalid', message: 'x' });
  assert.equal(st.state, 'signed_out');
  assert.equal(st.why, 'expired');
  tokens.value = 'stale';
  await st.resume();
  assert.equal(tokens.value, null, 'an answer of 401 to /api/me forgets the token');
});

// ---- staff queues ------------------------------------------------------------------------

test('queues: the queue frame, new reports and asks with alerts, ask_taken, reviews and held joiners; waited minutes', async () => {
  const wire = fakeWire();
  const timers = manualTimers();
  const requests = new mod.Requests(wire, timers);
  let now = 1_000_000;
  const q = new mod.StaffQueues(requests, () => now);
  const alerts = [];
  q.changes.on((c) => c.type === 'alert' && alerts.push(c.alert.kind));
  const rep = (id, room, created) => ({ id, room, seq: 4, reason: 'hurtful', text: 'x', member: 'mb_1', nick: 'そら', created_ms: created });
  q.apply({ type: 'queue', reports: [rep('r_2', 'a', 900_000), rep('r_1', 'a', 800_000)], asks: [{ id: 'q_1', room: 'a', member: 'mb_2', nick: 'うみ', created_ms: 940_000 }] });
  assert.deepEqual(q.reports().map((r) => r.id), ['r_1', 'r_2'], 'oldest first');
  assert.deepEqual(alerts, [], 'what was already waiting is no alarm');
  q.apply({ type: 'report', report: rep('r_3', 'b', 1_000_000) });
  q.apply({ type: 'report', report: rep('r_3', 'b', 1_000_000) });
  q.apply({ type: 'ask', ask: { id: 'q_2', room: 'b', member: 'mb_3', nick: 'ほし', created_ms: 1_000_000 } });
  assert.deepEqual(alerts, ['report', 'ask']);
  assert.deepEqual(q.counts('a'), { reports: 2, asks: 1, held: 0 });
  assert.equal(q.reports('b').length, 1);
  q.apply({ type: 'ask_taken', ask: 'q_1' });
  assert.equal(q.asks('a').length, 0);
  q.apply({ type: 'review', room: 'a', member: 'mb_1', nick: 'そら', action: 'mute', reason: 'flood' });
  q.apply({ type: 'waiting', room: 'a', member: 'mb_9', nick: 'あめ' });
  assert.equal(q.reviews.length, 1);
  assert.equal(q.counts('a').held, 1);
  assert.deepEqual(alerts, ['report', 'ask', 'review', 'waiting']);
  assert.equal(q.waitedMin(q.reports()[0]), 3);
  now += 120_000;
  assert.equal(q.waitedMin(q.reports()[0]), 5);

  q.loadReports({ status: 200, body: { reports: [rep('r_4', 'c', 1)] } });
  q.loadAsks({ status: 200, body: [{ id: 'q_5', room: 'c', member: 'm', nick: 'n', created_ms: 1 }] });
  q.loadReports({ status: 403, body: { error: { code: 'forbidden' } } });
  assert.deepEqual(q.counts('c'), { reports: 1, asks: 1, held: 0 });

  const resolving = q.resolve('r_1', 'resolved', 'hurtful');
  const f = wire.take()[0];
  assert.deepEqual({ type: f.type, report: f.report, outcome: f.outcome, reason: f.reason }, { type: 'resolve_report', report: 'r_1', outcome: 'resolved', reason: 'hurtful' });
  assert.equal(q.reports('a').length, 2, 'still there until the server says done');
  requests.answer({ type: 'done', ref: f.id, action: 'resolve_report' });
  assert.equal((await resolving).ok, true);
  assert.deepEqual(q.reports('a').map((r) => r.id), ['r_2']);
});

// ---- staff actions -----------------------------------------------------------------------

test('actions go out as the protocol says; out-of-range durations never leave; standing comes back by ref', async () => {
  const wire = fakeWire();
  const requests = new mod.Requests(wire, manualTimers());
  const a = new mod.StaffActions(requests);
  const sentOf = () => wire.take().map(({ id, ...rest }) => { assert.match(id, /^[A-Za-z0-9_-]{1,64}$/); return rest; });
  void a.hide('r', 42, 'hurtful', '');
  void a.unhide('r', 42);
  void a.remind('r', 'm1', 'kind', 'ゆっくりで大丈夫です');
  void a.mute('r', 'm1', 10, 'flood', 'くり返し');
  void a.remove('r', 'm1', 60, 'hurtful');
  void a.ban('r', 'm1', 24, 'contact');
  void a.control('r', 'slow_mode', 'busy', { seconds: 30 });
  void a.control('r', 'pin', 'info', { text: '  今夜は22時までです  ' });
  void a.control('r', 'lock', 'busy');
  void a.admit('r', 'm2');
  void a.standingNote('r', 'm1', '様子見');
  assert.deepEqual(sentOf(), [
    { type: 'hide', room: 'r', seq: 42, reason: 'hurtful' },
    { type: 'unhide', room: 'r', seq: 42 },
    { type: 'remind', room: 'r', member: 'm1', template: 'kind', text: 'ゆっくりで大丈夫です' },
    { type: 'mute', room: 'r', member: 'm1', minutes: 10, reason: 'flood', note: 'くり返し' },
    { type: 'remove', room: 'r', member: 'm1', minutes: 60, reason: 'hurtful' },
    { type: 'ban', room: 'r', member: 'm1', hours: 24, reason: 'contact' },
    { type: 'room_control', room: 'r', control: 'slow_mode', reason: 'busy', seconds: 30 },
    { type: 'room_control', room: 'r', control: 'pin', reason: 'info', text: '今夜は22時までです' },
    { type: 'room_control', room: 'r', control: 'lock', reason: 'busy' },
    { type: 'admit', room: 'r', member: 'm2' },
    { type: 'standing_note', room: 'r', member: 'm1', text: '様子見' },
  ]);
  assert.equal((await a.mute('r', 'm1', 0, 'flood')).code, 'bad_duration');
  assert.equal((await a.mute('r', 'm1', 10081, 'flood')).code, 'bad_duration');
  assert.equal((await a.ban('r', 'm1', 169, 'x')).code, 'bad_duration');
  assert.equal((await a.control('r', 'slow_mode', 'x', { seconds: 601 })).code, 'bad_duration');
  assert.equal((await a.control('r', 'pin', 'x', { text: '  ' })).code, 'bad_text');
  assert.equal(wire.sent.length, 0, 'none of those left');

  const asking = a.standing('r', 'm1');
  const f = wire.take()[0];
  requests.answer({ type: 'standing', room: 'r', member: 'm1', standing: { reminders: 1, mutes: 0 }, suggest: 'mute', ref: f.id });
  assert.deepEqual(await asking, { standing: { reminders: 1, mutes: 0 }, suggest: 'mute' });
  const refused = a.standing('r', 'm1');
  requests.answer({ type: 'error', code: 'forbidden', ref: wire.take()[0].id });
  assert.equal(await refused, null);
});
