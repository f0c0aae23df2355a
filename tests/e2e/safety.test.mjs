// Issue 12 end to end: real Chromium (playwright-core, phone viewport) against a real
// ibasho-server and a real Redis, as supporter.test.mjs does, with a supporter and participants
// on separate pages:
//   a. a participant writes a crisis line in a room where a supporter sits: a third participant
//      sees the message unchanged, the writer sees the help card (and can still write), the
//      supporter sees the alert and reaches out, and both sides see the private thread; axe-core
//      on the writer's room with the card open;
//   b. a phone number of the help directory is delivered as written; another one is masked and
//      the writer sees the contact_masked notice.
//
//   IBASHO_SERVER_BIN=build/server/ibasho-server node --test tests/e2e/safety.test.mjs

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as s from './support.mjs';

const phone = { width: 390, height: 844 };
const bin = process.env.IBASHO_SERVER_BIN || path.join(s.repo, 'build', 'server', 'ibasho-server');
const rooms = path.join(s.repo, 'tests', 'e2e', 'rooms.json');
const staffName = 'なぎ';
const staffPassword = 'e2e safety password 12';
// moderation/contact_shield.hpp: what stands where a contact detail was.
const contactMask = '［連絡先は表示されません］';

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
  const prefix = `e2e-safety${process.pid}-${Date.now()}:`;
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
  assert.notEqual(probe.status, 404, 'POST /api/login is missing');
  if (probe.status === 403 && probe.body?.error?.code === 'https_required') {
    await server.stop();
    started = await start(['--behind-tls-proxy']);
    server = started.srv;
  }
  const out = execFileSync(bin, ['--store', 'redis', ...started.redisArgs, 'admin', 'create-organiser', staffName], { encoding: 'utf8' });
  const m = /password\S*\s*[:=]?\s*(\S+)\s*$/im.exec(out) ?? /(\S+)\s*$/.exec(out.trim());
  assert.ok(m, `no one-time password in: ${out}`);
  const login = await post('/api/login', { name: staffName, password: m[1] });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  const changed = await post('/api/password', { old: m[1], new: staffPassword }, login.body.token);
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

// Unique in the run without a run of digits the contact shield would take for a number.
function mark() {
  return Date.now().toString(36).replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)]);
}

async function say(page, text) {
  await page.fill('.composer-input', text);
  await page.click('.composer .send');
}

function sees(page, pred) {
  return page.waitForFunction(pred.fn, pred.arg);
}

const textIs = (t) => ({ fn: (x) => [...document.querySelectorAll('.log li.msg .ev-text')].some((e) => e.textContent === x), arg: t });
const textHas = (t) => ({ fn: (x) => [...document.querySelectorAll('.log li.msg .ev-text')].some((e) => e.textContent.includes(x)), arg: t });

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

e2e('a crisis line: delivered unchanged, the writer gets the card and can still write, the supporter reaches out, both see the thread', async () => {
  const staff = await supporterIn('hiroba');
  const writer = await participantIn('hiroba', 'くも');
  const reader = await participantIn('hiroba', 'ほし');
  await writer.waitForSelector('.ask-supporter'); // the supporter is seen in the room
  const text = `もう死にたい ${mark()}`;
  await say(writer, text);

  await sees(reader, textIs(text));
  await sees(writer, textIs(text));
  assert.equal(await reader.locator('.help-card').count(), 0, 'nobody else gets a card');

  await writer.waitForSelector('.room .help-card');
  assert.equal(await writer.getAttribute('.help-card-host', 'role'), 'status');
  assert.equal(await writer.locator('[role=dialog], [aria-modal]').count(), 0, 'never a modal');
  assert.match(await writer.textContent('.help-card-lead'), /書いてくれてありがとう/);
  await writer.waitForSelector('.help-card .help-card-ask'); // a supporter is on duty
  const tels = await writer.$$eval('.help-card-line a[href^="tel:"]', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(tels.length >= 1 && tels.length <= 3, `one to three lines: ${tels}`);
  await axeScan(writer, 'room with the help card');

  // Writing goes on with the card open.
  const next = `まだここにいます ${mark()}`;
  await say(writer, next);
  await sees(reader, textIs(next));
  assert.equal(await writer.locator('.help-card').count(), 1);

  // The supporter: the alert names room and nick, and one press reaches out.
  const alert = staff.locator('.alert-strip .alert-safety.alert-crisis');
  await alert.waitFor();
  assert.match(await alert.textContent(), /くもさん/);
  assert.doesNotMatch(await alert.textContent(), /死にたい/, 'no text in the alert');
  await alert.locator('.alert-reach').click();
  await staff.waitForSelector('.staff-thread .thread-form');
  await writer.waitForSelector('.private-panel:not([hidden])');
  await staff.fill('.staff-thread textarea', 'こんばんは。よかったら、ここで少し話しませんか。');
  await staff.click('.staff-thread .send');
  await writer.waitForFunction(() => [...document.querySelectorAll('.private-log .ev-text')].some((e) => e.textContent === 'こんばんは。よかったら、ここで少し話しませんか。'));
});

e2e('a number from the help directory is delivered as written; another number is masked and the writer is told why', async () => {
  const writer = await participantIn('yoru', 'あめ');
  const reader = await participantIn('yoru', 'そら');
  const hotline = `よりそいホットラインは 0120-279-338 です ${mark()}`;
  await say(writer, hotline);
  await sees(reader, textIs(hotline));
  assert.equal(await writer.locator('.room-notice.notice-contact_masked').count(), 0);

  const tag = mark();
  await say(writer, `わたしの番号は 090-1234-5678 です ${tag}`);
  await sees(reader, textHas(tag));
  const shown = await reader.evaluate((t) => [...document.querySelectorAll('.log li.msg .ev-text')].find((e) => e.textContent.includes(t))?.textContent, tag);
  assert.ok(shown.includes(contactMask), `masked: ${shown}`);
  assert.ok(!shown.includes('1234'), `no digits left: ${shown}`);
  await writer.waitForSelector('.room-notice.notice-contact_masked');
  assert.equal(await writer.textContent('.notice-contact_masked .room-notice-text'), '連絡先は、あなたとみんなを守るために表示されません。');
});
