// The web client's state modules with no DOM at all (no window, no document): the room store
// (seq order, de-duplication, history + live merge, gaps, presence, sends and resends), the
// session store (several rooms at once, routing, join answers, saved seats) and the router.
// The TypeScript sources are bundled on the fly with the client's own esbuild.

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
  ensureClientBuilt(); // also makes sure node_modules (esbuild) is there
  const esbuild = clientRequire()('esbuild');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ibasho-client-state-'));
  const entry = path.join(tmp, 'entry.ts');
  const src = path.join(clientDir, 'src');
  fs.writeFileSync(entry, [
    `export * from ${JSON.stringify(path.join(src, 'state', 'room-store.ts'))};`,
    `export * from ${JSON.stringify(path.join(src, 'state', 'session-store.ts'))};`,
    `export { Router } from ${JSON.stringify(path.join(src, 'router.ts'))};`,
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
  return w;
}

// Timers run by hand: `run()` fires whatever is due, in order, with no waiting.
function manualTimers() {
  let next = 1;
  const due = new Map();
  return {
    set: (fn) => {
      due.set(next, fn);
      return next++;
    },
    clear: (h) => due.delete(h),
    pending: () => due.size,
    run: () => {
      const fns = [...due.values()];
      due.clear();
      fns.forEach((f) => f());
    },
  };
}

const info = (id, extra = {}) => ({
  id, name: { ja: id }, description: {}, rules: {}, audience: ['open'], state: 'open', capacity: 0,
  members: 0, listening: 0, presence: 'names', slow_mode_s: 0, limited: false, ...extra,
});
const seat = { nick: 'くも', listening: true, affirmed: false };
const joined = (room, member, seq, extra = {}) => ({ type: 'joined', room, member, nick: 'くも', seq, listening: true, ...extra });
const msg = (room, seq, from = 'mb_other', text = `line ${seq}`, id = `x-${seq}`) =>
  ({ type: 'message', room, seq, from, nick: from === 'mb_me' ? 'くも' : 'みどり', text, ts: 1734567890000 + seq, id });

function room(opts = {}) {
  const wire = fakeWire();
  const timers = manualTimers();
  const saved = {};
  const hiddenStore = { load: (r) => saved[r] ?? null, save: (r, h) => (saved[r] = { ...h }) };
  const store = new mod.RoomStore(wire, info(opts.id ?? 'hiroba'), seat, hiddenStore, timers);
  const changes = [];
  store.changes.on((c) => changes.push(c));
  return { store, wire, timers, changes, saved };
}

const seqs = (store) => store.items.filter((i) => i.kind !== 'note').map((i) => i.ev.seq);
const kinds = (store) => store.items.map((i) => (i.kind === 'note' ? `note:${i.note}` : i.ev.seq));

// ---- the room store --------------------------------------------------------------------

test('messages are applied in seq order and each change is told once', () => {
  const { store, changes } = room();
  store.applyJoined(joined('hiroba', 'mb_me', 0));
  for (const s of [1, 2, 3]) store.applyEvent(msg('hiroba', s));
  assert.deepEqual(seqs(store), [1, 2, 3]);
  assert.equal(store.lastSeq, 3);
  assert.deepEqual(changes.filter((c) => c.type === 'item').map((c) => c.item.ev.seq), [1, 2, 3]);
  assert.equal(store.findText(2), 'line 2');
});

test('an event whose seq was already applied is dropped, whatever the network did', () => {
  const { store, changes } = room();
  store.applyJoined(joined('hiroba', 'mb_me', 0));
  store.applyEvent(msg('hiroba', 1));
  store.applyEvent(msg('hiroba', 2));
  changes.length = 0;
  store.applyEvent(msg('hiroba', 2));
  store.applyEvent(msg('hiroba', 1, 'mb_other', 'late copy'));
  assert.deepEqual(seqs(store), [1, 2]);
  assert.deepEqual(changes, [], 'a duplicate changes nothing');
});

test('history and live merge: after a drop, join asks since the last seq and the replay adds only what was missed', () => {
  const { store, wire, changes } = room();
  store.applyJoined(joined('hiroba', 'mb_me', 3));
  // Nothing applied yet: the first join asks for recent history, not `since`.
  assert.deepEqual(store.joinFrame(), { type: 'join', room: 'hiroba', nick: 'くも', listening: true });
  for (const s of [1, 2, 3]) store.applyEvent(msg('hiroba', s)); // history
  assert.equal(changes.filter((c) => c.type === 'announce').length, 0, 'history is not read out');
  store.applyEvent(msg('hiroba', 4)); // live
  assert.deepEqual(changes.filter((c) => c.type === 'announce').map((c) => c.what), ['live']);

  store.disconnected();
  assert.deepEqual(store.joinFrame(), { type: 'join', room: 'hiroba', nick: 'くも', listening: true, since: 4 });
  changes.length = 0;
  store.applyJoined(joined('hiroba', 'mb_me', 6, { resumed: true }));
  for (const s of [3, 4, 5, 6]) store.applyEvent(msg('hiroba', s)); // replay overlaps what we have
  store.applyEvent(msg('hiroba', 7)); // live again
  assert.deepEqual(seqs(store), [1, 2, 3, 4, 5, 6, 7]);
  const told = changes.filter((c) => c.type === 'announce');
  assert.deepEqual(told.map((c) => c.what), ['catchUp', 'live']);
  assert.equal(told[0].n, 2, 'two came while away');
  assert.equal(wire.sent.length, 0, 'applying events sends nothing');
});

test('a gap becomes a note and moves the resume point past it', () => {
  const { store } = room();
  store.applyJoined(joined('hiroba', 'mb_me', 0));
  store.applyEvent(msg('hiroba', 1));
  store.applyGap({ type: 'gap', room: 'hiroba', from: 2, to: 30 });
  assert.equal(store.joinFrame().since, 30);
  store.applyEvent(msg('hiroba', 20)); // inside the gap: already given up on
  store.applyEvent(msg('hiroba', 31));
  assert.deepEqual(kinds(store), [1, 'note:gap', 31]);
});

test('a room whose sequence started again is counted afresh, with a note', () => {
  const { store } = room();
  store.applyJoined(joined('hiroba', 'mb_me', 0));
  for (const s of [1, 2, 3, 4, 5]) store.applyEvent(msg('hiroba', s));
  store.disconnected();
  store.applyJoined(joined('hiroba', 'mb_me', 1));
  store.applyEvent(msg('hiroba', 1, 'mb_other', 'after the wipe'));
  assert.deepEqual(kinds(store), [1, 2, 3, 4, 5, 'note:reset', 1]);
  assert.equal(store.lastSeq, 1);
});

test('presence replaces the last one; room info counts until presence comes', () => {
  const { store, changes } = room();
  store.applyInfo(info('hiroba', { members: 4, listening: 3 }));
  assert.equal(store.presence, null);
  assert.equal(store.info.members, 4);
  assert.ok(changes.some((c) => c.type === 'presence'), 'counts from the list are shown until presence comes');
  const p1 = { type: 'presence', room: 'hiroba', count: 2, listening: 1, members: [
    { member: 'mb_me', nick: 'くも', listening: true }, { member: 'mb_other', nick: 'みどり', listening: false }] };
  store.applyPresence(p1);
  store.applyPresence({ ...p1, count: 1, listening: 1, members: [p1.members[0]] });
  assert.equal(store.presence.count, 1);
  assert.deepEqual(store.presence.members.map((m) => m.nick), ['くも']);
  changes.length = 0;
  store.applyInfo(info('hiroba', { members: 9, state: 'paused' }));
  assert.deepEqual(changes.map((c) => c.type), ['status'], 'with presence known, the list does not redraw it');
});

test('a say goes out once, shows as pending, and the echo confirms it and makes us a talker', () => {
  const { store, wire, changes } = room();
  assert.equal(store.say('まだ'), 'not_connected');
  assert.equal(wire.sent.length, 0);
  store.applyJoined(joined('hiroba', 'mb_me', 0));
  assert.equal(store.say('こんばんは'), 'sent');
  const [frame] = wire.take();
  assert.equal(frame.type, 'say');
  assert.equal(frame.text, 'こんばんは');
  assert.deepEqual(store.pending().map((p) => p.id), [frame.id]);
  store.applyEvent(msg('hiroba', 1, 'mb_me', 'こんばんは', frame.id));
  assert.deepEqual(store.pending(), []);
  assert.equal(store.listening, false);
  assert.ok(changes.some((c) => c.type === 'listening' && c.listening === false && !c.byUser));
  assert.ok(store.isMine('mb_me'));
  assert.ok(!changes.some((c) => c.type === 'announce'), 'one\'s own words are not read out');
});

test('after a reconnect, unconfirmed sends go again with the same id, once presence says the replay is in', () => {
  const { store, wire, timers } = room();
  store.applyJoined(joined('hiroba', 'mb_me', 0));
  timers.run();
  store.say('一つ目');
  store.stamp('hug', 1);
  const first = wire.take();
  store.disconnected();
  store.applyJoined(joined('hiroba', 'mb_me', 0, { resumed: true }));
  assert.equal(timers.pending(), 1, 'resend waits for the replay');
  store.applyPresence({ type: 'presence', room: 'hiroba', count: 1, listening: 1 });
  assert.deepEqual(wire.take().map((f) => f.id), first.map((f) => f.id));
  assert.equal(timers.pending(), 0);
  // Without presence, the timer sends them.
  store.disconnected();
  store.applyJoined(joined('hiroba', 'mb_me', 0, { resumed: true }));
  timers.run();
  assert.deepEqual(wire.take().map((f) => f.type), ['say', 'stamp']);
});

test('send errors: duplicate counts as delivered; slow mode gives the text back; not_in_room asks to rejoin', () => {
  const { store, wire, changes } = room();
  store.applyJoined(joined('hiroba', 'mb_me', 0));
  store.say('a');
  store.say('b');
  store.say('c');
  const [a, b, c] = wire.take();
  assert.ok(store.ownsRef(a.id) && !store.ownsRef('m-unknown') && !store.ownsRef(undefined));
  store.applySendError({ type: 'error', code: 'duplicate', ref: a.id });
  store.applySendError({ type: 'error', code: 'slow_mode', ref: b.id, retry_after_ms: 6500 });
  store.applySendError({ type: 'error', code: 'not_in_room', ref: c.id });
  assert.deepEqual(store.pending(), []);
  const errors = changes.filter((x) => x.type === 'sendError');
  assert.deepEqual(errors.map((e) => [e.code, e.restore, e.retryAfterMs]), [['slow_mode', 'b', 6500], ['not_in_room', 'c', undefined]]);
  assert.equal(changes.filter((x) => x.type === 'rejoinNeeded').length, 1);
});

test('listening: the person\'s choice is sent when joined; the server\'s is followed silently', () => {
  const { store, wire, changes } = room();
  store.setListening(false);
  assert.equal(wire.sent.length, 0, 'not joined: nothing to tell yet');
  store.applyJoined(joined('hiroba', 'mb_me', 0, { listening: true }));
  assert.equal(store.listening, true);
  store.setListening(false);
  store.setListening(false);
  assert.deepEqual(wire.take(), [{ type: 'status', room: 'hiroba', listening: false }]);
  assert.deepEqual(changes.filter((c) => c.type === 'listening').map((c) => [c.listening, c.byUser]),
    [[false, true], [true, false], [false, true]]);
});

test('hiding a person is for oneself: saved locally, never sent, and their lines are not read out', () => {
  const { store, wire, changes, saved } = room();
  store.applyJoined(joined('hiroba', 'mb_me', 0));
  store.hide('mb_other', 'みどり');
  assert.deepEqual(saved.hiroba, { mb_other: 'みどり' });
  assert.ok(store.isHidden('mb_other'));
  changes.length = 0;
  store.applyEvent(msg('hiroba', 1));
  assert.ok(!changes.some((c) => c.type === 'announce'));
  assert.equal(wire.sent.length, 0);
  store.unhide('mb_other');
  assert.deepEqual(saved.hiroba, {});
  assert.deepEqual(kinds(store), ['note:hidden', 1]);
});

test('the log keeps the last 400 items and says when the oldest went', () => {
  const { store, changes } = room();
  store.applyJoined(joined('hiroba', 'mb_me', 0));
  for (let s = 1; s <= mod.maxItems + 5; s++) store.applyEvent(msg('hiroba', s));
  assert.equal(store.items.length, mod.maxItems);
  assert.equal(store.items[0].ev.seq, 6);
  assert.equal(changes.filter((c) => c.type === 'item' && c.dropped).length, 5);
});

test('left by the server: the room is closed and sends are refused', () => {
  const { store } = room();
  store.applyJoined(joined('hiroba', 'mb_me', 0));
  store.leftByServer();
  assert.ok(store.closed && !store.joined);
  assert.equal(store.say('もしもし'), 'not_connected');
  assert.deepEqual(kinds(store), ['note:left']);
});

// ---- the session store -----------------------------------------------------------------

function session(savedSeats = null) {
  const wire = fakeWire();
  const timers = manualTimers();
  let seats = savedSeats;
  const seatStore = { load: () => seats, save: (s) => (seats = JSON.parse(JSON.stringify(s))) };
  const s = new mod.SessionStore(wire, seatStore, null, timers);
  const changes = [];
  s.changes.on((c) => changes.push(c));
  return { s, wire, timers, changes, seats: () => seats };
}

test('two rooms at once: each event goes to its own room, and both seats are saved', () => {
  const { s, wire, changes, seats } = session();
  s.join(info('hiroba'), seat);
  s.join(info('yoru'), { ...seat, nick: 'ほし', listening: false });
  assert.deepEqual(wire.take().map((f) => [f.type, f.room]), [['join', 'hiroba'], ['join', 'yoru']]);
  s.apply(joined('hiroba', 'mb_a', 2));
  s.apply(joined('yoru', 'mb_b', 0, { nick: 'ほし', listening: false }));
  assert.deepEqual(changes.map((c) => [c.type, c.room, c.fresh]), [['joined', 'hiroba', true], ['joined', 'yoru', true]]);
  s.apply(msg('hiroba', 1));
  s.apply(msg('hiroba', 2));
  s.apply(msg('yoru', 1, 'mb_c', 'yoru 1'));
  s.apply({ type: 'presence', room: 'yoru', count: 3, listening: 1 });
  s.apply(msg('nowhere', 1)); // a room we have no seat in: ignored
  const hiroba = s.room('hiroba');
  const yoru = s.room('yoru');
  assert.deepEqual(seqs(hiroba), [1, 2]);
  assert.deepEqual(seqs(yoru), [1]);
  assert.equal(yoru.items[0].ev.text, 'yoru 1');
  assert.equal(hiroba.presence, null);
  assert.equal(yoru.presence.count, 3);
  assert.deepEqual(seats().map((x) => [x.info.id, x.nick, x.listening]), [['hiroba', 'くも', true], ['yoru', 'ほし', false]]);

  // Leaving one leaves the other as it was; the server's `left` for it is expected, not news.
  s.leave('hiroba');
  assert.deepEqual(wire.take(), [{ type: 'leave', room: 'hiroba' }]);
  s.apply({ type: 'left', room: 'hiroba' });
  assert.equal(s.room('hiroba'), undefined);
  assert.deepEqual(s.openRooms().map((r) => r.id), ['yoru']);
  assert.deepEqual(seats().map((x) => x.info.id), ['yoru']);
  s.apply(msg('yoru', 2));
  assert.deepEqual(seqs(yoru), [1, 2]);
  // A `left` the server decided closes that room only.
  s.apply({ type: 'left', room: 'yoru' });
  assert.ok(yoru.closed);
});

test('a welcome rejoins every seat with since, and a join still waiting goes again', () => {
  const { s, wire } = session();
  s.join(info('hiroba'), seat);
  s.apply(joined('hiroba', 'mb_a', 0));
  s.apply(msg('hiroba', 1));
  s.apply(msg('hiroba', 2));
  wire.up = false;
  s.disconnected();
  s.join(info('yoru'), seat); // not sent: the socket is down
  assert.equal(s.room('hiroba').joined, false);
  wire.take();
  wire.up = true;
  s.ready();
  assert.deepEqual(wire.take().map((f) => [f.room, f.since]), [['hiroba', 2], ['yoru', undefined]]);
  s.apply(joined('hiroba', 'mb_a', 2, { resumed: true }));
  s.apply(joined('yoru', 'mb_b', 0));
  assert.deepEqual(s.openRooms().map((r) => [r.id, r.joined]), [['hiroba', true], ['yoru', true]]);
});

test('join answers: errors go to the oldest join waiting; a rejoin refused closes that room; a stray joined is left', () => {
  const { s, wire, changes } = session();
  s.join(info('hiroba'), seat);
  s.join(info('women'), seat);
  s.apply(joined('hiroba', 'mb_a', 0));
  s.apply({ type: 'error', code: 'affirmation_required', message: 'x' });
  assert.deepEqual(changes.filter((c) => c.type === 'joinFailed'), [{ type: 'joinFailed', room: 'women', code: 'affirmation_required' }]);
  assert.equal(s.room('women'), undefined);
  s.apply({ type: 'error', code: 'room_full' }); // nothing waiting: not ours to place
  assert.equal(changes.filter((c) => c.type === 'joinFailed').length, 1);

  wire.take();
  s.rejoin('hiroba');
  s.apply({ type: 'error', code: 'room_closed' });
  assert.ok(s.room('hiroba').closed, 'a refused rejoin closes the room');

  s.apply(joined('stray', 'mb_z', 0));
  assert.deepEqual(wire.take().slice(-1), [{ type: 'leave', room: 'stray' }]);
  assert.equal(s.room('stray'), undefined);
});

test('nickname_taken answers the join of the room it names, with its suggestions; the room is not opened', () => {
  const { s, changes } = session();
  s.join(info('hiroba'), seat);
  s.join(info('yoru'), seat);
  s.apply({ type: 'error', code: 'nickname_taken', message: 'x', room: 'yoru', suggestions: ['くも2', 'そらのくも', 7] });
  assert.deepEqual(changes.filter((c) => c.type === 'joinFailed'),
    [{ type: 'joinFailed', room: 'yoru', code: 'nickname_taken', suggestions: ['くも2', 'そらのくも'] }]);
  assert.equal(s.room('yoru'), undefined);
  // hiroba's join still waits, and its answer still finds it.
  s.apply(joined('hiroba', 'mb_a', 0));
  assert.ok(s.room('hiroba').joined);
  // A room nobody is joining: not ours to place.
  s.apply({ type: 'error', code: 'nickname_taken', room: 'age-20s', suggestions: [] });
  assert.equal(changes.filter((c) => c.type === 'joinFailed').length, 1);
});

test('a not_in_room answer to a say joins that room again', () => {
  const { s, wire } = session();
  s.join(info('hiroba'), seat);
  s.apply(joined('hiroba', 'mb_a', 0));
  s.room('hiroba').say('もしもし');
  const say = wire.take().pop();
  s.apply({ type: 'error', code: 'not_in_room', ref: say.id });
  assert.deepEqual(wire.take().map((f) => [f.type, f.room]), [['join', 'hiroba']]);
});

test('room list updates the info of every room we sit in', () => {
  const { s, changes } = session();
  s.join(info('hiroba'), seat);
  s.apply(joined('hiroba', 'mb_a', 0));
  s.apply({ type: 'room_list', rooms: [info('hiroba', { slow_mode_s: 10 }), info('yoru')] });
  assert.equal(s.rooms.length, 2);
  assert.equal(s.room('hiroba').info.slow_mode_s, 10);
  assert.ok(changes.some((c) => c.type === 'rooms'));
});

test('saved seats come back after a reload and rejoin on the next welcome; closeAll keeps them saved', () => {
  const first = session();
  first.s.join(info('hiroba'), seat);
  first.s.apply(joined('hiroba', 'mb_a', 0));
  const saved = first.seats();
  const { s, wire, seats } = session(saved);
  assert.deepEqual(s.restore().map((r) => r.id), ['hiroba']);
  assert.equal(wire.sent.length, 0, 'nothing goes before the welcome');
  s.ready();
  assert.deepEqual(wire.take().map((f) => [f.type, f.room, f.nick]), [['join', 'hiroba', 'くも']]);
  s.closeAll();
  assert.deepEqual(s.openRooms(), []);
  assert.deepEqual(seats().map((x) => x.info.id), ['hiroba']);
});

// ---- the router ------------------------------------------------------------------------

function router() {
  const log = [];
  const host = {
    mount: (screen, focus, route) => log.push(['mount', screen.el, focus, route.name]),
    remember: (route) => log.push(['remember', route && route.name]),
    bodyClass: (cls, on) => log.push(['body', cls, on]),
  };
  return { r: new mod.Router(host, { name: 'landing', params: {} }), log };
}

const screen = (el, log) => ({ el, dispose: () => log.push(['dispose', el]) });

test('router: screens register by name, the one left is disposed, routes are remembered as asked', () => {
  const { r, log } = router();
  const entered = [];
  r.register('landing', { remember: 'clear', build: () => screen('L', log) });
  r.register('room', {
    remember: 'save', bodyClass: 'in-room', enter: (p) => entered.push(p.room),
    build: (p) => (p.room === 'hiroba' ? screen(`R:${p.room}`, log) : null),
  });
  assert.throws(() => r.register('room', { build: () => null }), /twice/);
  r.go('landing', {}, { focus: false });
  r.go('room', { room: 'hiroba' });
  assert.ok(r.is('room') && r.is('room', { room: 'hiroba' }) && !r.is('room', { room: 'yoru' }));
  assert.deepEqual(log, [
    ['remember', null], ['mount', 'L', false, 'landing'],
    ['dispose', 'L'], ['remember', 'room'], ['body', 'in-room', true], ['mount', 'R:hiroba', true, 'room'],
  ]);
  log.length = 0;
  r.refresh(false); // a language switch: built again, not entered again
  assert.deepEqual(entered, ['hiroba']);
  assert.deepEqual(log.map((x) => x[0]), ['dispose', 'body', 'remember', 'body', 'mount']);
  log.length = 0;
  r.go('room', { room: 'gone' }); // cannot be built: the fallback shows instead
  assert.equal(r.current.name, 'landing');
  assert.ok(log.some((x) => x[0] === 'body' && x[2] === false));
  r.go('no-such-screen');
  assert.equal(r.current.name, 'landing');
});

test('router: a later set of screens registers beside the first without touching it', () => {
  const { r, log } = router();
  r.register('landing', { build: () => screen('L', log) });
  const staff = { register: (router) => router.register('supporter-queue', { build: () => screen('Q', log) }) };
  staff.register(r);
  r.go('supporter-queue');
  assert.equal(r.screen.el, 'Q');
  assert.ok(r.has('landing') && r.has('supporter-queue'));
});
