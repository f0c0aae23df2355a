// Issue 13, the families' path and the Japanese wording: the shipped help directory's family
// windows (kinds of windows, marked for organisers to verify, after the hotlines), and in a real
// Chromium from the first screen 「ご家族の方へ」 to the family room and the families' help, axe
// clean, in Japanese and English; the join screen says who a room is for once.
//
//   node --test tests/e2e/families.test.mjs            (from the repository root)

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import * as s from './support.mjs';

const phone = { width: 390, height: 844 };
const directoryFile = path.join(s.clientDir, 'public', 'help', 'directory.json');

let mod;
let tmp;
let redis;
let server;
let browser;
let axeSource;
const pageErrors = [];

before(async () => {
  s.ensureClientBuilt();
  const esbuild = s.clientRequire()('esbuild');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ibasho-families-'));
  const entry = path.join(tmp, 'entry.ts');
  fs.writeFileSync(entry,
    `export { parseDirectory, familyEntries } from ${JSON.stringify(path.join(s.clientDir, 'src', 'state', 'help-directory.ts'))};`);
  const out = path.join(tmp, 'dir.mjs');
  await esbuild.build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'error' });
  mod = await import(pathToFileURL(out).href);
  axeSource = fs.readFileSync(s.clientRequire().resolve('axe-core/axe.min.js'), 'utf8');
  redis = await s.startRedis();
  server = await s.startServer({ rooms: path.join(s.repo, 'tests', 'e2e', 'rooms.json'), redisUrl: redis.url });
  browser = await s.launchBrowser();
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  await redis?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// ---- the shipped directory, in Node ---------------------------------------------------

test('the shipped family windows: kinds of windows, marked to verify, no invented numbers', () => {
  const raw = JSON.parse(fs.readFileSync(directoryFile, 'utf8'));
  const fam = raw.entries.filter((e) => e.for === 'family');
  assert.deepEqual(fam.map((e) => e.id).sort(),
    ['hikikomori-chiiki-center', 'hokenjo', 'khj-family-association', 'seishin-hoken-fukushi-center']);
  for (const e of fam) {
    assert.equal(e.verify, true, `${e.id} is marked for organisers to verify`);
    assert.equal(e.tel, undefined, `${e.id}: no number we have not checked`);
    assert.ok(e.name.ja && e.name.en && e.find?.ja && e.find?.en, `${e.id}: named, and how to find the local one, in both languages`);
    if (e.url !== undefined) assert.match(e.url, /^https:\/\//);
  }
  // The client keeps them, in order, and shows them on the families' path.
  const d = mod.parseDirectory(raw);
  assert.deepEqual(mod.familyEntries(d).map((e) => e.id), fam.map((e) => e.id));
});

test('the family windows come after every hotline, so the help card keeps the hotlines', () => {
  const raw = JSON.parse(fs.readFileSync(directoryFile, 'utf8'));
  const firstFamily = raw.entries.findIndex((e) => e.for === 'family');
  const lastHotline = raw.entries.findLastIndex((e) => typeof e.tel === 'string');
  assert.ok(firstFamily > lastHotline, 'family windows after the hotlines');
  // What server/store/help_lines.cpp puts on the card: featured first, then file order, only
  // entries with a tel or a url, at most three.
  const reachable = raw.entries.filter((e) => e.tel || e.url);
  const card = [...reachable.filter((e) => e.featured), ...reachable.filter((e) => !e.featured)].slice(0, 3);
  assert.ok(card.every((e) => typeof e.tel === 'string' && e.for === undefined), JSON.stringify(card.map((e) => e.id)));
});

test('the parser keeps a kind of window (how to find it) and still drops an entry with nothing to reach', () => {
  const d = mod.parseDirectory({
    entries: [
      { id: 'kind', for: 'family', name: { ja: '窓口' }, find: { ja: '市のホームページで' }, hours: null },
      { id: 'nothing', for: 'family', name: { ja: '空' } },
      { id: 'plain-http', name: { ja: 'http' }, url: 'http://example.org/' },
      { id: 'line', name: { ja: '電話' }, tel: '0120-000-000', hours: null },
    ],
  });
  assert.deepEqual(d.entries.map((e) => e.id), ['kind', 'line']);
  assert.deepEqual(mod.familyEntries(d).map((e) => e.id), ['kind']);
  assert.equal(d.entries[0].tel, undefined);
});

test('the wording the issue named is gone from the participant and staff strings', () => {
  const text = fs.readFileSync(path.join(s.clientDir, 'src', 'i18n.ts'), 'utf8') +
    fs.readFileSync(path.join(s.clientDir, 'src', 'staff', 'strings.ts'), 'utf8');
  for (const phrase of ['入っています…', 'わたしはこの部屋の対象', '対象の方のための部屋', '（部屋に入り直すとき）']) {
    assert.ok(!text.includes(phrase), phrase);
  }
  assert.match(text, /joinJoining: '入室しています…'/);
});

// ---- in the browser --------------------------------------------------------------------

async function person({ locale, colorScheme = 'light' }) {
  const context = await browser.newContext({ viewport: phone, locale, colorScheme, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
  });
  return { context, page };
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

const expect = {
  'ja-JP': { title: 'ご家族の方へ', khj: 'KHJ全国ひきこもり家族会連合会', who: 'ご家族の方のための部屋です。' },
  'en-US': { title: 'For families', khj: 'KHJ National Federation of Families with Hikikomori', who: 'A room for family members.' },
};

for (const [locale, colorScheme] of [['ja-JP', 'light'], ['en-US', 'light'], ['ja-JP', 'dark']]) {
  test(`families' path, ${locale}/${colorScheme}: first screen → family rooms and families' help → the family room`, { timeout: 60000 }, async () => {
    const want = expect[locale];
    const { context, page } = await person({ locale, colorScheme });
    try {
      await page.goto(server.origin + '/');
      await page.waitForSelector('.landing .featured');
      assert.equal(await page.textContent('.landing .family-way .card-title'), want.title);
      await page.click('.landing .families');
      await page.waitForSelector('.family .family-rooms .room-card');
      assert.equal(await page.textContent('.family h1'), want.title);
      // Only the rooms whose audience is `family`.
      assert.deepEqual(await page.$$eval('.family .family-rooms .room-card', (cs) => cs.map((c) => c.getAttribute('data-room'))), ['family']);
      // The families' help: the four kinds of windows, how to find each, no made-up number.
      await page.waitForSelector('.family .family-help .help-entry');
      const names = await page.$$eval('.family .family-help .help-name', (ns) => ns.map((n) => n.textContent));
      assert.equal(names.length, 4);
      assert.ok(names.includes(want.khj), names.join(' / '));
      assert.equal(await page.locator('.family .family-help a[href^="tel:"]').count(), 0);
      assert.equal(await page.locator('.family .family-help .help-find').count(), 4);
      const site = page.locator('.family .family-help a.site-link');
      assert.equal(await site.count(), 1);
      assert.equal(await site.getAttribute('href'), 'https://www.khj-h.com/');
      assert.match(await site.getAttribute('rel'), /noopener/);
      await axeScan(page, `family ${locale}/${colorScheme}`);

      // Japanese text blocks break between phrases where the browser can, strictly elsewhere.
      if (locale === 'ja-JP') {
        const style = await page.evaluate(() => {
          const cs = getComputedStyle(document.querySelector('.family .lead'));
          return { lineBreak: cs.lineBreak, wordBreak: cs.wordBreak, phrase: CSS.supports('word-break', 'auto-phrase') };
        });
        assert.equal(style.lineBreak, 'strict');
        if (style.phrase) assert.equal(style.wordBreak, 'auto-phrase');
      }

      // The families' help is also its own section of the help screen, after the hotlines.
      await page.click('#help-btn');
      await page.waitForSelector('.help .help-family .help-entry');
      assert.equal(await page.locator('.help .help-family .help-entry').count(), 4);
      const lines = await page.$$eval('.help > .help-list .help-entry', (es) => es.map((e) => !!e.querySelector('a[href^="tel:"]')));
      assert.ok(lines.length >= 4 && lines.every(Boolean), 'the hotlines keep the first list, each with its number');
      // Hours unknown is said once, not "受付 受付時間は…".
      const hours = await page.$$eval('.help > .help-list .help-hours', (hs) => hs.map((h) => h.textContent));
      assert.ok(hours.every((x) => !/^受付時間：受付時間|^Hours:\s*Please/.test(x)), hours.join(' / '));
      await axeScan(page, `help ${locale}/${colorScheme}`);
      await page.click('.help .help-close');

      // From the families' page into the family room's "before you enter": who it is for, once.
      await page.waitForSelector('.family .family-rooms .room-card');
      await page.click('.family button.room-open[data-room="family"]');
      await page.waitForSelector('.join .affirm-card');
      assert.equal(await page.textContent('.join .for-whom'), want.who);
      const joinText = await page.textContent('.join');
      const audience = locale === 'ja-JP' ? 'ご家族の方' : 'family members';
      assert.equal(joinText.split(audience).length - 1, 1, `"${audience}" once on the join screen: ${joinText}`);
      await axeScan(page, `family join ${locale}/${colorScheme}`);
    } finally {
      await context.close().catch(() => {});
    }
  });
}

test('the join screen of an age room says who it is for once (not three times)', { timeout: 60000 }, async () => {
  const { context, page } = await person({ locale: 'ja-JP' });
  try {
    await page.goto(server.origin + '/');
    await page.click('.landing .enter');
    await page.click('button.room-open[data-room="age-30s"]');
    await page.waitForSelector('.join .affirm-card');
    const text = await page.textContent('.join');
    assert.equal(text.split('30代の方').length - 1, 1, text);
    assert.match(await page.textContent('.join .affirm-card label'), /この部屋は自分に合っています。約束を守って過ごします/);
  } finally {
    await context.close().catch(() => {});
  }
});

test('no page error and no CSP violation', () => {
  assert.deepEqual(pageErrors, []);
});
