// Leaving no trace on a shared device (issue 13): a real Chromium with a profile directory of
// its own, against the real server and Redis. After quick exit and closing the browser, no file
// of the profile holds the nickname or the room's name, the old title is nowhere, and the
// session token, wherever the browser kept it, is dead: a hello with it is not resumed.
//
//   node --test tests/e2e/trace.test.mjs            (from the repository root)

import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as s from './support.mjs';

const phone = { width: 390, height: 844 };

let redis;
let server;
let profile;

before(async () => {
  s.ensureClientBuilt();
  redis = await s.startRedis();
  server = await s.startServer({ rooms: path.join(s.repo, 'tests', 'e2e', 'rooms.json'), redisUrl: redis.url });
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ibasho-e2e-profile-'));
});

after(async () => {
  await server?.stop();
  await redis?.stop();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

function launchProfile() {
  const { chromium } = s.clientRequire()('playwright-core');
  return chromium.launchPersistentContext(profile, {
    executablePath: s.chromiumPath,
    headless: true,
    args: s.chromiumArgs,
    viewport: phone,
    locale: 'ja-JP',
    isMobile: true,
    hasTouch: true,
  });
}

// Every regular file under `dir`, read whole (binary-safe).
function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else if (entry.isFile()) {
      try {
        yield [p, fs.readFileSync(p)];
      } catch {
        // a socket or a file that vanished in between
      }
    }
  }
}

// The files of the profile that hold `text`, as UTF-8 or as UTF-16LE (how Chromium keeps
// DOM storage and many of its strings).
function filesHolding(dir, text) {
  const forms = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  const out = [];
  for (const [p, bytes] of files(dir)) {
    if (forms.some((f) => bytes.includes(f))) out.push(path.relative(dir, p));
  }
  return out;
}

// Five random katakana: a nickname that is in no file of the client or the browser.
function distinctiveNick() {
  const kana = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ';
  let nick = '';
  for (let i = 0; i < 5; i++) nick += kana[randomInt(kana.length)];
  return nick;
}

async function until(what, fn, ms = 20000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await s.sleep(200);
  }
}

test('quick exit leaves no trace that works in a real Chromium profile', { timeout: 120000 }, async () => {
  const nick = distinctiveNick();
  const context = await launchProfile();
  let token;
  let historyBefore;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10000);
    await page.goto(server.origin + '/');
    await page.waitForSelector('.landing .enter');
    // Discreet mode: the tab (and so the history) never names the place.
    assert.equal(await page.title(), 'メモ');
    assert.equal(await page.getAttribute('link[rel=icon]', 'href'), '/icon.svg');
    // The note on leaving no trace is on the first screen.
    await page.click('.landing .trace-note summary');
    assert.match(await page.textContent('.landing .trace-note'), /プライベート/);

    await page.click('.landing .enter');
    await page.waitForSelector('button.room-open[data-room="hiroba"]');
    await page.click('button.room-open[data-room="hiroba"]');
    await page.waitForSelector('.join-form');
    await page.fill('.join-form input.text-input', nick);
    await page.click('.join-form button[type=submit]');
    await page.waitForSelector('.room .log');
    await page.waitForFunction((n) => document.body.textContent.includes(n), nick);
    assert.equal(await page.title(), 'メモ');

    // A reload comes back into the room with the name and the nickname from the server alone.
    await page.reload();
    await page.waitForSelector('.room .log');
    await page.waitForFunction(() => document.querySelector('.room-title')?.textContent === 'ひろば');
    await page.waitForFunction((n) => document.body.textContent.includes(n), nick);

    token = JSON.parse(await page.evaluate(() => sessionStorage.getItem('ibasho.session')));
    assert.match(token, /^[A-Za-z0-9_-]{22}$/);
    // What the client keeps: the token and small switches, never the nickname or the name.
    const kept = await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
    assert.ok(!kept.includes(nick), `sessionStorage holds the nickname: ${kept}`);
    assert.ok(!kept.includes('ひろば') && !kept.includes('The open square'), `sessionStorage holds the room's name: ${kept}`);
    // The scan can see what the browser writes: the token reaches the profile on disk (DOM
    // storage is written a few seconds after a change), so the scan below is not blind.
    await until('the token to reach the profile on disk', () => filesHolding(profile, token).length > 0);

    historyBefore = await page.evaluate(() => history.length);
    await page.click('#exit-btn');
    await page.waitForURL('**/neutral.html');
    await page.waitForSelector('h1');
    // The history entry was replaced, not added to, and Back does not bring the app back.
    assert.equal(await page.evaluate(() => history.length), historyBefore);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  } finally {
    await context.close();
  }

  // The token is dead at once, whether or not a file still holds it.
  const probe = await s.launchBrowser();
  try {
    const p = await probe.newPage();
    await p.goto(server.origin + '/neutral.html');
    const welcome = await p.evaluate((t) => new Promise((resolve, reject) => {
      const ws = new WebSocket(location.origin.replace('http', 'ws') + '/ws');
      ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', v: 1, resume: t }));
      ws.onmessage = (e) => {
        for (const line of String(e.data).split('\n')) {
          const m = JSON.parse(line);
          if (m.type === 'welcome') {
            ws.close();
            resolve(m);
          }
        }
      };
      ws.onerror = () => reject(new Error('websocket error'));
    }), token);
    assert.equal(welcome.resumed, false, 'the old token still resumes its session');
    assert.notEqual(welcome.session, token);
  } finally {
    await probe.close();
  }

  // Nothing in the profile names the person, the room, or the place by its old title.
  for (const text of [nick, 'ひろば', 'The open square', '居場所 ibasho']) {
    assert.deepEqual(filesHolding(profile, text), [], `the profile holds ${JSON.stringify(text)}`);
  }
  // Kept on purpose and dead with the session (docs/architecture.md, "What the client keeps"):
  // said here so a change in what Chromium writes is noticed.
  const tokenFiles = filesHolding(profile, token);
  if (tokenFiles.length > 0) console.log(`# the dead token is still in ${tokenFiles.join(', ')}`);
  const idFiles = filesHolding(profile, '"hiroba"');
  if (idFiles.length > 0) console.log(`# the room id is still in ${idFiles.join(', ')}`);
});
