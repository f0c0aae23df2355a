// Issue 13, a taken nickname, on the real ibasho-server (and a real Redis) in Chromium at a
// phone's size: B asks for the nickname A is using in the room, is told so calmly on the join
// screen (focus on the field, the sentence in a live region, axe clean in ja and en), taps one
// of the suggestions, joins under it, and A sees B's message under that name. No machine-made
// 「・xyz」 suffix appears anywhere.

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
  redis = await s.startRedis();
  server = await s.startServer({ rooms: path.join(s.repo, 'tests', 'e2e', 'rooms.json'), redisUrl: redis.url });
  browser = await s.launchBrowser();
  axeSource = fs.readFileSync(s.clientRequire().resolve('axe-core/axe.min.js'), 'utf8');
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  await redis?.stop();
});

async function axeScan(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  for (const v of result) console.log(`# axe ${label}: ${v.impact} ${v.id}: ${v.help} ${v.nodes.join(', ')}`);
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${label}: ${JSON.stringify(bad, null, 1)}`);
}

async function phonePage(locale) {
  const context = await browser.newContext({ viewport: phone, locale, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  return { context, page };
}

// Up to the join screen of the open square, the nickname typed and "listening" off.
async function toJoin(page, nick) {
  await page.goto(server.origin + '/');
  await page.click('.landing .enter');
  await page.click('button.room-open[data-room="hiroba"]');
  await page.fill('.join-form input.text-input', nick);
  await page.locator('.join-form > .check-row input[type=checkbox]').uncheck();
}

async function enter(page) {
  await page.click('.join-form button[type=submit]');
}

// The old clash path wrote 「くも・fDz」: a middle dot and a few base64url characters.
const machineSuffix = /・[A-Za-z0-9_-]{1,4}/;

const wording = {
  'ja-JP': { taken: 'このニックネームは、いまこの部屋で使われています', free: 'いま空いている名前です' },
  'en-US': { taken: 'Someone in this room is using this nickname right now', free: 'Free right now' },
};

for (const locale of ['ja-JP', 'en-US']) {
  test(`${locale}: a taken nickname is said so with suggestions; B taps one and joins under it`, { timeout: 90000 }, async () => {
    const nick = locale === 'ja-JP' ? 'くも' : 'Cloud';
    const a = await phonePage(locale);
    const b = await phonePage(locale);
    try {
      await toJoin(a.page, nick);
      await enter(a.page);
      await a.page.waitForSelector('.room .log');

      await toJoin(b.page, nick);
      await enter(b.page);
      const err = b.page.locator('.join-form .form-error');
      await b.page.waitForFunction((text) => document.querySelector('.join-form .form-error')?.textContent?.includes(text), wording[locale].taken);
      assert.equal(await err.getAttribute('aria-live'), 'polite');
      // Still on the join screen, the field marked and focused, described by the sentence.
      assert.equal(await b.page.locator('.room .log').count(), 0);
      const field = b.page.locator('.join-form input.text-input');
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      assert.equal(await b.page.evaluate(() => document.activeElement?.classList.contains('text-input')), true);
      const describedBy = (await field.getAttribute('aria-describedby')).split(' ');
      assert.ok(describedBy.includes(await err.getAttribute('id')));
      assert.equal(await field.inputValue(), nick, 'what the person typed stays');

      // Two or three suggestions, each a button in a labelled group, none the taken name.
      const buttons = b.page.locator('.join-form .nick-suggestion');
      const suggestions = await buttons.allTextContents();
      assert.ok(suggestions.length >= 2 && suggestions.length <= 3, `suggestions: ${suggestions}`);
      assert.ok(!suggestions.includes(nick));
      for (const x of suggestions) assert.doesNotMatch(x, machineSuffix);
      const group = b.page.locator('.join-form [role=group]:has(.nick-suggestion)');
      const labelId = await group.getAttribute('aria-labelledby');
      assert.match(await b.page.textContent(`[id="${labelId}"]`), new RegExp(wording[locale].free));
      await axeScan(b.page, `taken ${locale} light`);
      await b.page.emulateMedia({ colorScheme: 'dark' });
      // The scheme's colours fade in (CSS transitions): scan once they have settled.
      await b.page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
      await axeScan(b.page, `taken ${locale} dark`);
      await b.page.emulateMedia({ colorScheme: 'light' });

      // A tap fills the field and gives it the focus back; the person could still type.
      await buttons.nth(1).tap();
      assert.equal(await field.inputValue(), suggestions[1]);
      assert.equal(await b.page.evaluate(() => document.activeElement?.classList.contains('text-input')), true);
      assert.equal(await field.getAttribute('aria-invalid'), null);
      await enter(b.page);
      await b.page.waitForSelector('.room .log');
      const said = locale === 'ja-JP' ? 'はじめまして' : 'Hello';
      await b.page.fill('.composer-input', said);
      await b.page.click('.composer .send');

      // A sees B's line under the suggestion, exactly; A is still under its own name.
      await a.page.waitForFunction(([text, who]) => [...document.querySelectorAll('.log li.msg')].some((li) =>
        li.textContent.includes(text) && li.querySelector('.nick')?.textContent?.startsWith(who)), [said, suggestions[1]]);
      for (const page of [a.page, b.page]) assert.doesNotMatch(await page.textContent('body'), machineSuffix);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });
}

test('once its holder has left, the nickname is free again', { timeout: 60000 }, async () => {
  const a = await phonePage('ja-JP');
  const b = await phonePage('ja-JP');
  try {
    await toJoin(a.page, 'ほし');
    await enter(a.page);
    await a.page.waitForSelector('.room .log');
    await a.context.close();
    // A's connection is gone with its context: the server takes the seat out on close. Poll
    // (with a deadline) until the name is free rather than sleeping a fixed time.
    await toJoin(b.page, 'ほし');
    const end = Date.now() + 10000;
    for (;;) {
      await enter(b.page);
      const outcome = await b.page.waitForFunction(() => (document.querySelector('.room .log') ? 'joined'
        : document.querySelector('.join-form .nick-suggestion') ? 'taken' : null)).then((h) => h.jsonValue());
      if (outcome === 'joined') break;
      assert.ok(Date.now() < end, 'the name never came free');
      await b.page.fill('.join-form input.text-input', 'ほし');
      await s.sleep(200);
    }
    await b.page.waitForSelector('.room .log');
  } finally {
    await a.context.close().catch(() => {});
    await b.context.close();
  }
});
