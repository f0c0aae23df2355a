// The client's protocol plumbing without a browser: frame splitting, close-code plans,
// language detection, the help directory parser, and the connection's state machine against a
// fake WebSocket (hello/resume, backoff, 4001/4004, offline/online, a malformed token).
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

// ---- a small fake of the browser globals the connection uses --------------------------

class FakeWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static all = [];

  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.closedByClient = false;
    this.onopen = this.onmessage = this.onclose = this.onerror = null;
    FakeWebSocket.all.push(this);
  }
  send(data) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closedByClient = true;
    this.readyState = 3;
  }
  // server side
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(text) {
    this.onmessage?.({ data: text });
  }
  serverClose(code) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

function setGlobal(name, value) {
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}

const win = new EventTarget();
const doc = new EventTarget();
doc.visibilityState = 'visible';
const nav = { onLine: true, languages: ['ja'] };

before(async () => {
  ensureClientBuilt(); // also makes sure node_modules (esbuild) is there
  const esbuild = clientRequire()('esbuild');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ibasho-client-units-'));
  const entry = path.join(tmp, 'entry.ts');
  const src = path.join(clientDir, 'src');
  fs.writeFileSync(entry, [
    `export * from ${JSON.stringify(path.join(src, 'protocol.ts'))};`,
    `export { Connection } from ${JSON.stringify(path.join(src, 'connection.ts'))};`,
    `export { detectLang } from ${JSON.stringify(path.join(src, 'i18n.ts'))};`,
    `export { parseDirectory } from ${JSON.stringify(path.join(src, 'state', 'help-directory.ts'))};`,
    `export { suggestNick } from ${JSON.stringify(path.join(src, 'names.ts'))};`,
  ].join('\n'));
  const out = path.join(tmp, 'client.mjs');
  await esbuild.build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'error' });
  setGlobal('window', win);
  setGlobal('document', doc);
  setGlobal('navigator', nav);
  setGlobal('WebSocket', FakeWebSocket);
  mod = await import(pathToFileURL(out).href);
});

after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(cond, ms = 2000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(5);
  }
}

function harness(initialToken = null) {
  let token = initialToken;
  const log = { ready: [], messages: [], states: [], stopped: [] };
  const conn = new mod.Connection('ws://test/ws', { get: () => token, set: (t) => (token = t) }, {
    ready: (r) => log.ready.push(r),
    message: (m) => log.messages.push(m),
    state: (s) => log.states.push(s),
    stopped: (r) => log.stopped.push(r),
  });
  return { conn, log, token: () => token };
}

const welcome = (session, resumed = false) => JSON.stringify({ type: 'welcome', session, v: 1, resumed, idle_ttl_s: 1800 });
const token1 = 'q3Jx0bN8TfW-2kLm_Zp4Aa';

// ---- pure functions --------------------------------------------------------------------

test('a frame is split on newlines; unreadable and unknown lines are skipped', () => {
  const frame = [
    '{"type":"message","room":"r","seq":44,"from":"a","nick":"x","text":"one\\ntwo","ts":1,"id":"m-1"}',
    '{"type":"stamp","room":"r","seq":45,"from":"b","nick":"y","stamp":"thanks","ts":2,"id":"s-1"}',
    '',
    'not json',
    '{"type":"typing_from_the_future","room":"r"}',
    '[1,2]',
  ].join('\n');
  const out = mod.splitFrame(frame);
  assert.deepEqual(out.map((m) => m.seq), [44, 45]);
  assert.equal(out[0].text, 'one\ntwo');
});

test('close codes map to the documented plans', () => {
  assert.deepEqual(mod.planForClose(4001), { kind: 'retry', delayMs: 0 });
  assert.deepEqual(mod.planForClose(4002), { kind: 'retry', delayMs: 30000 });
  const p4003 = mod.planForClose(4003);
  assert.ok(p4003.kind === 'retry' && p4003.delayMs >= 5000);
  assert.deepEqual(mod.planForClose(4004), { kind: 'stop', reason: 'replaced' });
  assert.deepEqual(mod.planForClose(4009), { kind: 'stop', reason: 'removed' });
  const p1001 = mod.planForClose(1001);
  assert.ok(p1001.kind === 'retry' && p1001.delayMs >= 500 && p1001.delayMs <= 3000);
  assert.deepEqual(mod.planForClose(1006), { kind: 'backoff' });
  assert.deepEqual(mod.planForClose(4005), { kind: 'backoff' });
});

test('client ids fit the protocol and do not repeat', () => {
  const ids = new Set();
  for (let i = 0; i < 500; i++) {
    const id = mod.newId(i % 2 ? 'm' : 's');
    assert.match(id, /^[A-Za-z0-9_-]{1,64}$/);
    ids.add(id);
  }
  assert.equal(ids.size, 500);
});

test('Japanese by default; English only when the browser asks for it first', () => {
  assert.equal(mod.detectLang([]), 'ja');
  assert.equal(mod.detectLang(undefined), 'ja');
  assert.equal(mod.detectLang(['en-US', 'ja']), 'en');
  assert.equal(mod.detectLang(['ja-JP', 'en']), 'ja');
  assert.equal(mod.detectLang(['fr', 'en-GB']), 'en');
  assert.equal(mod.detectLang(['fr', 'de']), 'ja');
});

test('the help directory parser keeps good entries and drops broken ones', () => {
  const d = mod.parseDirectory({
    emergency: { name: { ja: '救急' }, tel: '119' },
    entries: [
      { id: 'a', name: { ja: 'A' }, tel: '0120-000-000', hours: { ja: '24時間' }, featured: true },
      { id: 'b', name: { ja: 'B' } }, // no number
      { id: 'c', name: 'not an object', tel: '1' },
      { id: 'd', name: { en: 'D' }, tel: '0570-000-000', hours: null },
    ],
  });
  assert.equal(d.emergency.tel, '119');
  assert.deepEqual(d.entries.map((e) => e.id), ['a', 'd']);
  assert.equal(d.entries[1].hours, null);
  assert.deepEqual(mod.parseDirectory(null).entries, []);
});

test('the shipped help directory has the default hotlines', () => {
  const d = mod.parseDirectory(JSON.parse(fs.readFileSync(path.join(clientDir, 'public', 'help', 'directory.json'), 'utf8')));
  const tels = d.entries.map((e) => e.tel);
  for (const tel of ['0120-279-338', '0570-783-556', '0120-061-338', '0570-087478']) assert.ok(tels.includes(tel), tel);
  for (const e of d.entries) assert.ok(e.name.ja && e.name.en, `${e.id} is named in both languages`);
});

test('nickname suggestions are short and differ from the one to avoid', () => {
  for (const lang of ['ja', 'en']) {
    for (let i = 0; i < 50; i++) {
      const n = mod.suggestNick(lang, 'くも');
      assert.ok(n.length >= 1 && n.length <= 24 && n !== 'くも');
    }
  }
});

// ---- the connection --------------------------------------------------------------------

test('hello, welcome, token kept; a drop reconnects with resume after a short backoff', async () => {
  FakeWebSocket.all = [];
  const h = harness();
  h.conn.start();
  const ws1 = FakeWebSocket.all[0];
  assert.equal(ws1.url, 'ws://test/ws');
  ws1.open();
  assert.deepEqual(ws1.sent, [{ type: 'hello', v: 1 }]);
  ws1.receive(welcome(token1) + '\n' + '{"type":"room_list","rooms":[]}');
  assert.equal(h.token(), token1);
  assert.deepEqual(h.log.ready, [false]);
  assert.equal(h.log.messages[0].type, 'room_list');
  assert.ok(h.conn.isReady);

  const t0 = Date.now();
  ws1.serverClose(1006);
  assert.equal(h.conn.isReady, false);
  await until(() => FakeWebSocket.all.length === 2);
  assert.ok(Date.now() - t0 <= 700, 'first retry within about half a second');
  const ws2 = FakeWebSocket.all[1];
  ws2.open();
  assert.deepEqual(ws2.sent, [{ type: 'hello', v: 1, resume: token1 }]);
  ws2.receive(welcome(token1, true));
  assert.deepEqual(h.log.ready, [false, true]);
  h.conn.destroy();
});

test('4001 reconnects at once; 4004 and 4009 never reconnect by themselves', async () => {
  FakeWebSocket.all = [];
  const h = harness(token1);
  h.conn.start();
  FakeWebSocket.all[0].open();
  FakeWebSocket.all[0].receive(welcome(token1, true));
  FakeWebSocket.all[0].serverClose(4001);
  await until(() => FakeWebSocket.all.length === 2, 100);

  FakeWebSocket.all[1].open();
  FakeWebSocket.all[1].receive(welcome(token1, true));
  FakeWebSocket.all[1].serverClose(4004);
  assert.deepEqual(h.log.stopped, ['replaced']);
  assert.equal(h.conn.state, 'stopped');
  await sleep(800);
  assert.equal(FakeWebSocket.all.length, 2, 'no reconnect after 4004');

  h.conn.start(); // the person chose "continue here"
  assert.equal(FakeWebSocket.all.length, 3);
  FakeWebSocket.all[2].open();
  FakeWebSocket.all[2].receive(welcome(token1, true));
  FakeWebSocket.all[2].serverClose(4009);
  assert.deepEqual(h.log.stopped, ['replaced', 'removed']);
  await sleep(800);
  assert.equal(FakeWebSocket.all.length, 3, 'no reconnect after 4009');
  h.conn.destroy();
});

test('offline closes the socket at once and waits; online reconnects quickly', async () => {
  FakeWebSocket.all = [];
  const h = harness(token1);
  h.conn.start();
  const ws1 = FakeWebSocket.all[0];
  ws1.open();
  ws1.receive(welcome(token1, true));
  nav.onLine = false;
  win.dispatchEvent(new Event('offline'));
  assert.ok(ws1.closedByClient);
  assert.equal(h.conn.state, 'offline');
  assert.equal(ws1.onmessage, null, 'late events of the old socket are ignored');
  await sleep(700);
  assert.equal(FakeWebSocket.all.length, 1, 'no attempt while offline');
  nav.onLine = true;
  win.dispatchEvent(new Event('online'));
  await until(() => FakeWebSocket.all.length === 2, 600);
  FakeWebSocket.all[1].open();
  assert.equal(FakeWebSocket.all[1].sent[0].resume, token1);
  h.conn.destroy();
});

test('a malformed stored token is dropped and a fresh hello goes on the same socket', () => {
  FakeWebSocket.all = [];
  const h = harness('not-a-token');
  h.conn.start();
  const ws = FakeWebSocket.all[0];
  ws.open();
  assert.deepEqual(ws.sent[0], { type: 'hello', v: 1, resume: 'not-a-token' });
  ws.receive('{"type":"error","code":"bad_token","message":"bad"}');
  assert.equal(h.token(), null);
  assert.deepEqual(ws.sent[1], { type: 'hello', v: 1 });
  assert.equal(h.log.messages.length, 0, 'the bad_token error is handled inside');
  ws.receive(welcome(token1));
  assert.equal(h.token(), token1);
  h.conn.destroy();
});

test('sending before the welcome is refused, so nothing goes out of order', () => {
  FakeWebSocket.all = [];
  const h = harness();
  h.conn.start();
  const ws = FakeWebSocket.all[0];
  assert.equal(h.conn.send({ type: 'rooms' }), false);
  ws.open();
  assert.equal(h.conn.send({ type: 'rooms' }), false);
  ws.receive(welcome(token1));
  assert.equal(h.conn.send({ type: 'rooms' }), true);
  assert.deepEqual(ws.sent.map((m) => m.type), ['hello', 'rooms']);
  h.conn.destroy();
});
