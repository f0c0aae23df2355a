// Issue 13, "looking without being seen", on the real ibasho-server (and a real Redis) in
// Chromium at 390×844: listeners are only a number to others until they write (two browsers:
// A listens, B writes), and the read-only look into a room before joining (nobody in the room
// is told; a gated room shows only its description and rules), axe clean on the new screen in
// Japanese and English, light and dark. The server side alone is tests/contract/listeners_test.cpp.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as s from './support.mjs';

const phone = { width: 390, height: 844 };
let redis;
let server;
let browser;
let axeSource;

before(async () => {
  s.ensureClientBuilt();
  axeSource = fs.readFileSync(s.clientRequire().resolve('axe-core/axe.min.js'), 'utf8');
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

async function phoneContext({ locale = 'ja-JP', colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: phone, locale, colorScheme, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  return { context, page };
}

// A participant in the room through the real screens; `listening` as the join form's switch.
async function participant(nick, listening) {
  const { context, page } = await phoneContext();
  await page.goto(server.origin + '/');
  await page.click('.landing .enter');
  await page.click('button.room-open[data-room="hiroba"]');
  await page.fill('.join-form input.text-input', nick);
  const listen = page.locator('.join-form > .check-row input[type=checkbox]');
  if (listening) await listen.check();
  else await listen.uncheck();
  await page.click('.join-form button[type=submit]');
  await page.waitForSelector('.room .log');
  return { context, page };
}

// A member as a plain WebSocket client that keeps every frame it receives.
async function wsMember(nick, room = 'hiroba', extra = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + '/neutral.html');
  await page.evaluate(([n, r, x]) => new Promise((resolve) => {
    const ws = new WebSocket(location.origin.replace('http', 'ws') + '/ws');
    window.got = [];
    window.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', v: 1 }));
    ws.onmessage = (e) => {
      for (const line of String(e.data).split('\n')) {
        const m = JSON.parse(line);
        window.got.push(m);
        if (m.type === 'welcome') ws.send(JSON.stringify({ type: 'join', room: r, nick: n, ...x }));
        if (m.type === 'joined') resolve();
      }
    };
  }), [nick, room, extra]);
  return {
    context,
    say: (text, id) => page.evaluate(([t, i, r]) => window.ws.send(JSON.stringify({ type: 'say', room: r, text: t, id: i })), [text, id, room]),
    got: () => page.evaluate(() => window.got),
  };
}

const nicksIn = (page) => page.$$eval('.people-panel .person-nick', (ns) => ns.map((n) => n.textContent ?? ''));

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

async function openPreview(page, room) {
  await page.goto(server.origin + '/');
  // A reload comes back to the saved room list once it has been seen in this tab.
  await page.waitForSelector('.landing .enter, button.room-peek');
  if (await page.isVisible('.landing .enter')) await page.click('.landing .enter');
  await page.click(`button.room-peek[data-peek="${room}"]`);
  await page.waitForSelector('.screen.preview .preview-refresh');
}

test('listeners are a number to others: A sees B\'s name only after B wrote, B sees A only as a count', { timeout: 90000 }, async () => {
  const a = await participant('しずか', true);
  const b = await participant('ひなた', false).catch(async (e) => { await a.context.close(); throw e; });
  try {
    await until('B counts two, both quiet', async () => (await b.page.textContent('.people-text'))?.includes('2人（聞いている人 2人）'));
    assert.deepEqual(await nicksIn(b.page), [], 'nobody named before anyone wrote');
    assert.ok(!(await b.page.textContent('.people-panel')).includes('しずか'));
    await until('A counts two', async () => (await a.page.textContent('.people-text'))?.includes('2人'));
    assert.ok(!(await nicksIn(a.page)).some((n) => n.includes('ひなた')), 'B not named yet');

    await b.page.fill('.composer-input', 'こんばんは');
    await b.page.click('.composer .send');
    await until('A sees B by name', async () => (await nicksIn(a.page)).some((n) => n.includes('ひなた')));
    await until('A counts one listener', async () => (await a.page.textContent('.people-text'))?.includes('聞いている人 1人'));
    await until('B counts one listener', async () => (await b.page.textContent('.people-text'))?.includes('聞いている人 1人'));
    assert.ok(!(await b.page.textContent('.people-panel')).includes('しずか'), 'A, who only listens, is never named to B');
    assert.ok((await b.page.textContent('.people-panel')).includes('聞いている人 1人'));
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('a look into an open room before joining: its last messages and counts, and nobody is told', { timeout: 90000 }, async () => {
  const member = await wsMember('とり');
  const reader = await phoneContext().catch(async (e) => { await member.context.close(); throw e; });
  try {
    await member.say('ひとりで書いています', 'w1');
    await until('the line in history', async () => (await member.got()).some((m) => m.type === 'message'));
    const before = (await member.got()).length;

    await openPreview(reader.page, 'hiroba');
    await reader.page.waitForSelector('.preview-log li.msg');
    assert.ok((await reader.page.textContent('.preview-log')).includes('ひとりで書いています'));
    assert.ok((await reader.page.textContent('.preview-log')).includes('とり'));
    assert.ok((await reader.page.textContent('.preview-counts')).includes('1人'));
    assert.equal(await reader.page.isVisible('.composer-input'), false, 'read only');

    // Refresh shows what was written since.
    await member.say('もうひとこと', 'w2');
    await until('the second line at the member', async () => (await member.got()).filter((m) => m.type === 'message').length >= 2);
    await reader.page.click('.preview-refresh');
    await until('the new line in the preview', async () => (await reader.page.textContent('.preview-body'))?.includes('もうひとこと'));

    // Someone really joins now. Every presence frame the member got since the look, up to the
    // joiner's, still counts one person (the member's own "wrote" mark may arrive after its
    // message: it names the member, it adds nobody), so the look changed nothing anyone could see.
    const joiner = await wsMember('そら');
    try {
      const since = await until('the joiner counted', async () => {
        const got = (await member.got()).slice(before).filter((m) => m.type === 'presence');
        const at = got.findIndex((m) => m.count === 2);
        return at >= 0 ? got.slice(0, at + 1) : null;
      });
      assert.deepEqual(since.slice(0, -1).map((m) => m.count), since.slice(0, -1).map(() => 1),
        'the look added nobody');
      assert.ok(!JSON.stringify(since).includes('そら'), 'the joiner is a listener: a number only');
    } finally {
      await joiner.context.close();
    }

    // Into the join form from here.
    await reader.page.click('.preview-enter');
    await reader.page.waitForSelector('.join-form input.text-input');
  } finally {
    await reader.context.close();
    await member.context.close();
  }
});

test('a gated room shows only its description and rules', { timeout: 60000 }, async () => {
  const member = await wsMember('ゆき', 'women', { affirm: true });
  const reader = await phoneContext().catch(async (e) => { await member.context.close(); throw e; });
  try {
    await member.say('ここだけのはなし', 'g1');
    await until('the line in history', async () => (await member.got()).some((m) => m.type === 'message'));
    await openPreview(reader.page, 'women');
    await reader.page.waitForSelector('.preview-gated');
    const text = await reader.page.textContent('.screen.preview');
    assert.ok(text.includes('相手を否定しない。連絡先は書かない。'), 'the rules are shown');
    assert.ok(text.includes('まわりの目を気にせず'), 'the description is shown');
    assert.ok(!text.includes('ここだけのはなし'), 'nothing of the conversation');
    assert.equal(await reader.page.locator('.preview-log').count(), 0);
  } finally {
    await reader.context.close();
    await member.context.close();
  }
});

for (const locale of ['ja-JP', 'en-US']) {
  for (const colorScheme of ['light', 'dark']) {
    test(`axe: the look into a room, ${locale} ${colorScheme}`, { timeout: 60000 }, async () => {
      const { context, page } = await phoneContext({ locale, colorScheme });
      try {
        await openPreview(page, 'hiroba');
        await page.waitForSelector('.preview-counts, .preview-body .muted:not(.loading)');
        await axeScan(page, `preview hiroba ${locale} ${colorScheme}`);
        await openPreview(page, 'women');
        await page.waitForSelector('.preview-gated');
        await axeScan(page, `preview women ${locale} ${colorScheme}`);
      } finally {
        await context.close();
      }
    });
  }
}
