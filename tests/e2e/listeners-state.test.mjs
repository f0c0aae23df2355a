// Issue 13, "looking without being seen", in plain Node (no DOM): the preview store (one `peek`
// per look, answered by the `preview` with its ref; late answers to an older look dropped; the
// lines it shows) and the session store handing `preview` frames to the waiting request.

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
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ibasho-listeners-state-'));
  const entry = path.join(tmp, 'entry.ts');
  const src = path.join(clientDir, 'src');
  fs.writeFileSync(entry, [
    `export * from ${JSON.stringify(path.join(src, 'state', 'preview.ts'))};`,
    `export * from ${JSON.stringify(path.join(src, 'state', 'session-store.ts'))};`,
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
  return w;
}

const manualTimers = { set: () => 0, clear: () => {} };

function session(wire) {
  return new mod.SessionStore(wire, null, null, manualTimers);
}

const msg = (seq, nick, text) => ({ type: 'message', room: 'hiroba', seq, from: 'mb_' + seq, nick, text, ts: 1734567890000 + seq, id: 'm' + seq });

test('a look asks with peek, and the preview with its ref shows messages and counts', async () => {
  const wire = fakeWire();
  const s = session(wire);
  const store = new mod.PreviewStore(s.requests, 'hiroba');
  const seen = [];
  store.changes.on((c) => seen.push(c.kind));
  const looking = store.look();
  assert.equal(store.shown.kind, 'loading');
  const sent = wire.sent.at(-1);
  assert.equal(sent.type, 'peek');
  assert.equal(sent.room, 'hiroba');
  assert.ok(sent.id);
  s.apply({
    type: 'preview', room: 'hiroba', ref: sent.id, view: 'messages', count: 3, quiet: 2,
    messages: [msg(2, 'とり', 'ふたつめ'), { type: 'stamp', room: 'hiroba', seq: 3, from: 'x', nick: 'そら', stamp: 'hug', ts: 1, id: 's' },
      { type: 'hidden', room: 'hiroba', seq: 1, ts: 5 }],
  });
  await looking;
  assert.deepEqual(seen, ['loading', 'messages']);
  assert.equal(store.shown.kind, 'messages');
  assert.equal(store.shown.count, 3);
  assert.equal(store.shown.quiet, 2);
  // Oldest first; stamps left out; a hidden one keeps its place without text.
  assert.deepEqual(store.shown.lines.map((l) => [l.seq, l.hidden, l.nick, l.text]), [[1, true, '', ''], [2, false, 'とり', 'ふたつめ']]);
});

test('a gated room is about only; an error with the ref says why; a late answer to an older look is dropped', async () => {
  const wire = fakeWire();
  const s = session(wire);
  const store = new mod.PreviewStore(s.requests, 'women');
  const first = store.look();
  const firstId = wire.sent.at(-1).id;
  const second = store.look();
  const secondId = wire.sent.at(-1).id;
  s.apply({ type: 'preview', room: 'women', ref: secondId, view: 'about' });
  await second;
  assert.equal(store.shown.kind, 'about');
  s.apply({ type: 'preview', room: 'women', ref: firstId, view: 'messages', count: 1, quiet: 0, messages: [] });
  await first;
  assert.equal(store.shown.kind, 'about', 'the older answer changes nothing');

  const third = store.look();
  s.apply({ type: 'error', code: 'rate_limited', ref: wire.sent.at(-1).id, retry_after_ms: 1500 });
  await third;
  assert.deepEqual(store.shown, { kind: 'failed', code: 'rate_limited', retryAfterMs: 1500 });
});

test('offline, a look fails at once instead of waiting', async () => {
  const wire = fakeWire();
  wire.up = false;
  const store = new mod.PreviewStore(session(wire).requests, 'hiroba');
  await store.look();
  assert.deepEqual(store.shown, { kind: 'failed', code: 'not_connected' });
});
