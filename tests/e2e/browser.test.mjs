// The web client in a real browser: Debian's Chromium through playwright-core, phone viewport,
// against a real ibasho-server (and a real Redis), as participants would use it.
//
//   node --test tests/e2e/browser.test.mjs            (from the repository root)
//   IBASHO_SCREENSHOT_DIR=docs/screenshots node --test tests/e2e/browser.test.mjs
//
// Screenshots go to a temporary folder unless IBASHO_SCREENSHOT_DIR names one, so an ordinary
// test run leaves the working tree as it was.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as s from './support.mjs';

const phone = { width: 390, height: 844 };
const shotsDir = process.env.IBASHO_SCREENSHOT_DIR
  ? path.resolve(s.repo, process.env.IBASHO_SCREENSHOT_DIR)
  : fs.mkdtempSync(path.join(os.tmpdir(), 'ibasho-screenshots-'));

let redis;
let server;
let browser;
let axeSource;
const seenUrls = []; // every request and WebSocket any page opened
const ourHosts = new Set(); // host:port of every server the tests started
const pageErrors = [];

before(async () => {
  s.ensureClientBuilt();
  axeSource = fs.readFileSync(s.clientRequire().resolve('axe-core/axe.min.js'), 'utf8');
  redis = await s.startRedis();
  server = await s.startServer({ rooms: path.join(s.repo, 'tests', 'e2e', 'rooms.json'), redisUrl: redis.url });
  ourHosts.add(`127.0.0.1:${server.port}`);
  browser = await s.launchBrowser();
  fs.mkdirSync(shotsDir, { recursive: true });
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  await redis?.stop();
  console.log(`# screenshots: ${shotsDir}`);
});

// Contexts a test opened for itself; closed when it ends, pass or fail, so a failure does not
// leave a participant sitting in a room for the next test.
let scratch = [];

// A test that prints the server's log when it fails.
function e2e(name, fn) {
  test(name, { timeout: 60000 }, async () => {
    try {
      await fn();
    } catch (err) {
      console.error(`--- ibasho-server log (last lines) ---\n${server?.logs().split('\n').slice(-40).join('\n')}`);
      throw err;
    } finally {
      const open = scratch;
      scratch = [];
      await Promise.all(open.map((c) => c.close().catch(() => {})));
    }
  });
}

// One person on one phone: a browser context of their own (own storage, own session).
async function participant({ locale = 'ja-JP', colorScheme = 'light', viewport = phone, scale = 1, keep = false } = {}) {
  const context = await browser.newContext({
    viewport, locale, colorScheme, isMobile: true, hasTouch: true, deviceScaleFactor: scale,
  });
  if (!keep) scratch.push(context);
  context.on('request', (r) => seenUrls.push(r.url()));
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const sent = [];
  const sockets = [];
  page.on('websocket', (ws) => {
    seenUrls.push(ws.url());
    sockets.push(ws);
    ws.on('framesent', (f) => sent.push(String(f.payload)));
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The CSP allows no inline script or style: any violation is a bug in the client.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
  });
  return { context, page, sent, sockets };
}

async function openRooms(page) {
  await page.goto(server.origin + '/');
  await page.click('.landing .enter');
  await page.waitForSelector('.room-card');
}

async function joinRoom(page, room, { nick, listening = true, affirm = false } = {}) {
  await page.click(`button.room-open[data-room="${room}"]`);
  await page.waitForSelector('.join-form');
  if (nick) await page.fill('.join-form input.text-input', nick);
  const listen = page.locator('.join-form > .check-row input[type=checkbox]');
  if (listening) await listen.check();
  else await listen.uncheck();
  if (affirm) await page.check('.affirm-card input[type=checkbox]');
  await page.click('.join-form button[type=submit]');
  await page.waitForSelector('.room .log');
}

function logTexts(page) {
  return page.$$eval('.log li.msg .ev-text', (els) => els.map((e) => e.textContent));
}

async function waitText(page, text) {
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('.log li.msg .ev-text')].some((e) => e.textContent === t),
    text,
  );
}

async function say(page, text) {
  await page.fill('.composer-input', text);
  await page.click('.composer .send');
  await waitText(page, text);
}

async function shot(page, name) {
  await page.evaluate(() => {
    // No focus ring or caret left over from the test's own clicks.
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    return document.fonts.ready;
  });
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`) });
}

async function waitPerson(page, nick, tag) {
  await page.waitForFunction(
    ([n, tg]) => [...document.querySelectorAll('.people-list .person')].some(
      (p) => p.querySelector('.person-nick')?.textContent === n && p.querySelector('.tag')?.textContent === tg,
    ),
    [nick, tag],
  );
}

let a; // くも
let b; // みどり

e2e('two participants join the same room and talk; the late one sees recent history', async () => {
  a = await participant({ keep: true });
  b = await participant({ keep: true });
  await a.page.goto(server.origin + '/');
  await a.page.waitForSelector('.landing .featured');
  await shot(a.page, 'landing');
  await a.page.click('.landing .enter');
  await a.page.waitForSelector('.room-card');
  await joinRoom(a.page, 'hiroba', { nick: 'くも', listening: false });
  await say(a.page, 'こんばんは。今夜は少しだけ話せそうです。');
  await say(a.page, '寒くなってきましたね。あたたかくしてください。');

  await openRooms(b.page);
  await joinRoom(b.page, 'hiroba', { nick: 'みどり', listening: true });
  await waitText(b.page, '寒くなってきましたね。あたたかくしてください。');
  assert.deepEqual(await logTexts(b.page), [
    'こんばんは。今夜は少しだけ話せそうです。',
    '寒くなってきましたね。あたたかくしてください。',
  ]);
  // Someone else's words are not shown as one's own.
  assert.equal(await b.page.locator('.log li.msg.mine').count(), 0);

  await say(b.page, 'こんばんは。ここでは、ゆっくりで大丈夫ですよ。');
  await waitText(a.page, 'こんばんは。ここでは、ゆっくりで大丈夫ですよ。');
  assert.equal(await a.page.locator('.log li.msg.mine').count(), 2);
  await a.page.waitForFunction(() => document.querySelector('.people-text')?.textContent.startsWith('2人'));
});

e2e('listening status and stamps appear for the other', async () => {
  await b.page.click('.people-toggle');
  await waitPerson(b.page, 'くも', '話している');
  await waitPerson(b.page, 'みどり（あなた）', '話している'); // writing made みどり a talker

  await a.page.click('.seg label:first-of-type');
  await waitPerson(b.page, 'くも', '聞いている');
  assert.ok(a.sent.some((f) => f.includes('"type":"status"') && f.includes('"listening":true')));

  await a.page.click('.dock .stamp-btn[data-stamp="wakaru"]');
  const stamp = b.page.locator('.log li.stampev', { has: b.page.locator('.stamp-pill[data-stamp="wakaru"]') });
  await stamp.waitFor();
  assert.match(await stamp.textContent(), /くも/);

  // みどり answers くも's first message with a hug stamp, from the message's own menu.
  const first = b.page.locator('.log li.msg', { hasText: 'こんばんは。今夜は' });
  await first.locator('.ev-more').click();
  await first.locator('.ev-actions .stamp-btn[data-stamp="hug"]').click();
  const hug = a.page.locator('.log li.stampev', { has: a.page.locator('.stamp-pill[data-stamp="hug"]') });
  await hug.waitFor();
  assert.match(await hug.textContent(), /みどり.*こんばんは。今夜は/);
  await b.page.click('.people-toggle'); // close the panel again
  await shot(b.page, 'room');

  // Someone else looking at the list sees the live counts.
  const v = await participant();
  await openRooms(v.page);
  await v.page.waitForFunction(() => /2人/.test(document.querySelector('.room-card[data-room="hiroba"] .room-count')?.textContent ?? ''));
  await shot(v.page, 'rooms');
});

e2e('hiding a member is for oneself only and is never sent', async () => {
  const msg = b.page.locator('.log li.msg', { hasText: '寒くなってきましたね' });
  await msg.locator('.ev-more').click();
  await msg.locator('.hide-person').click();
  await b.page.waitForFunction(() => ![...document.querySelectorAll('.log .ev-text')].some((e) => e.textContent.includes('寒くなって')));
  await say(a.page, 'もう一度だけ書いてみます。');
  await s.sleep(400);
  assert.ok(!(await logTexts(b.page)).includes('もう一度だけ書いてみます。'));
  // Nothing about hiding went over the wire: only protocol requests.
  const types = new Set(b.sent.map((f) => JSON.parse(f).type));
  for (const type of types) assert.ok(['hello', 'rooms', 'join', 'say', 'stamp', 'status', 'leave'].includes(type), type);
  // And the other side still sees everything of its own.
  assert.ok((await logTexts(a.page)).includes('寒くなってきましたね。あたたかくしてください。'));

  await b.page.click('.log li.note button');
  await waitText(b.page, 'もう一度だけ書いてみます。');
  await waitText(b.page, '寒くなってきましたね。あたたかくしてください。');
});

e2e('a limited room asks for affirmation first', async () => {
  const c = await participant();
  await openRooms(c.page);
  await c.page.click('button.room-open[data-room="family"]');
  await c.page.waitForSelector('.join .affirm-card');
  assert.match(await c.page.textContent('.affirm-card'), /ご家族の方のための部屋です/);
  await c.page.fill('.join-form input.text-input', 'ひだまり');
  await shot(c.page, 'affirmation');

  await c.page.click('.join-form button[type=submit]');
  await c.page.waitForSelector('.form-error:not(:empty)');
  assert.match(await c.page.textContent('.form-error'), /チェック/);
  assert.equal(await c.page.locator('.room').count(), 0);
  assert.ok(!c.sent.some((f) => f.includes('"type":"join"')), 'nothing is sent before the affirmation');

  await c.page.check('.affirm-card input[type=checkbox]');
  await c.page.click('.join-form button[type=submit]');
  await c.page.waitForSelector('.room .log');
  const join = c.sent.map((f) => JSON.parse(f)).find((f) => f.type === 'join');
  assert.equal(join.room, 'family');
  assert.equal(join.affirm, true);
});

e2e('a room that shows counts shows no names', async () => {
  const w = await participant();
  await openRooms(w.page);
  await joinRoom(w.page, 'women', { nick: 'すずめ', affirm: true });
  await w.page.waitForFunction(() => document.querySelector('.people-text')?.textContent.startsWith('1人'));
  await w.page.click('.people-toggle');
  assert.match(await w.page.textContent('.people-panel'), /人数だけが表示されます/);
  assert.equal(await w.page.locator('.people-panel .tag').count(), 0);
});

e2e('away longer than the room remembers: a gentle note for the gap, then the rest once', async () => {
  const small = await s.startServer({ rooms: path.join(s.repo, 'tests', 'e2e', 'rooms-small-history.json'), redisUrl: redis.url });
  ourHosts.add(`127.0.0.1:${small.port}`);
  try {
    const x = await participant();
    const y = await participant();
    for (const [p, nick] of [[x, 'こだま'], [y, 'ゆげ']]) {
      await p.page.goto(small.origin + '/');
      await p.page.click('.landing .enter');
      await p.page.waitForSelector('.room-card');
      await joinRoom(p.page, 'mijikai', { nick, listening: false });
    }
    await say(y.page, 'はじめの一言');
    await waitText(x.page, 'はじめの一言');
    await x.context.setOffline(true);
    await x.page.waitForSelector('.banner.banner-offline');
    const written = [];
    for (let i = 1; i <= 6; i++) {
      written.push(`留守の間の ${i}`);
      await say(y.page, written[written.length - 1]);
    }
    await x.context.setOffline(false);
    await waitText(x.page, '留守の間の 6');
    await x.page.waitForSelector('.log li.note');
    // (Issue 13's "new since you were here" line is not a line of the log's content.)
    const items = await x.page.$$eval('.log li:not(.new-since)', (els) => els.map((e) => (e.classList.contains('note') ? 'NOTE' : e.querySelector('.ev-text')?.textContent)));
    // Only the last three were still kept: a note marks the hole, then they follow in order.
    assert.deepEqual(items, ['はじめの一言', 'NOTE', '留守の間の 4', '留守の間の 5', '留守の間の 6']);
    assert.match(await x.page.textContent('.log li.note'), /もう表示できません/);
  } finally {
    await small.stop();
  }
});

e2e('offline for a while: every message arrives once, in order, and the draft stays', async () => {
  const x = await participant();
  const y = await participant();
  await openRooms(x.page);
  await joinRoom(x.page, 'yoru', { nick: 'かぜ', listening: true });
  await openRooms(y.page);
  await joinRoom(y.page, 'yoru', { nick: 'ほし', listening: false });
  await say(y.page, '今夜もよろしくお願いします。');
  await waitText(x.page, '今夜もよろしくお願いします。');

  const draft = 'まだ送っていない下書きです';
  await x.page.fill('.composer-input', draft);
  await x.context.setOffline(true);
  await x.page.waitForSelector('.banner.banner-offline');

  const written = [];
  for (let i = 1; i <= 5; i++) {
    const text = `トンネルの間のメッセージ ${i}`;
    await say(y.page, text);
    written.push(text);
    await s.sleep(600);
  }
  // Sending while offline keeps the message and says so gently (issue 13: it is kept in memory,
  // marked, and goes by itself once the connection returns); the box is free for a new draft,
  // which stays through the reconnect.
  await x.page.click('.composer .send');
  await x.page.waitForSelector('.log-pending li.is-queued');
  assert.match(await x.page.textContent('.dock-note'), /つながっていません/);
  await x.page.fill('.composer-input', draft);

  await x.context.setOffline(false);
  await x.page.waitForFunction(
    (want) => {
      const got = [...document.querySelectorAll('.log li.msg .ev-text')].map((e) => e.textContent);
      return want.every((w) => got.includes(w));
    },
    written,
    { timeout: 20000 },
  );
  await x.page.waitForFunction(() => document.querySelectorAll('.log-pending li').length === 0, null, { timeout: 20000 });
  const texts = await logTexts(x.page);
  // The message written offline went once, after what came while away.
  assert.deepEqual(texts, ['今夜もよろしくお願いします。', ...written, draft]);
  const seqs = await x.page.$$eval('.log li.ev', (els) => els.map((e) => Number(e.getAttribute('data-seq'))));
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1], `seq ${seqs[i]} after ${seqs[i - 1]}`);
  assert.equal(await x.page.inputValue('.composer-input'), draft);
  // Resumed, not a new session: the same member id, and a join that asked for `since`.
  const joins = x.sent.map((f) => JSON.parse(f)).filter((f) => f.type === 'join');
  assert.ok(joins.length >= 2 && joins[joins.length - 1].since >= 1, JSON.stringify(joins));
  assert.ok(x.sent.some((f) => f.includes('"resume"')));

  // Live delivery works again, once.
  await say(y.page, 'おかえりなさい。');
  await waitText(x.page, 'おかえりなさい。');
  await s.sleep(300);
  assert.equal((await logTexts(x.page)).filter((t) => t === 'おかえりなさい。').length, 1);
  await x.page.waitForFunction(() => !document.querySelector('.banner-offline'));
});

e2e('the help directory is one tap away, also inside a room', async () => {
  await a.page.click('#help-btn');
  await a.page.waitForSelector('.help .help-entry');
  const text = await a.page.textContent('.help');
  for (const n of ['0120-279-338', '0570-783-556', '0120-061-338', '0570-087478']) assert.ok(text.includes(n), n);
  assert.equal(await a.page.getAttribute('.help a.call >> nth=0', 'href'), 'tel:0120279338');
  await shot(a.page, 'help');
  // The draft and the room are still there after closing help.
  await a.page.click('.help .help-close');
  await a.page.waitForSelector('.room .log');
  assert.ok((await logTexts(a.page)).length >= 3);
});

e2e('English follows the browser, and every screen switches language', async () => {
  const e = await participant({ locale: 'en-US' });
  await e.page.goto(server.origin + '/');
  await e.page.waitForSelector('.landing .featured');
  assert.equal(await e.page.getAttribute('html', 'lang'), 'en');
  assert.match(await e.page.textContent('.landing .enter'), /Look at the rooms/);
  assert.match(await e.page.textContent('#exit-btn'), /Quick exit/);
  await shot(e.page, 'landing-en');
  await e.page.click('.landing .lang-switch');
  assert.equal(await e.page.getAttribute('html', 'lang'), 'ja');
  assert.match(await e.page.textContent('.landing .enter'), /部屋をのぞいてみる/);
});

async function axeScan(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result.filter((x) => !bad.includes(x))) console.log(`# axe ${label}: ${v.impact} ${v.id}: ${v.help} ${v.nodes.join(', ')}`);
  assert.deepEqual(bad, [], `${label}: ${JSON.stringify(bad, null, 1)}`);
}

e2e('no serious accessibility violation on the main screens, in both languages and both schemes', async () => {
  for (const [locale, scheme] of [['ja-JP', 'light'], ['en-US', 'light'], ['ja-JP', 'dark']]) {
    const p = await participant({ locale, colorScheme: scheme });
    const tag = `${locale}/${scheme}`;
    await p.page.goto(server.origin + '/');
    await p.page.waitForSelector('.landing .featured');
    await axeScan(p.page, `landing ${tag}`);
    await p.page.click('.landing .enter');
    await p.page.waitForSelector('.room-card');
    await axeScan(p.page, `rooms ${tag}`);
    await p.page.click('button.room-open[data-room="age-40plus"]');
    await p.page.waitForSelector('.join .affirm-card');
    await axeScan(p.page, `affirmation ${tag}`);
    await p.page.click('.join-form .btn-quiet');
    await joinRoom(p.page, 'hiroba', { listening: true });
    await waitText(p.page, 'もう一度だけ書いてみます。');
    await p.page.click('.people-toggle');
    await p.page.locator('.log li.msg .ev-more').first().click();
    await axeScan(p.page, `room ${tag}`);
    await p.page.click('#help-btn');
    await p.page.waitForSelector('.help .help-entry');
    await axeScan(p.page, `help ${tag}`);
  }
});

e2e('usable at 360x640 and at 200 % zoom: nothing runs off the side', async () => {
  for (const [viewport, scale, label] of [[{ width: 360, height: 640 }, 1, '360x640'], [{ width: 180, height: 320 }, 2, '200%']]) {
    const p = await participant({ viewport, scale });
    const noSideScroll = async (where) => {
      const over = await p.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(over <= 0, `${label} ${where}: ${over}px wider than the screen`);
    };
    await p.page.goto(server.origin + '/');
    await p.page.waitForSelector('.landing .featured');
    await noSideScroll('landing');
    await p.page.click('.landing .enter');
    await p.page.waitForSelector('.room-card');
    await noSideScroll('rooms');
    await joinRoom(p.page, 'hiroba', { listening: true });
    await waitText(p.page, 'もう一度だけ書いてみます。');
    await noSideScroll('room');
    // Quick exit and help stay on screen; the composer is there when scrolled to.
    const onScreen = async (sel) => {
      const box = await p.page.locator(sel).boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= viewport.height + 1, `${label}: ${sel} off screen ${JSON.stringify(box)}`);
    };
    await p.page.locator('.composer-input').scrollIntoViewIfNeeded();
    await onScreen('.composer-input');
    await onScreen('.composer .send');
    await onScreen('#exit-btn');
    await onScreen('#help-btn');
    await p.page.evaluate(() => window.scrollTo(0, 0));
    await onScreen('#exit-btn');
    await p.page.screenshot({ path: path.join(os.tmpdir(), `ibasho-room-${label.replace('%', 'pct')}.png`) });
  }
});

e2e('quick exit leaves nothing behind and Back does not bring the chat back', async () => {
  const page = a.page;
  await page.evaluate(() => localStorage.setItem('something-else', '1'));
  assert.ok(await page.evaluate(() => sessionStorage.length > 0));
  await page.fill('.composer-input', 'この文は誰にも見られたくない');
  await page.click('#exit-btn');
  await page.waitForURL('**/neutral.html');
  await page.waitForSelector('h1');
  assert.match(await page.textContent('h1'), /雲の種類/);
  const left = await page.evaluate(() => ({ s: sessionStorage.length, l: localStorage.length, c: document.cookie }));
  assert.deepEqual(left, { s: 0, l: 0, c: '' });
  assert.deepEqual(await a.context.cookies(), []);
  for (const ws of a.sockets) {
    if (!ws.isClosed()) await ws.waitForEvent('close', { timeout: 5000 });
  }
  await page.goBack().catch(() => null);
  await s.sleep(300);
  const url = page.url();
  assert.ok(url !== server.origin + '/' && !url.startsWith(server.origin + '/?'), `Back went to ${url}`);
  assert.equal(await page.locator('.room, .composer-input').count(), 0);
  // みどり sees one person fewer.
  await b.page.waitForFunction(() => document.querySelector('.people-text')?.textContent.startsWith('1人'));
});

e2e('no request ever goes to another host, and no page error happened', async () => {
  assert.ok(seenUrls.length > 10);
  const foreign = seenUrls.filter((u) => {
    const url = new URL(u);
    if (url.protocol === 'data:' || url.protocol === 'about:' || url.protocol === 'blob:') return false;
    return !ourHosts.has(url.host);
  });
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors, [], 'page errors or CSP violations');
});
