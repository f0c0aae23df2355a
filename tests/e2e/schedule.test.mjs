// Issue 14 end to end, on the real ibasho-server and Redis — the journey the issue names: an
// organiser logs in and creates a paired event through the organiser views (the form, not the
// API) starting a minute or two from now and lasting one minute; a participant (another browser
// context) finds it on 「これからの集まり」 as one item with its two rooms, not yet open; enters the
// lived-experience room when it opens, writes, gets the closing notice (the server runs with
// `--schedule-warning-s` so "five minutes before the end" is 30 s), sees the kind closing screen
// and the room closed; at the room's next opening (a second event, made through the API) a fresh
// join shows none of the old messages. Everything polls with deadlines; about three minutes.
//
//   IBASHO_SERVER_BIN=build/server/ibasho-server node --test tests/e2e/schedule.test.mjs

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as s from './support.mjs';

const phone = { width: 390, height: 844 };
const bin = process.env.IBASHO_SERVER_BIN || path.join(s.repo, 'build', 'server', 'ibasho-server');
const staffName = 'つどい係';
const staffPassword = 'e2e organiser password 14';

let redis;
let server;
let browser;
let token = '';
let skip = '';
let tmp;
const warningS = 30;
const zone = 'Asia/Tokyo';

const room = (id, ja, en, audience) => ({
  id, name: { ja, en }, description: { ja: '', en: '' }, rules: { ja: '相手を否定しない。', en: 'Be kind.' },
  audience, org: 'main', scheduled: true,
});

async function call(method, p, body, auth = token) {
  const res = await fetch(server.origin + p, {
    method,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(auth ? { Authorization: `Bearer ${auth}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  let json = null;
  try {
    json = await res.json();
  } catch {
    json = null;
  }
  return { status: res.status, body: json };
}

before(async () => {
  s.ensureClientBuilt();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ibasho-e2e-schedule-'));
  const roomsFile = path.join(tmp, 'rooms.json');
  fs.writeFileSync(roomsFile, JSON.stringify({
    defaults: { capacity: 30, history_length: 200, history_age_s: 3600, slow_mode_s: 0, rate_limit: 'off', presence: 'names', typing: false },
    rooms: [
      room('hiroba', 'ひろば', 'The open square', ['open']),
    ].map((r) => ({ ...r, scheduled: false })),
  }));
  redis = await s.startRedis();
  const prefix = `e2e-sched${process.pid}-${Date.now()}:`;
  const redisArgs = ['--redis', redis.url, '--redis-prefix', prefix];
  server = await s.startServer({ rooms: roomsFile, redisUrl: null, extraArgs: [...redisArgs, '--behind-tls-proxy', '--schedule-warning-s', String(warningS)] });
  const probe = await call('POST', '/api/orgs/main/events', {}, 'x');
  if (probe.status === 404 || probe.status === 405) {
    skip = 'the events API is not on this server yet';
    return;
  }
  const out = execFileSync(bin, ['--store', 'redis', ...redisArgs, 'admin', 'create-organiser', staffName], { encoding: 'utf8' });
  const m = /password\S*\s*[:=]?\s*(\S+)\s*$/im.exec(out) ?? /(\S+)\s*$/.exec(out.trim());
  const login = await call('POST', '/api/login', { name: staffName, password: m[1] }, '');
  assert.equal(login.status, 200, JSON.stringify(login.body));
  const changed = await call('POST', '/api/password', { old: m[1], new: staffPassword }, login.body.token);
  assert.ok(changed.status === 200 || changed.status === 204, JSON.stringify(changed.body));
  const again = await call('POST', '/api/login', { name: staffName, password: staffPassword }, '');
  token = again.body.token;
  browser = await s.launchBrowser();
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  await redis?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
// A datetime-local value in the organisation's zone (the form's own words for a time).
function localInput(ms) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
const until = (ms, extra) => Math.max(1000, ms - Date.now() + extra);

test('an organiser makes a paired event in the organiser views; a participant finds it, enters when it opens, is told it is closing, sees it close, and its history is gone at the next opening', { timeout: 360000 }, async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  // Minute precision in the form: the next whole minute at least 50 s away (time enough to fill
  // the form on a loaded machine), one minute long.
  const start = Math.ceil((Date.now() + 50000) / 60000) * 60000;
  const end = start + 60000;
  const title = 'ひとときのつどい';

  // The organiser, in their own browser context, through the form.
  const staffContext = await browser.newContext({ viewport: phone, locale: 'ja-JP', isMobile: true, hasTouch: true });
  await staffContext.addInitScript((tok) => sessionStorage.setItem('ibasho.staff', JSON.stringify(tok)), token);
  const org = await staffContext.newPage();
  org.setDefaultTimeout(15000);
  try {
    await org.goto(server.origin + '/#/staff/org/events');
    await org.waitForSelector('.org-week');
    await org.click('.event-new');
    await org.waitForSelector('.org-event-form');
    await org.fill('[data-field="title.ja"]', title);
    await org.fill('[data-field="title.en"]', 'A short gathering');
    await org.fill('[data-field="start"]', localInput(start));
    await org.fill('[data-field="end"]', localInput(end));
    await org.fill('[data-field="open_before_min"]', '0');
    await org.check('input[name="event-mode"][value="paired"]');
    await org.fill('[data-field="lived.id"]', 'tsudoi-honnin');
    await org.fill('[data-field="lived.name.ja"]', 'つどい（ご本人）');
    await org.fill('[data-field="lived.name.en"]', 'Gathering (lived experience)');
    await org.fill('[data-field="family.id"]', 'tsudoi-kazoku');
    await org.fill('[data-field="family.name.ja"]', 'つどい（ご家族）');
    await org.fill('[data-field="family.name.en"]', 'Gathering (families)');
    await org.click('.event-save');
    await org.waitForSelector('.org-week');
  } catch (err) {
    console.error(`--- ibasho-server log (last lines) ---\n${server?.logs().split('\n').slice(-30).join('\n')}`);
    throw err;
  } finally {
    await staffContext.close();
  }
  // What the form made, read back from the server.
  const listed = await call('GET', '/api/orgs/main/events');
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  const all = Array.isArray(listed.body) ? listed.body : (listed.body.events ?? listed.body.items ?? []);
  const made = all.map((e) => e.record ?? e).find((e) => e.title?.ja === title);
  assert.ok(made, JSON.stringify(listed.body));
  assert.deepEqual({ start: made.start, end: made.end, rooms: made.rooms.map((r) => [r.room, r.side]) },
    { start: iso(start), end: iso(end), rooms: [['tsudoi-honnin', 'lived'], ['tsudoi-kazoku', 'family']] });
  const id = made.id;
  // The room's next opening, 15 s after this one ends (made through the API, which takes
  // seconds): time enough for the end's wipe, which runs at the end itself.
  const nextStart = end + 15000;
  const next = await call('POST', '/api/orgs/main/events', {
    title: { ja: 'つぎのつどい', en: 'The next gathering' }, description: { ja: '', en: '' },
    start: iso(nextStart), end: iso(nextStart + 60000), zone, audience: ['open'], capacity: 0,
    rooms: [{ room: 'tsudoi-honnin', side: '', supporters: [] }], place: null, recurrence: { freq: 'none' }, open_before_min: 0,
  });
  assert.equal(next.status, 201, JSON.stringify(next.body));

  const context = await browser.newContext({ viewport: phone, locale: 'ja-JP', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  try {
    await page.goto(server.origin + '/');
    await page.click('.landing .open-schedule');
    const item = page.locator(`.event-card[data-event="${id}"]`);
    await item.waitFor();
    assert.equal(await item.locator('.event-room').count(), 2, 'one item, two rooms');
    assert.match(await item.textContent(), new RegExp(title));
    // Not open yet: no way in, and when it opens instead.
    if (Date.now() < start - 5000) {
      assert.equal(await item.locator('button.event-enter').count(), 0, 'no way in before it opens');
      assert.match(await item.locator('.event-room-when').first().textContent(), /から/);
    }
    const ics = await item.locator('a.calendar-link').getAttribute('href');
    const cal = await fetch(server.origin + ics);
    assert.equal(cal.status, 200);
    assert.match(cal.headers.get('content-type') ?? '', /^text\/calendar/);

    // It opens at its start: the way in appears (the room list is refreshed every 20 s).
    const enter = item.locator('button.event-enter[data-room="tsudoi-honnin"]');
    await enter.waitFor({ timeout: until(start, 40000) });
    assert.ok(Date.now() >= start - 2000, 'not open before its start');
    await enter.click();
    await page.fill('.join-form input.text-input', 'くも');
    await page.click('.join-form button[type=submit]');
    await page.waitForSelector('.room .room-event-line');
    await page.fill('.composer-input', 'はじめまして');
    await page.click('.composer .send');
    await page.waitForSelector('.log li.msg');

    // In the last `warningS` seconds: the closing notice, in the room, then the close.
    await page.waitForSelector('.room-event-notice[data-kind="closing_soon"]', { timeout: until(end, 10000) });
    assert.ok(Date.now() >= end - warningS * 1000 - 3000, 'the notice comes near the end, not at once');
    await page.waitForSelector('.event-ended', { timeout: until(end, 20000) });
    assert.equal(await page.textContent('h1'), '集まりが終わりました');
    const rooms = await fetch(server.origin + '/api/rooms').then((r) => r.json());
    assert.equal(rooms.rooms.find((r) => r.id === 'tsudoi-honnin').state, 'closed');

    // The next opening: a fresh join sees none of the old messages.
    await page.goto(server.origin + '/');
    await page.click('.landing .open-schedule');
    const again = page.locator(`.event-card[data-event="${next.body.id}"] button.event-enter[data-room="tsudoi-honnin"]`);
    await again.waitFor({ timeout: until(nextStart, 40000) });
    await again.click();
    await page.fill('.join-form input.text-input', 'そら');
    await page.click('.join-form button[type=submit]');
    await page.waitForSelector('.room .room-event-line');
    await page.fill('.composer-input', 'こんにちは');
    await page.click('.composer .send');
    await page.waitForFunction(() => /こんにちは/.test(document.querySelector('.log')?.textContent ?? ''));
    assert.doesNotMatch(await page.textContent('.log'), /はじめまして/, 'the old history is gone');
  } catch (err) {
    console.error(`--- ibasho-server log (last lines) ---\n${server?.logs().split('\n').slice(-30).join('\n')}`);
    throw err;
  } finally {
    await context.close();
  }
});
