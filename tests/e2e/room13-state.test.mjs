// Issue 13, the room's second round, in plain Node (no DOM): the room store's earlier history
// (the `earlier` frame, older events held until their end frame, then put in at the top), the
// "new since you were here" line after a reconnect or a return to the room, says written
// offline (kept in memory, sent by themselves once, with the same id), and quoted replies (`re`).

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
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ibasho-room13-state-'));
  const entry = path.join(tmp, 'entry.ts');
  const src = path.join(clientDir, 'src');
  fs.writeFileSync(entry, [
    `export * from ${JSON.stringify(path.join(src, 'state', 'room-store.ts'))};`,
    `export * from ${JSON.stringify(path.join(src, 'state', 'session-store.ts'))};`,
    `export * from ${JSON.stringify(path.join(src, 'state', 'earlier.ts'))};`,
  ].join('\n'));
  const out = path.join(tmp, 'state.mjs');
  await esbuild.build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'error' });
  assert.equal(globalThis.document, undefined, 'no browser globals in this process');
  mod = await import(pathToFileURL(out).href);
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

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

function manualTimers() {
  let next = 1;
  const due = new Map();
  return {
    set: (fn) => { due.set(next, fn); return next++; },
    clear: (h) => due.delete(h),
    run: () => { const fns = [...due.values()]; due.clear(); fns.forEach((f) => f()); },
  };
}

const info = (id) => ({
  id, name: { ja: id }, description: {}, rules: {}, audience: ['open'], state: 'open', capacity: 0,
  members: 0, listening: 0, presence: 'names', slow_mode_s: 0, limited: false,
});
const joined = (room, seq) => ({ type: 'joined', room, member: 'mb_me', nick: 'くも', seq, listening: false });
const msg = (room, seq, from = 'mb_other', extra = {}) =>
  ({ type: 'message', room, seq, from, nick: from === 'mb_me' ? 'くも' : 'みどり', text: `line ${seq}`, ts: 1734567890000 + seq, id: `x-${seq}`, ...extra });

function room() {
  const wire = fakeWire();
  const timers = manualTimers();
  const store = new mod.RoomStore(wire, info('hiroba'), { nick: 'くも', listening: false, affirmed: false }, null, timers);
  const changes = [];
  store.changes.on((c) => changes.push(c));
  return { store, wire, timers, changes };
}

const seqs = (store) => store.items.filter((i) => i.kind !== 'note').map((i) => (i.kind === 'tombstone' ? i.seq : i.ev.seq));

test('earlier: asks before the oldest seq held, holds older events until the end frame, then puts them in at the top', () => {
  const { store, wire, changes } = room();
  store.applyJoined(joined('hiroba', 120));
  for (let s = 71; s <= 120; s++) store.applyEvent(msg('hiroba', s));
  assert.equal(store.earlierState, 'idle');
  assert.ok(store.canLoadEarlier());
  wire.take();
  assert.equal(store.loadEarlier(), true);
  const [frame] = wire.take();
  assert.equal(frame.type, 'earlier');
  assert.equal(frame.room, 'hiroba');
  assert.equal(frame.before, 71);
  assert.ok(/^e-/.test(frame.id));
  assert.equal(store.earlierState, 'loading');
  assert.equal(store.loadEarlier(), false, 'one request at a time');
  changes.length = 0;
  // Seq 30 is a `hide` event (of 29): the log already shows what it did, so it is skipped.
  for (let s = 21; s <= 70; s++) {
    store.applyEvent(s === 30 ? { type: 'hide', room: 'hiroba', seq: 30, target: 29, reason: 'x', ts: 1 } : msg('hiroba', s));
  }
  assert.deepEqual(changes, [], 'older events wait for their end');
  assert.equal(store.items.length, 50);
  store.applyEarlierEnd({ type: 'earlier', room: 'hiroba', ref: 'someone-else', count: 50, more: true, kept_s: 3600 });
  assert.equal(store.items.length, 50, 'an end for another request changes nothing');
  store.applyEarlierEnd({ type: 'earlier', room: 'hiroba', ref: frame.id, count: 50, more: true, kept_s: 3600 });
  assert.equal(seqs(store)[0], 21);
  assert.equal(seqs(store).length, 99, 'the hide event was skipped; 50 messages went in at the top');
  const pre = changes.find((c) => c.type === 'prepended');
  assert.equal(pre.items.length, 49);
  assert.equal(store.earlierState, 'more');
  assert.equal(store.lastSeq, 120, 'the live position is untouched');
  // Live events still go at the end, and a replayed old one is never shown twice.
  store.applyEvent(msg('hiroba', 121));
  store.applyEvent(msg('hiroba', 50));
  assert.equal(seqs(store).at(-1), 121);
  assert.equal(seqs(store).filter((s) => s === 50).length, 1);
});

test('earlier: the end of history is told calmly (gone or the start), and a refusal can be retried', () => {
  const { store, wire } = room();
  store.applyJoined(joined('short', 6));
  for (const s of [4, 5, 6]) store.applyEvent(msg('short', s));
  store.loadEarlier();
  let f = wire.take().at(-1);
  store.applyEarlierEnd({ type: 'earlier', room: 'short', ref: f.id, count: 0, more: false, kept_s: 60 });
  assert.equal(store.earlierState, 'gone');
  assert.equal(store.keptS, 60);
  assert.equal(store.canLoadEarlier(), false);
  assert.deepEqual(mod.keptParts(60), { unit: 'minutes', n: 1 });
  assert.deepEqual(mod.keptParts(3600), { unit: 'hours', n: 1 });

  const b = room();
  b.store.applyJoined(joined('hiroba', 3));
  for (const s of [2, 3]) b.store.applyEvent(msg('hiroba', s));
  b.store.loadEarlier();
  f = b.wire.take().at(-1);
  assert.equal(b.store.ownsRef(f.id), true);
  b.store.applySendError({ type: 'error', code: 'service_degraded', ref: f.id });
  assert.equal(b.store.earlierState, 'failed');
  assert.ok(b.store.canLoadEarlier());
  b.store.loadEarlier();
  f = b.wire.take().at(-1);
  b.store.applyEvent(msg('hiroba', 1));
  b.store.applyEarlierEnd({ type: 'earlier', room: 'hiroba', ref: f.id, count: 1, more: false, kept_s: 3600 });
  assert.equal(b.store.earlierState, 'start', 'the log reaches the room\'s first message');
  assert.deepEqual(seqs(b.store), [1, 2, 3]);
});

test('new since you were here: after a reconnect the line goes after the last seq seen; returning to the room too', () => {
  const { store, changes } = room();
  store.applyJoined(joined('hiroba', 2));
  for (const s of [1, 2]) store.applyEvent(msg('hiroba', s));
  assert.equal(store.dividerAfter, -1, 'a first visit has no line');
  store.disconnected();
  store.applyJoined(joined('hiroba', 5));
  assert.equal(store.dividerAfter, 2);
  assert.ok(changes.some((c) => c.type === 'divider'));
  for (const s of [3, 4, 5]) store.applyEvent(msg('hiroba', s));

  // Nothing new while away: no line.
  const quiet = room();
  quiet.store.applyJoined(joined('hiroba', 2));
  for (const s of [1, 2]) quiet.store.applyEvent(msg('hiroba', s));
  quiet.store.disconnected();
  quiet.store.applyJoined(joined('hiroba', 2));
  assert.equal(quiet.store.dividerAfter, -1);

  // The room's screen left and shown again.
  store.screenLeft();
  assert.equal(store.dividerAfter, -1);
  store.applyEvent(msg('hiroba', 6));
  store.screenShown();
  assert.equal(store.dividerAfter, 5);
  store.screenLeft();
  store.screenShown();
  assert.equal(store.dividerAfter, -1, 'nothing came: no line');
});

test('offline draft: kept in memory, sent by itself once on rejoin with the same id, and said so', () => {
  const { store, wire, timers, changes } = room();
  store.applyJoined(joined('hiroba', 0));
  timers.run();
  wire.take();
  store.disconnected();
  wire.up = false;
  assert.equal(store.say('ただいま'), 'queued');
  const pending = store.pending();
  assert.equal(pending.length, 1);
  assert.equal(store.isQueued(pending[0].id), true);
  assert.equal(wire.sent.length, 0, 'nothing is sent while offline');
  // A stamp offline is not kept: only words the person wrote.
  assert.equal(store.stamp('hug'), 'not_connected');

  wire.up = true;
  store.applyJoined(joined('hiroba', 0));
  timers.run();
  const sent = wire.take().filter((f) => f.type === 'say');
  assert.equal(sent.length, 1);
  assert.equal(sent[0].id, pending[0].id);
  assert.equal(sent[0].text, 'ただいま');
  assert.deepEqual(changes.filter((c) => c.type === 'queuedSent').map((c) => c.n), [1]);
  assert.equal(store.isQueued(pending[0].id), false);
  // Its own message comes back: it leaves the outbox, and a later reconnect sends nothing again.
  store.applyEvent({ ...msg('hiroba', 1, 'mb_me'), id: pending[0].id, text: 'ただいま' });
  assert.equal(store.pending().length, 0);
  store.disconnected();
  store.applyJoined(joined('hiroba', 1));
  timers.run();
  assert.equal(wire.take().filter((f) => f.type === 'say').length, 0, 'exactly once');

  // Never joined at all: nothing to keep it for.
  const fresh = room();
  fresh.wire.up = false;
  assert.equal(fresh.store.say('x'), 'not_connected');
});

test('quoted reply: the say carries re, and the quote is found in the log', () => {
  const { store, wire } = room();
  store.applyJoined(joined('hiroba', 1));
  store.applyEvent(msg('hiroba', 1));
  wire.take();
  assert.equal(store.say('よかったですね', 1), 'sent');
  const [f] = wire.take();
  assert.equal(f.type, 'say');
  assert.equal(f.re, 1);
  store.say('ふつうに');
  assert.equal('re' in wire.take()[0], false);
  assert.deepEqual(store.quoted(1), { nick: 'みどり', text: 'line 1' });
  assert.equal(store.quoted(99), null, 'not in the log: the view says "an earlier message"');
  // A resend after a drop keeps `re`.
  store.disconnected();
  store.applyJoined(joined('hiroba', 1));
  store.applyPresence({ type: 'presence', room: 'hiroba', count: 2, listening: 0 });
  const again = wire.take().filter((x) => x.type === 'say');
  assert.equal(again.find((x) => x.text === 'よかったですね').re, 1);
});

test('the session store routes an earlier end frame to its room', () => {
  const wire = fakeWire();
  const session = new mod.SessionStore(wire, null, null, manualTimers());
  session.join(info('hiroba'), { nick: 'くも', listening: false, affirmed: false });
  session.apply(joined('hiroba', 60));
  const store = session.room('hiroba');
  for (let s = 11; s <= 60; s++) session.apply(msg('hiroba', s));
  wire.take();
  store.loadEarlier();
  const f = wire.take().at(-1);
  for (let s = 1; s <= 10; s++) session.apply(msg('hiroba', s));
  session.apply({ type: 'earlier', room: 'hiroba', ref: f.id, count: 10, more: false, kept_s: 3600 });
  assert.equal(store.items.length, 60);
  assert.equal(store.earlierState, 'start');
});

test('new since you were here: back in a room left earlier in this visit, the line goes after what was seen', () => {
  const wire = fakeWire();
  const session = new mod.SessionStore(wire, null, null, manualTimers());
  session.join(info('hiroba'), { nick: 'くも', listening: false, affirmed: false });
  session.apply(joined('hiroba', 3));
  for (const s of [1, 2, 3]) session.apply(msg('hiroba', s));
  session.leave('hiroba');
  session.join(info('hiroba'), { nick: 'くも', listening: false, affirmed: false });
  session.apply(joined('hiroba', 6));
  assert.equal(session.room('hiroba').dividerAfter, 3);
  // Nothing new: no line.
  session.leave('hiroba');
  session.join(info('hiroba'), { nick: 'くも', listening: false, affirmed: false });
  session.apply(joined('hiroba', 3));
  assert.equal(session.room('hiroba').dividerAfter, -1);
});
