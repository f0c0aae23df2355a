// Issue 13, the room's second round, in real Chromium (playwright-core, phone viewport) against a
// stand-in (as safety-views.test.mjs does: a static server for client-web/dist with the real
// CSP, a scripted WebSocket inside the browser that keeps a room of 120 messages): loading
// earlier messages (the view stays put; the calm note at the start and where history ends), a
// quoted reply, Back between screens with one history entry at most, an offline draft sent by
// itself exactly once, the "new since" line and the count on the new-messages button, grouping,
// "read more", the character counter, the background-tab count, one tab stop for the log
// (arrow keys inside), 200 % zoom, axe at 390×844 and 360×640, light and dark, ja and en.
// The server's side of `earlier` and `re` is tested in tests/contract/earlier_test.cpp.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as s from './support.mjs';

const phone = { width: 390, height: 844 };
const TOKEN = 'S'.repeat(43);
const shotsDir = process.env.IBASHO_SCREENSHOT_DIR ? path.resolve(s.repo, process.env.IBASHO_SCREENSHOT_DIR) : '';
async function shot(page, name) {
  if (!shotsDir) return;
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`) });
}

let staticServer;
let origin;
let browser;
let axeSource;
const pageErrors = [];
const foreign = [];

before(async () => {
  s.ensureClientBuilt();
  axeSource = fs.readFileSync(s.clientRequire().resolve('axe-core/axe.min.js'), 'utf8');
  staticServer = await s.serveClient();
  origin = staticServer.origin;
  browser = await s.launchBrowser();
});

after(async () => {
  await browser?.close().catch(() => {});
  await staticServer?.close();
  assert.deepEqual(pageErrors, [], 'no page errors or CSP violations');
  assert.deepEqual(foreign, [], 'no request to another origin');
});

const room = {
  id: 'hiroba', name: { ja: 'ひろば', en: 'Plaza' }, description: { ja: 'どなたでも' }, rules: {}, audience: ['open'],
  state: 'open', capacity: 0, members: 2, listening: 1, presence: 'names', slow_mode_s: 0, limited: false, staff: 1,
};

async function phoneWith({ locale = 'ja-JP', api = {}, onFrame = () => {}, viewport = phone, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, locale, colorScheme, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('ws://127.0.0.1') && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  const fake = { sent: [], sockets: [] };
  fake.push = (...frames) => fake.sockets.at(-1)?.send(frames.map((f) => JSON.stringify(f)).join('\n'));
  fake.waitSent = async (pred) => {
    const until = Date.now() + 8000;
    for (;;) {
      const f = fake.sent.find(pred);
      if (f) return f;
      if (Date.now() > until) throw new Error('frame never sent; sent: ' + JSON.stringify(fake.sent.slice(-8)));
      await s.sleep(25);
    }
  };
  await context.route('**/api/**', async (route) => {
    const req = route.request();
    const p = new URL(req.url()).pathname;
    const h = api[`${req.method()} ${p}`];
    const r = typeof h === 'function' ? h(JSON.parse(req.postData() || 'null'), req.headers().authorization ?? '') : h;
    if (!r) return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found"}}' });
    return route.fulfill({ status: r.status ?? 200, contentType: 'application/json', body: JSON.stringify(r.body ?? {}) });
  });
  await context.routeWebSocket(/\/ws$/, (ws) => {
    fake.sockets.push(ws);
    ws.onMessage((data) => {
      const f = JSON.parse(String(data));
      fake.sent.push(f);
      if (f.type === 'hello') {
        const staff = f.staff === TOKEN;
        ws.send(JSON.stringify({ type: 'welcome', session: 'A'.repeat(22), v: 1, resumed: false, role: staff ? 'supporter' : 'participant', ...(staff ? { staff: { name: 'はる', rooms: ['hiroba'] } } : {}) }));
      } else if (f.type === 'rooms') {
        ws.send(JSON.stringify({ type: 'room_list', rooms: [room] }));
      }
      onFrame(f, ws, fake);
    });
  });
  return { context, page, fake };
}

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

// The stand-in room: `total` messages (two people take turns, with a run of three from one),
// the newest 50 on join, `earlier` answered from what is kept (history keeps `kept` at most),
// every say echoed back with its `re`.
function standIn({ total = 120, kept = 1000 } = {}) {
  const log = [];
  const mk = (seq, extra = {}) => ({
    type: 'message', room: 'hiroba', seq, from: seq % 2 ? 'mb_a' : 'mb_b', nick: seq % 2 ? 'みどり' : 'そら',
    text: `ことば ${seq}`, ts: 1734567890000 + seq * 1000, id: `x${seq}`, ...extra,
  });
  for (let q = 1; q <= total; q++) log.push(mk(q));
  const state = { log, joins: [], mk, offlineSays: [] };
  state.onFrame = (f, ws) => {
    const send = (...x) => ws.send(x.map((y) => JSON.stringify(y)).join('\n'));
    const last = log.at(-1)?.seq ?? 0;
    const first = Math.max(1, last - kept + 1);
    if (f.type === 'join') {
      state.joins.push(f);
      const from = f.since !== undefined ? f.since + 1 : Math.max(first, last - 49);
      send({ type: 'joined', room: 'hiroba', member: 'mb_me', nick: f.nick, seq: last, listening: false },
        ...log.filter((m) => m.seq >= from),
        { type: 'presence', room: 'hiroba', count: 3, listening: 0 });
    } else if (f.type === 'earlier') {
      const lo = Math.max(1, f.before - 50);
      const page = log.filter((m) => m.seq >= lo && m.seq < f.before && m.seq >= first);
      send(...page, { type: 'earlier', room: 'hiroba', ref: f.id, count: page.length, more: lo > 1 && page[0]?.seq === lo, kept_s: 3600 });
    } else if (f.type === 'say') {
      if (log.some((m) => m.id === f.id)) return; // the server de-duplicates client ids
      const m = { type: 'message', room: 'hiroba', seq: (log.at(-1)?.seq ?? 0) + 1, from: 'mb_me', nick: 'くも', text: f.text, ts: Date.now(), id: f.id };
      if (f.re !== undefined) m.re = f.re;
      log.push(m);
      send(m);
    }
  };
  return state;
}

async function inRoom(opts = {}) {
  const room = standIn(opts);
  const set = await phoneWith({ locale: opts.locale, onFrame: room.onFrame, viewport: opts.viewport, colorScheme: opts.colorScheme });
  const page = set.page;
  await page.goto(origin + '/');
  await page.waitForSelector('.landing .enter');
  const baseDepth = await page.evaluate(() => history.length);
  await page.click('.landing .enter');
  await page.click('button.room-open[data-room="hiroba"]');
  await page.fill('.join-form input.text-input', 'くも');
  await page.locator('.join-form > .check-row input[type=checkbox]').uncheck();
  await page.click('.join-form button[type=submit]');
  await page.waitForSelector(`.log li.msg[data-seq="${room.log.at(-1).seq}"]`);
  return { ...set, room, baseDepth };
}

const visibleSeqs = (page) => page.$$eval('.log > li.msg', (ls) => ls.map((l) => Number(l.dataset.seq)));

test('load earlier messages: older ones come at the top, the view stays put, then the calm note at the start', { timeout: 60000 }, async () => {
  const { context, page, fake } = await inRoom();
  try {
    let seqs = await visibleSeqs(page);
    assert.equal(seqs[0], 71);
    assert.equal(seqs.length, 50);
    // Opens at the newest message.
    assert.ok(await page.evaluate(() => { const w = document.querySelector('.log-wrap'); return w.scrollHeight - w.scrollTop - w.clientHeight < 80; }));
    await page.evaluate(() => { document.querySelector('.log-wrap').scrollTop = 0; });
    const topBefore = await page.evaluate(() => document.querySelector('.log li[data-seq="71"]').getBoundingClientRect().top);
    await page.click('.earlier-load');
    const frame = await fake.waitSent((f) => f.type === 'earlier');
    assert.equal(frame.before, 71);
    await page.waitForSelector('.log li.msg[data-seq="21"]');
    seqs = await visibleSeqs(page);
    assert.deepEqual(seqs.slice(0, 3), [21, 22, 23]);
    assert.equal(seqs.length, 100);
    const topAfter = await page.evaluate(() => document.querySelector('.log li[data-seq="71"]').getBoundingClientRect().top);
    assert.ok(Math.abs(topAfter - topBefore) < 4, `the line being read stays where it was (${topBefore} → ${topAfter})`);
    await page.click('.earlier-load');
    await page.waitForSelector('.log li.msg[data-seq="1"]');
    await page.waitForSelector('.earlier-note:not([hidden])');
    assert.equal(await page.textContent('.earlier-note'), 'ここが、いま残っている会話のはじまりです。');
    assert.equal(await page.isHidden('.earlier-load'), true);
    await axeScan(page, 'room after loading earlier messages');
    await shot(page, 'room13-earlier');
  } finally {
    await context.close();
  }
});

test('older messages gone: the note says so calmly, with how long the room keeps words', { timeout: 60000 }, async () => {
  const { context, page } = await inRoom({ total: 80, kept: 60 });
  try {
    await page.click('.earlier-load');
    await page.waitForSelector('.earlier-note:not([hidden])');
    assert.equal(await page.textContent('.earlier-note'), 'これより前のメッセージは残っていません。この部屋では、ことばはおよそ1時間で消えます。');
    assert.equal((await visibleSeqs(page))[0], 21);
  } finally {
    await context.close();
  }
});

test('a quoted reply: "…" → reply, the say carries re, every reader sees a short quote from their log', { timeout: 60000 }, async () => {
  const { context, page, fake } = await inRoom();
  try {
    await page.click('.log li[data-seq="119"] .ev-more');
    await page.click('.log li[data-seq="119"] .reply-open');
    await page.waitForSelector('.reply-bar:not([hidden])');
    assert.match(await page.textContent('.reply-bar'), /みどりさんへの返信/);
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'composer-input');
    await page.fill('.composer-input', 'わかります');
    await page.click('.composer .send');
    const say = await fake.waitSent((f) => f.type === 'say');
    assert.equal(say.re, 119);
    await page.waitForSelector('.log li.mine .ev-quote');
    assert.equal(await page.textContent('.log li.mine .ev-quote'), 'みどりさん：「ことば 119」');
    assert.equal(await page.isHidden('.reply-bar'), true);
    // A reply to a message older than the log: "an earlier message".
    fake.push({ ...standIn().mk(122, { re: 3, from: 'mb_a', nick: 'みどり' }) });
    await page.waitForSelector('.log li[data-seq="122"] .ev-quote');
    assert.equal(await page.textContent('.log li[data-seq="122"] .ev-quote'), '前のメッセージへの返信');
    await axeScan(page, 'room with a quoted reply');
  } finally {
    await context.close();
  }
});

test('Back: room → room list → first screen, with one history entry at most beyond the app address', { timeout: 60000 }, async () => {
  const { context, page, room, baseDepth } = await inRoom();
  try {
    const depth = await page.evaluate(() => history.length);
    assert.ok(depth <= baseDepth + 1, `at most one entry of ours beyond the app address (${baseDepth} → ${depth})`);
    await page.goBack();
    await page.waitForSelector('button.room-open[data-room="hiroba"]');
    assert.equal(await page.evaluate(() => location.pathname + location.hash), '/');
    assert.equal(await page.evaluate(() => history.length), depth, 'no entry added');
    // Back on the list goes to the first screen.
    await page.goBack();
    await page.waitForSelector('.landing .enter');
    assert.ok(room.joins.length >= 1);
  } finally {
    await context.close();
  }
});

test('Back closes the help overlay first; quick exit from a room still replaces the app\'s entry, and Back does not lead to the app', { timeout: 60000 }, async () => {
  const { context, page, baseDepth } = await inRoom();
  try {
    await page.click('#help-btn');
    await page.waitForSelector('#help-screen:not([hidden])');
    await page.goBack();
    await page.waitForSelector('#help-screen', { state: 'hidden' });
    assert.equal(await page.isVisible('.room .log'), true, 'the room under it stays');
    assert.ok(await page.evaluate(() => history.length) <= baseDepth + 1);

    await page.click('#exit-btn');
    await page.waitForURL('**/neutral.html');
    assert.ok(await page.evaluate(() => history.length) <= baseDepth + 1, 'quick exit added no entry');
    await page.goBack();
    await s.sleep(300);
    assert.notEqual(page.url(), origin + '/', 'Back from the neutral page does not bring the app back');
  } finally {
    await context.close();
  }
});

test('offline draft: kept, said so, and sent by itself exactly once when the network returns (within 1 s)', { timeout: 60000 }, async () => {
  const { context, page, fake, room } = await inRoom();
  try {
    await context.setOffline(true);
    await page.waitForSelector('.banner:not([hidden]), [data-conn="offline"]', { timeout: 4000 }).catch(() => {});
    await page.fill('.composer-input', 'つながったら送ってね');
    await page.click('.composer .send');
    await page.waitForSelector('.log-pending li.is-queued');
    assert.equal(await page.textContent('.dock-note'), 'いまはつながっていません。書いたメッセージは、つながったら自動で送ります。');
    assert.equal(await page.inputValue('.composer-input'), '');
    const before = fake.sent.length;
    const back = Date.now();
    await context.setOffline(false);
    const say = await fake.waitSent((f, i) => f.type === 'say' && f.text === 'つながったら送ってね');
    const joinAgain = fake.sent.slice(before).find((f) => f.type === 'hello' || f.type === 'join');
    assert.ok(joinAgain, 'reconnected');
    const helloAt = Date.now() - back;
    assert.ok(helloAt < 4000, `back within moments (${helloAt} ms, the client waits at most 0.4 s after "online")`);
    await page.waitForSelector(`.log li.mine .ev-text >> text=つながったら送ってね`);
    await page.waitForFunction(() => document.querySelector('.dock-note')?.textContent?.includes('送りました'));
    await s.sleep(1500);
    assert.equal(fake.sent.filter((f) => f.type === 'say' && f.id === say.id).length, 1, 'exactly once');
    assert.equal(room.log.filter((m) => m.text === 'つながったら送ってね').length, 1);
  } finally {
    await context.close();
  }
});

test('reading further up: new lines do not move the view, the button counts them; after a reconnect the "new since" line', { timeout: 60000 }, async () => {
  const { context, page, fake, room } = await inRoom();
  try {
    await page.evaluate(() => { document.querySelector('.log-wrap').scrollTop = 200; });
    await s.sleep(100);
    const top = await page.evaluate(() => document.querySelector('.log-wrap').scrollTop);
    for (const q of [121, 122, 123]) {
      const m = room.mk(q);
      room.log.push(m);
      fake.push(m);
    }
    await page.waitForSelector('.log li[data-seq="123"]');
    assert.equal(await page.evaluate(() => document.querySelector('.log-wrap').scrollTop), top, 'the view did not jump');
    assert.match(await page.textContent('.new-below'), /新しいメッセージ 3件/);
    await page.click('.new-below');
    assert.equal(await page.isHidden('.new-below'), true);
    // Grouping: 121..123 alternate; a run from one person is grouped.
    for (const q of [124, 125]) {
      const m = room.mk(q, { from: 'mb_b', nick: 'そら' });
      room.log.push(m);
      fake.push(m);
    }
    await page.waitForSelector('.log li[data-seq="125"]');
    assert.equal(await page.getAttribute('.log li[data-seq="125"]', 'class').then((c) => c.includes('grouped')), true);
    assert.equal(await page.getAttribute('.log li[data-seq="124"]', 'class').then((c) => c.includes('grouped')), false);

    // The socket drops; meanwhile two lines come; the rejoin asks `since` and the line marks them.
    fake.sockets.at(-1).close();
    for (const q of [126, 127]) room.log.push(room.mk(q));
    await page.waitForSelector('.log li[data-seq="127"]', { timeout: 15000 });
    const join = room.joins.at(-1);
    assert.equal(join.since, 125);
    const next = await page.evaluate(() => document.querySelector('.log .new-since')?.nextElementSibling?.dataset.seq);
    assert.equal(next, '126');
    assert.equal(await page.textContent('.log .new-since'), 'ここから新しいメッセージ');
  } finally {
    await context.close();
  }
});

test('long messages fold with "read more"; the counter near 2,000 instead of a silent cut', { timeout: 60000 }, async () => {
  const { context, page, fake } = await inRoom();
  try {
    const long = 'ながい話です。'.repeat(80);
    fake.push(standIn().mk(121, { text: long }));
    await page.waitForSelector('.log li[data-seq="121"] .read-more');
    assert.ok((await page.textContent('.log li[data-seq="121"] .ev-text')).length < long.length);
    await page.click('.log li[data-seq="121"] .read-more');
    assert.equal(await page.textContent('.log li[data-seq="121"] .ev-text'), long);
    assert.equal(await page.getAttribute('.log li[data-seq="121"] .read-more', 'aria-expanded'), 'true');

    await page.fill('.composer-input', 'あ'.repeat(1990));
    assert.equal(await page.textContent('.char-counter'), 'あと10文字');
    await page.fill('.composer-input', 'あ'.repeat(2010));
    assert.equal(await page.textContent('.char-counter'), '10文字多いので、このままでは送れません（2000文字まで）');
    assert.equal(await page.inputValue('.composer-input').then((v) => v.length), 2010, 'nothing cut');
    assert.equal(await page.isDisabled('.composer .send'), true);
    await page.fill('.composer-input', 'みじかく');
    assert.equal(await page.isHidden('.char-counter'), true);
    assert.equal(await page.isDisabled('.composer .send'), false);
  } finally {
    await context.close();
  }
});

test('the background tab: opt-in, only a neutral count in the title, back to 「メモ」 on return; rules and language in the room', { timeout: 60000 }, async () => {
  const { context, page, fake } = await inRoom();
  try {
    assert.equal(await page.title(), 'メモ');
    await page.click('.room-tools summary');
    await page.check('.tab-count-switch');
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    fake.push(standIn().mk(121), standIn().mk(122));
    await page.waitForSelector('.log li[data-seq="122"]');
    assert.equal(await page.title(), '(2) メモ', 'a count and the discreet title: no name, no text');
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    assert.equal(await page.title(), 'メモ');
    // The language switch inside the room.
    await page.click('.room-tools .lang-switch');
    await page.waitForSelector('.earlier-load >> text=Load earlier messages');
    assert.equal(await page.title(), 'Notes');
    await page.click('.room-tools summary');
    await axeScan(page, 'room in English with its tools open');
  } finally {
    await context.close();
  }
});

test('keyboard: the log is one tab stop with arrow keys inside; the composer is a few presses away', { timeout: 60000 }, async () => {
  const { context, page } = await inRoom();
  try {
    await page.focus('.log-wrap');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.seq), '120');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.seq), '119');
    await page.keyboard.press('Home');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.seq), '71');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('.log li[data-seq="71"] .ev-more', 'aria-expanded'), 'true');
    await page.keyboard.press('Escape');
    await page.focus('.log-wrap');
    let presses = 0;
    while (presses < 12 && (await page.evaluate(() => document.activeElement?.className)) !== 'composer-input') {
      await page.keyboard.press('Tab');
      presses += 1;
    }
    assert.ok(presses <= 7, `the composer is reached from the log in ${presses} presses`);
  } finally {
    await context.close();
  }
});

for (const look of [
  { name: '200 % zoom (195×422 CSS px)', viewport: { width: 195, height: 422 }, colorScheme: 'light' },
  { name: '360×640 dark', viewport: { width: 360, height: 640 }, colorScheme: 'dark' },
  { name: '390×844 dark, English', viewport: phone, colorScheme: 'dark', locale: 'en-GB' },
]) {
  test(`the room at ${look.name}: opens at the newest message, the composer reachable, axe clean`, { timeout: 60000 }, async () => {
    const { context, page } = await inRoom(look);
    try {
      const atEnd = await page.evaluate(() => {
        const last = document.querySelector('.log li[data-seq="120"]').getBoundingClientRect();
        return last.bottom <= window.innerHeight + 2 && last.top >= -2;
      });
      assert.ok(atEnd, 'the newest message is on screen');
      await page.focus('.composer-input');
      const box = await page.evaluate(() => {
        const r = document.querySelector('.composer-input').getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, h: window.innerHeight };
      });
      assert.ok(box.top >= 0 && box.bottom <= box.h + 2, `the composer is on screen (${JSON.stringify(box)})`);
      await axeScan(page, `room at ${look.name}`);
      await shot(page, `room13-${look.viewport.width}x${look.viewport.height}-${look.colorScheme}`);
    } finally {
      await context.close();
    }
  });
}

test('back in a room left earlier in this visit: the "new since you were here" line before what came meanwhile', { timeout: 60000 }, async () => {
  const { context, page, room } = await inRoom();
  try {
    await page.goBack();
    await page.waitForSelector('button.room-open[data-room="hiroba"]');
    for (const q of [121, 122]) room.log.push(room.mk(q));
    await page.click('button.room-open[data-room="hiroba"]');
    await page.click('.join-form button[type=submit]');
    await page.waitForSelector('.log li[data-seq="122"]');
    const next = await page.evaluate(() => document.querySelector('.log .new-since')?.nextElementSibling?.dataset.seq);
    assert.equal(next, '121');
    await axeScan(page, 'room with the new-since line');
  } finally {
    await context.close();
  }
});
