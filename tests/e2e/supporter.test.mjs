// Issue 11 end to end: real Chromium (playwright-core, phone viewport) against a real
// ibasho-server and a real Redis, as browser.test.mjs does, with a supporter and participants
// on separate pages:
//   1. a supporter hides a message and mutes a participant: the participant sees the tombstone
//      and the muted notice;
//   2. a participant asks for a private word; the supporter accepts and answers; the
//      participant sees the answer;
//   3. a participant reports a message; the supporter sees it in the queue and resolves it;
// plus axe-core on the staff login and staff room screens.
//
//   IBASHO_SERVER_BIN=build/server/ibasho-server node --test tests/e2e/supporter.test.mjs

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as s from './support.mjs';

const phone = { width: 390, height: 844 };
const bin = process.env.IBASHO_SERVER_BIN || path.join(s.repo, 'build', 'server', 'ibasho-server');
const rooms = path.join(s.repo, 'tests', 'e2e', 'rooms.json');
const staffName = 'はる';
const staffPassword = 'e2e supporter password 1';

let redis;
let server;
let browser;
let axeSource;
const pageErrors = [];
let scratch = [];

async function post(p, body, token) {
  const res = await fetch(server.origin + p, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  let json = null;
  try {
    json = await res.json();
  } catch {
    json = null;
  }
  return { status: res.status, body: json };
}

async function start(extra) {
  const prefix = `e2e-staff${process.pid}-${Date.now()}:`;
  const redisArgs = ['--redis', redis.url, '--redis-prefix', prefix];
  const srv = await s.startServer({ rooms, extraArgs: [...redisArgs, ...extra] });
  return { srv, redisArgs };
}

before(async () => {
  s.ensureClientBuilt();
  axeSource = fs.readFileSync(s.clientRequire().resolve('axe-core/axe.min.js'), 'utf8');
  redis = await s.startRedis();
  let started = await start([]);
  server = started.srv;
  const probe = await post('/api/login', { name: 'nobody', password: 'x' });
  // The staff API is part of the server now: a missing route is a failure, never a skip.
  assert.notEqual(probe.status, 404, 'POST /api/login is missing');
  assert.notEqual(probe.status, 405, 'POST /api/login is missing');
  if (probe.status === 403 && probe.body?.error?.code === 'https_required') {
    // The plain listener refuses logins unless the server is told TLS ends in front of it.
    await server.stop();
    started = await start(['--behind-tls-proxy']);
    server = started.srv;
  }
  // An organiser for these tests (organisers may look after every room).
  const out = execFileSync(bin, ['--store', 'redis', ...started.redisArgs, 'admin', 'create-organiser', staffName], { encoding: 'utf8' });
  const m = /password\S*\s*[:=]?\s*(\S+)\s*$/im.exec(out) ?? /(\S+)\s*$/.exec(out.trim());
  assert.ok(m, `no one-time password in: ${out}`);
  const once = m[1];
  const login = await post('/api/login', { name: staffName, password: once });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  assert.equal(login.body.must_change, true);
  const changed = await post('/api/password', { old: once, new: staffPassword }, login.body.token);
  assert.ok(changed.status === 200 || changed.status === 204, JSON.stringify(changed.body));
  browser = await s.launchBrowser();
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  await redis?.stop();
});

function e2e(name, fn) {
  test(name, { timeout: 90000 }, async () => {
    try {
      await fn();
      assert.deepEqual(pageErrors, []);
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

async function person() {
  const context = await browser.newContext({ viewport: phone, locale: 'ja-JP', isMobile: true, hasTouch: true });
  scratch.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
  });
  return page;
}

async function participantIn(room, nick) {
  const page = await person();
  await page.goto(server.origin + '/');
  await page.click('.landing .enter');
  await page.click(`button.room-open[data-room="${room}"]`);
  await page.fill('.join-form input.text-input', nick);
  await page.locator('.join-form > .check-row input[type=checkbox]').uncheck();
  await page.click('.join-form button[type=submit]');
  await page.waitForSelector('.room .log');
  return page;
}

async function supporterIn(room) {
  const page = await person();
  await page.goto(server.origin + '/#/staff');
  await page.waitForSelector('.staff-login form');
  await page.fill('.staff-login input[name=name]', staffName);
  await page.fill('.staff-login input[name=password]', staffPassword);
  await page.click('.staff-login button[type=submit]');
  await page.waitForSelector(`.staff-enter[data-room="${room}"]`);
  await page.click(`.staff-enter[data-room="${room}"]`);
  await page.waitForSelector('.staff-room .room .log');
  return page;
}

// Makes a message unique in the run. Not Date.now() in decimal: any run of 10 or more digits is
// a phone number to the contact shield (moderation/contact_shield.hpp), which would mask it.
function mark() {
  return Date.now().toString(36);
}

async function say(page, text) {
  await page.fill('.composer-input', text);
  await page.click('.composer .send');
  await page.waitForFunction((t) => [...document.querySelectorAll('.log li.msg .ev-text')].some((e) => e.textContent === t), text);
}

function seqOf(page, text) {
  return page.evaluate((t) => [...document.querySelectorAll('.log li.msg')].find((li) => li.querySelector('.ev-text')?.textContent === t)?.getAttribute('data-seq'), text);
}

async function confirmWithReason(page) {
  await page.waitForSelector('.sheet[role=dialog]');
  if (await page.locator('.sheet .dlg-reason').count()) await page.selectOption('.sheet .dlg-reason', { index: 1 });
  await page.click('.sheet .dlg-confirm');
  await page.waitForSelector('.sheet', { state: 'detached' });
}

async function axeScan(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${label}: ${JSON.stringify(bad, null, 1)}`);
}

e2e('the staff login and staff room screens have no serious accessibility violation', async () => {
  const page = await person();
  await page.goto(server.origin + '/#/staff');
  await page.waitForSelector('.staff-login form');
  await axeScan(page, 'staff login');
  await page.close();
  const staff = await supporterIn('yoru');
  await axeScan(staff, 'staff room');
  await staff.click('.tab-people');
  await axeScan(staff, 'staff room people');
});

e2e('a supporter hides a message and mutes a participant: the participant sees the tombstone and the muted notice', async () => {
  const staff = await supporterIn('hiroba');
  const p = await participantIn('hiroba', 'そら');
  await p.waitForSelector('.log li.msg .badge, .people-text'); // the supporter is there
  const text = `ちょっと強い言葉 ${mark()}`;
  await say(p, text);
  await staff.waitForFunction((t) => [...document.querySelectorAll('.log li.msg .ev-text')].some((e) => e.textContent === t), text);
  const seq = await seqOf(staff, text);
  await staff.click(`.log li.msg[data-seq="${seq}"] .ev-more`);
  await staff.click(`.log li.msg[data-seq="${seq}"] .staff-hide`);
  await confirmWithReason(staff);
  await p.waitForSelector(`.log li.tombstone[data-seq="${seq}"]`);
  assert.match(await p.textContent(`.log li.tombstone[data-seq="${seq}"]`), /このメッセージはサポーターが非表示にしました/);
  assert.equal(await p.evaluate((t) => document.body.textContent.includes(t), text), false, 'the text is gone from the participant\'s screen');

  await staff.click('.tab-people');
  await staff.waitForSelector('.staff-person .act-mute');
  await staff.locator('.staff-person', { hasText: 'そら' }).locator('.act-mute').click();
  await confirmWithReason(staff);
  await p.waitForSelector('.room-notice.notice-muted');
  assert.match(await p.textContent('.room-notice.notice-muted'), /書き込みをお休み/);
});

e2e('a participant asks for a private word; the supporter accepts and answers; the participant sees the answer', async () => {
  const staff = await supporterIn('hiroba');
  const p = await participantIn('hiroba', 'うみ');
  await p.waitForSelector('.ask-supporter');
  await p.click('.ask-supporter');
  await p.waitForSelector('.private-waiting');
  await staff.waitForSelector('.tab-queue .count-badge');
  await staff.click('.tab-queue');
  await staff.click('.ask-item .ask-accept');
  await staff.waitForSelector('.staff-thread .thread-form');
  await p.waitForSelector('.private-panel:not([hidden])');
  await staff.fill('.staff-thread textarea', 'こんばんは、ここにいますよ。');
  await staff.click('.staff-thread .send');
  await p.waitForFunction(() => [...document.querySelectorAll('.private-log .ev-text')].some((e) => e.textContent === 'こんばんは、ここにいますよ。'));
  await p.fill('.private-panel .private-input', 'ありがとうございます');
  await p.click('.private-panel .private-send');
  await staff.waitForFunction(() => [...document.querySelectorAll('.staff-thread .ev-text')].some((e) => e.textContent === 'ありがとうございます'));
});

e2e('a participant reports a message; the supporter sees it in the queue and resolves it', async () => {
  const staff = await supporterIn('yoru');
  const writer = await participantIn('yoru', 'あめ');
  const reporter = await participantIn('yoru', 'ほし');
  const text = `気になる書き込み ${mark()}`;
  await say(writer, text);
  await reporter.waitForFunction((t) => [...document.querySelectorAll('.log li.msg .ev-text')].some((e) => e.textContent === t), text);
  const seq = await seqOf(reporter, text);
  await reporter.click(`.log li.msg[data-seq="${seq}"] .ev-more`);
  await reporter.click(`.log li.msg[data-seq="${seq}"] .report-open`);
  await reporter.check('.report-form input[value="hurtful"]');
  await reporter.click('.report-form button[type=submit]');
  await reporter.waitForFunction(() => /ありがとう/.test(document.querySelector('.dock-note')?.textContent ?? ''));

  await staff.waitForSelector('.alert-report');
  await staff.click('.tab-queue');
  const item = staff.locator('.report-item', { hasText: text });
  await item.waitFor();
  await item.locator('.report-resolve').click();
  await confirmWithReason(staff);
  await item.waitFor({ state: 'detached' });
});
