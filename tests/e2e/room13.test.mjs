// Issue 13, the room's second round, on the real ibasho-server (and a real Redis) in Chromium:
// loading earlier messages out of the room's history, a quoted reply that another member
// receives with `re`, an offline draft that reaches the room exactly once when the network
// returns, and Back from the room to the list (the seat left, as the room's own back does).
// The screens' details are in room13-views.test.mjs (a stand-in); this is the journey.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as s from './support.mjs';

const phone = { width: 390, height: 844 };
let redis;
let server;
let browser;

before(async () => {
  s.ensureClientBuilt();
  redis = await s.startRedis();
  server = await s.startServer({ rooms: path.join(s.repo, 'tests', 'e2e', 'rooms.json'), redisUrl: redis.url });
  browser = await s.launchBrowser();
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  await redis?.stop();
});

async function until(what, fn, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await s.sleep(50);
  }
}

// Another member of the room, as a plain WebSocket client in a page of its own: it writes and
// keeps every frame it receives.
async function otherMember(nick) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + '/neutral.html');
  await page.evaluate((n) => new Promise((resolve) => {
    const ws = new WebSocket(location.origin.replace('http', 'ws') + '/ws');
    window.got = [];
    window.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', v: 1 }));
    ws.onmessage = (e) => {
      for (const line of String(e.data).split('\n')) {
        const m = JSON.parse(line);
        window.got.push(m);
        if (m.type === 'welcome') ws.send(JSON.stringify({ type: 'join', room: 'hiroba', nick: n }));
        if (m.type === 'joined') resolve();
      }
    };
  }), nick);
  return {
    context,
    say: (text, id) => page.evaluate(([t, i]) => window.ws.send(JSON.stringify({ type: 'say', room: 'hiroba', text: t, id: i })), [text, id]),
    got: () => page.evaluate(() => window.got),
  };
}

async function participant() {
  const context = await browser.newContext({ viewport: phone, locale: 'ja-JP', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  await page.goto(server.origin + '/');
  await page.click('.landing .enter');
  await page.click('button.room-open[data-room="hiroba"]');
  await page.fill('.join-form input.text-input', 'くも');
  await page.locator('.join-form > .check-row input[type=checkbox]').uncheck();
  await page.click('.join-form button[type=submit]');
  await page.waitForSelector('.room .log');
  return { context, page };
}

const seqsOf = (page) => page.$$eval('.log > li.msg', (ls) => ls.map((l) => Number(l.dataset.seq)));

test('earlier messages from the room\'s history, and a quoted reply another member receives with re', { timeout: 90000 }, async () => {
  const other = await otherMember('とり');
  const me = await participant().catch(async (e) => { await other.context.close(); throw e; });
  try {
    // The room has history of its own from before we came: 70 lines.
    for (let i = 1; i <= 70; i++) await other.say(`ことば ${i}`, `o${i}`);
    await until('70 lines in the room', async () => (await other.got()).filter((m) => m.type === 'message').length >= 70);
    // Join again so the log starts from history (the newest 50).
    await me.page.reload();
    await me.page.waitForSelector('.log li.msg');
    await until('the newest 50', async () => (await seqsOf(me.page)).length === 50);
    const first = (await seqsOf(me.page))[0];
    assert.ok(first > 1);
    await me.page.click('.earlier-load');
    await until('the older ones at the top', async () => (await seqsOf(me.page))[0] < first);
    const shown = await seqsOf(me.page);
    assert.deepEqual(shown, [...shown].sort((a, b) => a - b), 'in order');
    assert.equal(new Set(shown).size, shown.length, 'no line twice');
    while (await me.page.isVisible('.earlier-load')) {
      await me.page.click('.earlier-load');
      await s.sleep(300);
    }
    await me.page.waitForSelector('.earlier-note:not([hidden])');
    assert.equal((await seqsOf(me.page)).length, 70);

    // A quoted reply to the last line.
    const last = (await seqsOf(me.page)).at(-1);
    await me.page.click(`.log li[data-seq="${last}"] .ev-more`);
    await me.page.click(`.log li[data-seq="${last}"] .reply-open`);
    await me.page.fill('.composer-input', 'わかります');
    await me.page.click('.composer .send');
    const reply = await until('the reply at the other member', async () =>
      (await other.got()).find((m) => m.type === 'message' && m.text === 'わかります'));
    assert.equal(reply.re, last);
    await me.page.waitForSelector('.log li.mine .ev-quote');
    assert.equal(await me.page.textContent('.log li.mine .ev-quote'), `とりさん：「ことば 70」`);
  } finally {
    await me.context.close();
    await other.context.close();
  }
});

test('an offline draft reaches the room exactly once when the network returns; Back leaves the room for the list', { timeout: 90000 }, async () => {
  const other = await otherMember('はと');
  const me = await participant().catch(async (e) => { await other.context.close(); throw e; });
  try {
    await me.context.setOffline(true);
    await me.page.fill('.composer-input', 'オフラインで書きました');
    await me.page.click('.composer .send');
    await me.page.waitForSelector('.log-pending li.is-queued');
    await me.context.setOffline(false);
    await until('the draft at the other member', async () =>
      (await other.got()).some((m) => m.type === 'message' && m.text === 'オフラインで書きました'), 15000);
    await me.page.waitForFunction(() => document.querySelector('.dock-note')?.textContent?.includes('送りました'));
    // Settle, then count: exactly once.
    await s.sleep(2500);
    assert.equal((await other.got()).filter((m) => m.type === 'message' && m.text === 'オフラインで書きました').length, 1);

    const depth = await me.page.evaluate(() => history.length);
    await me.page.goBack();
    await me.page.waitForSelector('button.room-open[data-room="hiroba"]');
    assert.equal(await me.page.evaluate(() => history.length), depth, 'Back added no entry');
    assert.equal(new URL(me.page.url()).origin, server.origin, 'still in the app');
  } finally {
    await me.context.close();
    await other.context.close();
  }
});
