// Issue 12's client state with no DOM at all: the help card (routed to its room, at most three
// lines, a new one replaces the old, closable; its "talk now" is the existing ask), the notices
// the server sends by itself (contact_masked, not_shown with the writer's own copy kept and
// marked, muted with reason flood), and on the staff side the safety alerts (crisis first,
// escalated, alert_closed, reach_out opening the thread on this screen, ack_alert) and the
// shielded mark's flag. The TypeScript sources are bundled on the fly with the client's esbuild,
// as supporter-state.test.mjs does.

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
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ibasho-safety-state-'));
  const entry = path.join(tmp, 'entry.ts');
  const src = path.join(clientDir, 'src');
  fs.writeFileSync(entry, [
    `export * from ${JSON.stringify(path.join(src, 'protocol.ts'))};`,
    `export * from ${JSON.stringify(path.join(src, 'state', 'room-store.ts'))};`,
    `export * from ${JSON.stringify(path.join(src, 'state', 'session-store.ts'))};`,
    `export * from ${JSON.stringify(path.join(src, 'state', 'requests.ts'))};`,
    `export * from ${JSON.stringify(path.join(src, 'staff', 'state', 'queues.ts'))};`,
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

function manualTimers() {
  let next = 1;
  const due = new Map();
  return {
    set: (fn, ms) => {
      due.set(next, { fn, ms });
      return next++;
    },
    clear: (h) => due.delete(h),
    run: () => {
      const fns = [...due.values()];
      due.clear();
      fns.forEach((f) => f.fn());
    },
  };
}

const info = (id, extra = {}) => ({
  id, name: { ja: id }, description: {}, rules: {}, audience: ['open'], state: 'open', capacity: 0,
  members: 0, listening: 0, presence: 'names', slow_mode_s: 0, limited: false, ...extra,
});
const seat = { nick: 'くも', listening: false, affirmed: false };

function sessionIn(room, opts = {}) {
  const wire = fakeWire();
  const timers = manualTimers();
  const s = new mod.SessionStore(wire, null, null, timers);
  s.join(info(room), seat);
  s.apply({ type: 'joined', room, member: 'mb_me', nick: 'くも', seq: 0, listening: false, ...(opts.joined ?? {}) });
  wire.take();
  return { s, wire, timers, store: s.room(room) };
}

const yorisoi = { id: 'yorisoi', name: { ja: 'よりそいホットライン', en: 'Yorisoi Hotline' }, tel: '0120-279-338', hours: { ja: '24時間・通話無料', en: '24 hours, free call' } };
const card = (room, extra = {}) => ({ type: 'help_card', room, ref: 'm-1', on_duty: true, lines: [yorisoi], ...extra });

// ---- the wire ------------------------------------------------------------------------------

test('the new frames are read from the wire; unknown ones are still skipped', () => {
  const lines = [
    card('r'),
    { type: 'alert', alert: 'a_1', kind: 'crisis', room: 'r', seq: 42, member: 'Qm9v', nick: 'くも', at: 1, escalated: false },
    { type: 'alert_closed', alert: 'a_1', by: 'さくら', action: 'ack' },
    { type: 'something_newer', x: 1 },
  ].map((f) => JSON.stringify(f)).join('\n');
  assert.deepEqual(mod.splitFrame(lines).map((f) => f.type), ['help_card', 'alert', 'alert_closed']);
});

// ---- the help card -------------------------------------------------------------------------

test('a help card reaches its room only, keeps at most three lines, replaces the one shown, and can be closed', () => {
  const { s, store } = sessionIn('r');
  const changes = [];
  store.changes.on((c) => changes.push(c));
  s.apply(card('elsewhere'));
  assert.equal(store.helpCard, null, 'a card for another room is not this room\'s');

  const four = [yorisoi, { ...yorisoi, id: 'b', tel: '0570-783-556', hours: null }, { ...yorisoi, id: 'c' }, { ...yorisoi, id: 'd' }];
  s.apply(card('r', { lines: four }));
  assert.equal(store.helpCard.ref, 'm-1');
  assert.equal(store.helpCard.on_duty, true);
  assert.deepEqual(store.helpCard.lines.map((l) => l.id), ['yorisoi', 'b', 'c'], 'at most three lines');
  assert.equal(store.helpCard.lines[1].hours, null, 'hours unknown stays unknown');
  assert.deepEqual(changes.map((c) => c.type), ['helpCard']);

  s.apply(card('r', { ref: 'm-2', on_duty: false, lines: [yorisoi] }));
  assert.equal(store.helpCard.ref, 'm-2', 'the newer card replaces the older');
  assert.equal(store.helpCard.on_duty, false);
  assert.equal(changes.filter((c) => c.type === 'helpCard').length, 2);
  assert.deepEqual(store.items, [], 'the card is no line of the log');
  assert.deepEqual(store.notices, [], 'and no notice');

  store.dismissHelpCard();
  assert.equal(store.helpCard, null);
  assert.deepEqual(changes.at(-1), { type: 'helpCard', card: null });
  store.dismissHelpCard();
  assert.equal(changes.filter((c) => c.type === 'helpCard').length, 3, 'closing twice tells nobody twice');
});

test('the card never blocks: the message is the server\'s to deliver, and writing goes on', () => {
  const { s, wire, store } = sessionIn('r');
  assert.equal(store.say('消えたい'), 'sent');
  const say = wire.take()[0];
  s.apply(card('r', { ref: say.id }));
  // The message comes back as written, after the card.
  s.apply({ type: 'message', room: 'r', seq: 1, from: 'mb_me', nick: 'くも', text: '消えたい', ts: 1, id: say.id });
  assert.equal(store.pending().length, 0);
  assert.equal(store.items[0].ev.text, '消えたい');
  assert.equal(store.say('まだ書けます'), 'sent', 'the text box stays usable with the card shown');
  assert.equal(wire.take()[0].type, 'say');
  assert.ok(store.helpCard, 'the card stays until closed');
});

test('"talk with a peer supporter now" is the existing ask for the room, and then its waiting state', async () => {
  const { s, wire } = sessionIn('r');
  s.apply(card('r'));
  const asking = s.privateWord.ask('r');
  const f = wire.take()[0];
  assert.deepEqual({ type: f.type, room: f.room }, { type: 'ask', room: 'r' });
  assert.deepEqual(s.privateWord.askIn('r'), { state: 'asking' });
  s.apply({ type: 'ask_waiting', room: 'r', ask: 'q_1' });
  s.apply({ type: 'done', ref: f.id, action: 'ask' });
  assert.equal((await asking).ok, true);
  assert.deepEqual(s.privateWord.askIn('r'), { state: 'waiting', ask: 'q_1' });
});

// ---- notices the server sends by itself ----------------------------------------------------

test('contact_masked: one notice that replaces the last of its kind (never a pile); reminders still stack', () => {
  const { s, store } = sessionIn('r');
  const changes = [];
  store.changes.on((c) => c.type === 'notice' && changes.push(c));
  s.apply({ type: 'notice', room: 'r', kind: 'contact_masked', ref: 'm-1' });
  s.apply({ type: 'notice', room: 'r', kind: 'contact_masked', ref: 'm-2' });
  assert.deepEqual(store.notices.map((n) => [n.kind, n.ref]), [['contact_masked', 'm-2']]);
  assert.equal(changes[1].replaces.ref, 'm-1', 'the view is told which box to take away');
  s.apply({ type: 'notice', room: 'r', kind: 'reminder', text: 'a' });
  s.apply({ type: 'notice', room: 'r', kind: 'reminder', text: 'b' });
  assert.deepEqual(store.notices.map((n) => n.kind), ['contact_masked', 'reminder', 'reminder']);
});

test('not_shown: the writer\'s pending copy becomes their own marked line; nothing is resent after a reconnect', () => {
  const { s, wire, timers, store } = sessionIn('r');
  assert.equal(store.say('ひどい言葉'), 'sent');
  const say = wire.take()[0];
  assert.equal(store.pending().length, 1);
  const changes = [];
  store.changes.on((c) => changes.push(c));
  s.apply({ type: 'notice', room: 'r', kind: 'not_shown', ref: say.id });
  assert.equal(store.pending().length, 0, 'no longer waiting: no message will come for it');
  assert.deepEqual(store.items.map((i) => [i.kind, i.note, i.id, i.text]), [['note', 'notShown', say.id, 'ひどい言葉']]);
  assert.deepEqual(changes.map((c) => c.type), ['pending', 'item', 'notice']);
  assert.equal(changes[0].added, false);
  assert.deepEqual(store.notices, [], 'the marked copy says it; no notice box as well');
  assert.equal(store.lastSeq, 0, 'a local line has no seq');

  // A reconnect: the outbox is empty, so the hidden say does not go again.
  s.disconnected();
  s.ready();
  wire.take();
  s.apply({ type: 'joined', room: 'r', member: 'mb_me', nick: 'くも', seq: 0, listening: false });
  timers.run();
  assert.deepEqual(wire.take().filter((f) => f.type === 'say'), []);

  // A not_shown for a say this page no longer holds (a reload): a plain notice instead.
  s.apply({ type: 'notice', room: 'r', kind: 'not_shown', ref: 'm-unknown' });
  assert.deepEqual(store.notices.map((n) => n.kind), ['not_shown']);
});

test('muted with reason flood: the pause ends when the server says; a say refused meanwhile keeps its text', () => {
  const { s, wire, store } = sessionIn('r');
  const until = 1734568490123;
  s.apply({ type: 'notice', room: 'r', kind: 'muted', until, reason: 'flood' });
  assert.equal(store.mutedUntil, until);
  assert.deepEqual(store.notices.map((n) => [n.kind, n.reason]), [['muted', 'flood']]);
  const sendErrors = [];
  store.changes.on((c) => c.type === 'sendError' && sendErrors.push(c));
  store.say('もう一つ');
  const f = wire.take()[0];
  s.apply({ type: 'error', code: 'muted', ref: f.id, retry_after_ms: 30000 });
  assert.equal(sendErrors[0].restore, 'もう一つ');
  // A second flood pause replaces the first notice.
  s.apply({ type: 'notice', room: 'r', kind: 'muted', until: until + 60000, reason: 'flood' });
  assert.equal(store.notices.length, 1);
  assert.equal(store.mutedUntil, until + 60000);
});

test('clockTime is the local HH:MM', async () => {
  // i18n.ts touches document only in setLang; clockTime is plain.
  const esbuild = clientRequire()('esbuild');
  const out = path.join(tmp, 'i18n.mjs');
  await esbuild.build({ entryPoints: [path.join(clientDir, 'src', 'i18n.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'error' });
  const i18n = await import(pathToFileURL(out).href);
  const d = new Date(2026, 0, 2, 7, 5, 0);
  assert.equal(i18n.clockTime(d.getTime()), '07:05');
  assert.match(i18n.clockTime(Date.now()), /^\d\d:\d\d$/);
});

test('shielded rides on the message for staff screens; a participant\'s store just keeps the message', () => {
  const { s, store } = sessionIn('r');
  s.apply({ type: 'message', room: 'r', seq: 1, from: 'mb_x', nick: 'そら', text: '電話は [連絡先] です', ts: 1, id: 'x', shielded: true });
  assert.equal(store.items[0].ev.shielded, true);
  assert.equal(store.items[0].ev.text, '電話は [連絡先] です');
});

// ---- staff: safety alerts ------------------------------------------------------------------

function staffQueues() {
  const wire = fakeWire();
  const timers = manualTimers();
  const s = new mod.SessionStore(wire, null, null, timers);
  s.apply({ type: 'welcome', session: 'x', v: 1, resumed: false, role: 'supporter', staff: { name: 'はる', rooms: ['r', 'y'] } });
  const q = new mod.StaffQueues(s.requests, () => 5_000_000, s.privateWord);
  s.frames.on((m) => q.apply(m));
  return { s, q, wire };
}
const alert = (id, extra = {}) => ({ type: 'alert', alert: id, kind: 'crisis', room: 'r', seq: 42, member: 'Qm9v', nick: 'くも', at: 1_000, escalated: false, ...extra });

test('safety alerts: crisis first, escalated first, answered ones last; a signal for new and escalated ones only', () => {
  const { s, q } = staffQueues();
  const signals = [];
  q.changes.on((c) => c.type === 'safety' && signals.push([c.alert.id, c.alert.escalated]));
  s.apply(alert('a_word', { kind: 'word', at: 500 }));
  s.apply(alert('a_old', { at: 600 }));
  s.apply(alert('a_new', { at: 900, room: 'y', seq: null }));
  assert.deepEqual(q.safety().map((a) => a.id), ['a_old', 'a_new', 'a_word'], 'crisis before word, then oldest first');
  assert.equal(q.safety('y')[0].seq, null, 'not delivered: no message to point to');
  assert.equal(q.openSafety('r'), 2);
  assert.deepEqual(q.counts('r'), { reports: 0, asks: 0, held: 0 }, 'the issue 11 counts are unchanged');

  s.apply(alert('a_new', { at: 900, room: 'y', seq: null, escalated: true }));
  assert.deepEqual(q.safety().map((a) => a.id), ['a_new', 'a_old', 'a_word'], 'an escalated crisis comes first');
  s.apply(alert('a_new', { at: 900, room: 'y', seq: null, escalated: false }));
  assert.equal(q.safety()[0].escalated, true, 'escalated stays escalated');
  assert.deepEqual(signals, [['a_word', false], ['a_old', false], ['a_new', false], ['a_new', true]]);

  s.apply({ type: 'alert_closed', alert: 'a_new', by: 'さくら', action: 'reach_out' });
  const closed = q.safety().find((a) => a.id === 'a_new');
  assert.deepEqual(closed.closed, { by: 'さくら', action: 'reach_out' });
  assert.equal(q.safety().at(-1).id, 'a_new', 'answered elsewhere: greyed, last');
  assert.equal(q.openSafety('y'), 0);
  s.apply({ type: 'alert_closed', alert: 'a_unknown', by: 'さくら', action: 'ack' });
  q.dismissSafety('a_new');
  assert.deepEqual(q.safety().map((a) => a.id), ['a_old', 'a_word']);
  assert.equal(signals.length, 4, 'closing makes no sound');
});

test('reach out: one frame; on done the alert goes and the private thread that opens is this screen\'s', async () => {
  const { s, q, wire } = staffQueues();
  const opens = [];
  s.privateWord.changes.on((c) => c.type === 'open' && opens.push(c));
  s.apply(alert('a_1'));
  const reaching = q.reachOut('a_1');
  const f = wire.take()[0];
  assert.deepEqual({ type: f.type, alert: f.alert }, { type: 'reach_out', alert: 'a_1' });
  assert.match(f.id, /^[A-Za-z0-9_-]{1,64}$/);
  // The server opens the thread on both sides, then answers done.
  s.apply({ type: 'private_open', thread: 'q_9', room: 'r', staff: 'はる', member: 'Qm9v', nick: 'くも' });
  s.apply({ type: 'done', ref: f.id, action: 'reach_out' });
  assert.equal((await reaching).ok, true);
  assert.deepEqual(opens, [{ type: 'open', thread: 'q_9', accepted: true }], 'opened by this reach out: the screen goes to it');
  assert.equal(s.privateWord.thread('q_9').me, 'staff');
  assert.deepEqual(q.safety(), []);

  // done before private_open works the same.
  s.apply(alert('a_2', { member: 'mb_z' }));
  const second = q.reachOut('a_2');
  const g = wire.take()[0];
  s.apply({ type: 'done', ref: g.id, action: 'reach_out' });
  await second;
  s.apply({ type: 'private_open', thread: 'q_10', room: 'r', staff: 'はる', member: 'mb_z', nick: 'そら' });
  assert.equal(opens.at(-1).accepted, true);

  // A thread sent again after hello is still no jump.
  s.apply({ type: 'private_open', thread: 'q_11', room: 'r', staff: 'はる', member: 'mb_other', nick: 'うみ' });
  assert.equal(opens.at(-1).accepted, false);
});

test('reach out and seen: errors keep or drop the alert as they should; nothing is sent for an unknown alert', async () => {
  const { s, q, wire } = staffQueues();
  s.apply(alert('a_1'));
  s.apply(alert('a_2', { member: 'mb_2' }));
  s.apply(alert('a_3', { member: 'mb_3' }));

  const gone = q.reachOut('a_1');
  s.apply({ type: 'error', code: 'no_such_alert', ref: wire.take()[0].id });
  assert.equal((await gone).code, 'no_such_alert');
  assert.equal(q.safety().some((a) => a.id === 'a_1'), false, 'the writer is gone: nothing left to do');
  // The expectation went with the error: a later thread for that member is no jump.
  const opens = [];
  s.privateWord.changes.on((c) => c.type === 'open' && opens.push(c.accepted));
  s.apply({ type: 'private_open', thread: 'q_1', room: 'r', staff: 'はる', member: 'Qm9v', nick: 'くも' });
  assert.deepEqual(opens, [false]);

  const refused = q.reachOut('a_2');
  s.apply({ type: 'error', code: 'forbidden', ref: wire.take()[0].id });
  assert.equal((await refused).code, 'forbidden');
  assert.equal(q.safety().some((a) => a.id === 'a_2'), true, 'not ours to take: it stays for the room\'s staff');

  const seen = q.ackAlert('a_3');
  const f = wire.take()[0];
  assert.deepEqual({ type: f.type, alert: f.alert }, { type: 'ack_alert', alert: 'a_3' });
  s.apply({ type: 'done', ref: f.id, action: 'ack_alert' });
  assert.equal((await seen).ok, true);
  assert.deepEqual(q.safety().map((a) => a.id), ['a_2']);

  assert.equal((await q.ackAlert('a_nope')).code, 'no_such_alert');
  assert.equal((await q.reachOut('a_nope')).code, 'no_such_alert');
  assert.deepEqual(wire.take(), [], 'nothing left for an alert this screen never had');
});

test('safety alerts are capped; answered ones go first', () => {
  const { s, q } = staffQueues();
  s.apply(alert('a_closed', { at: 1 }));
  s.apply({ type: 'alert_closed', alert: 'a_closed', by: 'さくら', action: 'ack' });
  for (let i = 0; i < 30; i++) s.apply(alert(`a_${i}`, { at: 10 + i, member: `m${i}` }));
  assert.equal(q.safety().length, 30);
  assert.equal(q.safety().some((a) => a.id === 'a_closed'), false);
  assert.equal(q.safety().some((a) => a.id === 'a_0'), true);
});
