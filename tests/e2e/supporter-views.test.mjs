// Issue 11's screens in real Chromium (playwright-core, phone viewport) against a stand-in:
// a small static server for client-web/dist (with the real server's CSP) and, inside the
// browser, a scripted WebSocket and /api/* (playwright's routeWebSocket and route). This file
// checks the views while no server speaks these messages yet; tests/e2e/supporter.test.mjs
// runs the same journeys against the real ibasho-server.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as s from './support.mjs';

const phone = { width: 390, height: 844 };
const TOKEN = 'S'.repeat(43);
// Screenshots only when asked (IBASHO_SCREENSHOT_DIR), so a test run leaves the tree alone.
const shotsDir = process.env.IBASHO_SCREENSHOT_DIR ? path.resolve(s.repo, process.env.IBASHO_SCREENSHOT_DIR) : '';
async function shot(page, name) {
  if (!shotsDir) return;
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`) });
}

let staticServer;
let origin;
let browser;
let axeSource;
const pageErrors = [];

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
});

const room = {
  id: 'hiroba', name: { ja: 'ひろば', en: 'Plaza' }, description: { ja: 'どなたでも' }, rules: {}, audience: ['open'],
  state: 'open', capacity: 0, members: 2, listening: 1, presence: 'names', slow_mode_s: 0, limited: false, staff: 1,
};

// One phone with a scripted server: `fake.sent` holds every frame the page sent; `fake.push`
// sends frames to it; `onFrame` answers what the test cares about.
async function phoneWith({ locale = 'ja-JP', api = {}, onFrame = () => {} } = {}) {
  const context = await browser.newContext({ viewport: phone, locale, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
  });
  const fake = { sent: [], calls: [], sockets: [] };
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
    fake.calls.push({ method: req.method(), path: p, auth: req.headers().authorization ?? '', body: req.postData() });
    const h = api[`${req.method()} ${p}`];
    const r = typeof h === 'function' ? h(JSON.parse(req.postData() || 'null'), req.headers().authorization ?? '') : h;
    if (!r) return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found"}}' });
    return route.fulfill({ status: r.status ?? 200, contentType: 'application/json', headers: r.headers ?? {}, body: JSON.stringify(r.body ?? {}) });
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

const me = { id: 'st_AAAAAAAAAAAAAAAA', name: 'はる', role: 'supporter', rooms: ['hiroba'] };
const staffApi = (extra = {}) => ({
  'POST /api/login': (body) => (body.password === 'a very long password'
    ? { body: { token: TOKEN, expires_ms: Date.now() + 3600e3, staff: me, must_change: false } }
    : body.password === 'one-time-pw'
      ? { body: { token: TOKEN, expires_ms: Date.now() + 3600e3, staff: me, must_change: true } }
      : body.password === 'again and again'
        ? { status: 429, headers: { 'Retry-After': '600' }, body: { error: { code: 'too_many_attempts' } } }
        : { status: 401, body: { error: { code: 'bad_credentials' } } }),
  'POST /api/password': { body: {} },
  'GET /api/me': (_b, auth) => (auth === `Bearer ${TOKEN}` ? { body: { staff: me, must_change: false } } : { status: 401, body: { error: { code: 'unauthorized' } } }),
  'GET /api/reasons': { body: { reasons: [{ id: 'hurtful', ja: '人を傷つける内容', en: 'Hurtful' }, { id: 'flood', ja: '連続投稿', en: 'Flooding' }] } },
  'GET /api/reminders': { body: { templates: [{ id: 'kind', ja: 'やさしい言葉でお願いします', en: 'Please be kind' }] } },
  'GET /api/reports': { body: { reports: [] } },
  'GET /api/asks': { body: { asks: [] } },
  'POST /api/logout': { body: {} },
  ...extra,
});

async function loginAsStaff(page, password = 'a very long password') {
  await page.goto(origin + '/#/staff');
  await page.waitForSelector('.staff-login form');
  await page.fill('.staff-login input[name=name]', 'はる');
  await page.fill('.staff-login input[name=password]', password);
  await page.click('.staff-login button[type=submit]');
}

test('staff login: clear errors, the first-login password change, then my rooms; the token only in sessionStorage', { timeout: 60000 }, async () => {
  const { context, page, fake } = await phoneWith({ api: staffApi() });
  try {
    await page.goto(origin + '/');
    await page.waitForSelector('.landing');
    const before = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.ok(!before.some((u) => /staff-main/.test(u)), 'the participant\'s first screen does not load the staff chunk');

    await loginAsStaff(page, 'wrong');
    await page.waitForFunction(() => /名前かパスワード/.test(document.querySelector('.login-error')?.textContent ?? ''));
    await axeScan(page, 'staff login (error)');
    await shot(page, 'staff-login');
    await page.fill('.staff-login input[name=password]', 'again and again');
    await page.click('.staff-login button[type=submit]');
    await page.waitForFunction(() => /10分ほど待って/.test(document.querySelector('.login-error')?.textContent ?? ''));

    await page.fill('.staff-login input[name=password]', 'one-time-pw');
    await page.click('.staff-login button[type=submit]');
    await page.waitForSelector('.staff-password');
    const pw = page.locator('.staff-password input[type=password]');
    await pw.nth(0).fill('one-time-pw');
    await pw.nth(1).fill('short');
    await pw.nth(2).fill('short');
    await page.click('.staff-password button[type=submit]');
    await page.waitForFunction(() => /12文字以上/.test(document.querySelector('.staff-password .form-error')?.textContent ?? ''));
    assert.equal(fake.calls.filter((c) => c.path === '/api/password').length, 0, 'a short password is not sent');
    await pw.nth(1).fill('a very long password');
    await pw.nth(2).fill('a very long password');
    await page.click('.staff-password button[type=submit]');
    await page.waitForSelector('.staff-home .staff-rooms [data-room="hiroba"]');
    const pwCall = fake.calls.find((c) => c.path === '/api/password');
    assert.equal(pwCall.auth, `Bearer ${TOKEN}`);
    assert.deepEqual(JSON.parse(pwCall.body), { old: 'one-time-pw', new: 'a very long password' });

    // The socket said hello again with the token, and the welcome made it a supporter's.
    await fake.waitSent((f) => f.type === 'hello' && f.staff === TOKEN);
    const stored = await page.evaluate(() => ({ s: sessionStorage.getItem('ibasho.staff'), l: localStorage.length, c: document.cookie, u: location.href }));
    assert.equal(stored.s, JSON.stringify(TOKEN));
    assert.equal(stored.l, 0);
    assert.equal(stored.c, '');
    assert.ok(!stored.u.includes(TOKEN));
    await axeScan(page, 'staff home');
    await shot(page, 'staff-home');

    // A reload comes back signed in (the token is asked about once).
    await page.reload();
    await page.waitForSelector('.staff-home .staff-rooms [data-room="hiroba"]');
    await page.click('.staff-logout .btn-secondary');
    await page.waitForSelector('.staff-login');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('ibasho.staff')), null);
    assert.ok(fake.calls.some((c) => c.path === '/api/logout' && c.auth === `Bearer ${TOKEN}`));
  } finally {
    await context.close();
  }
});

test('staff sign-in with a thread still open: the home stays put and lists the thread with its lines', { timeout: 60000 }, async () => {
  const lines = [
    { thread: 'q_1', n: 1, from: 'staff', nick: 'はる', text: 'こんばんは', ts: Date.now() - 60000, id: 'p-1' },
    { thread: 'q_1', n: 2, from: 'member', nick: 'くも', text: 'まだいますか', ts: Date.now() - 30000, id: 'p-2' },
  ];
  const { context, page } = await phoneWith({
    api: staffApi(),
    // The server sends every open thread again after a staff hello (docs/protocol.md).
    onFrame: (f, ws) => {
      if (f.type === 'hello' && f.staff === TOKEN) ws.send(JSON.stringify({ type: 'private_open', thread: 'q_1', room: 'hiroba', staff: 'はる', member: 'mb_1', nick: 'くも', lines }));
    },
  });
  try {
    await loginAsStaff(page);
    // The thread is listed once its private_open is in; a jump to it would have come with it.
    await page.waitForSelector('.staff-home .thread-open');
    assert.equal(await page.locator('.staff-home .staff-enter[data-room="hiroba"]').count(), 1, 'still on my rooms');
    await page.click('.staff-home .thread-open');
    await page.waitForSelector('.staff-thread .thread-form');
    assert.deepEqual(await page.locator('.staff-thread .ev-text').allTextContents(), ['こんばんは', 'まだいますか']);
  } finally {
    await context.close();
  }
});

test('staff room: hide a message with a reason, see the tombstone and unhide; mute from the people list; room controls; axe', { timeout: 60000 }, async () => {
  let seq = 2;
  const history = [
    { type: 'message', room: 'hiroba', seq: 1, from: 'mb_a', nick: 'そら', text: 'こんばんは', ts: Date.now() - 60000, id: 'a1' },
    { type: 'message', room: 'hiroba', seq: 2, from: 'mb_b', nick: 'あめ', text: 'ひどいことば', ts: Date.now() - 30000, id: 'b1' },
  ];
  const { context, page, fake } = await phoneWith({
    api: staffApi(),
    onFrame: (f, ws) => {
      const send = (...x) => ws.send(x.map((y) => JSON.stringify(y)).join('\n'));
      if (f.type === 'join') {
        send({ type: 'joined', room: 'hiroba', member: 'mb_s', nick: 'はる', seq, listening: false, badge: 'supporter' }, ...history,
          { type: 'presence', room: 'hiroba', count: 3, listening: 1, staff: 1, members: [
            { member: 'mb_a', nick: 'そら', listening: true }, { member: 'mb_b', nick: 'あめ', listening: false },
            { member: 'mb_s', nick: 'はる', listening: false, badge: 'supporter' }] },
          { type: 'queue', reports: [{ id: 'r_1', room: 'hiroba', seq: 2, reason: 'hurtful', text: 'ひどいことば', member: 'mb_b', nick: 'あめ', created_ms: Date.now() - 5 * 60000 }], asks: [] });
      } else if (f.type === 'hide') {
        seq += 1;
        send({ type: 'done', ref: f.id, action: 'hide' }, { type: 'hide', room: 'hiroba', seq, target: f.seq, reason: f.reason, ts: Date.now() });
      } else if (f.type === 'unhide') {
        seq += 1;
        send({ type: 'done', ref: f.id, action: 'unhide' }, { type: 'unhide', room: 'hiroba', seq, target: f.seq, message: history[1], ts: Date.now() });
      } else if (f.type === 'mute' || f.type === 'room_control') {
        send({ type: 'done', ref: f.id, action: f.type });
        if (f.type === 'room_control' && f.control === 'slow_mode') send({ type: 'room_state', room: 'hiroba', state: 'open', slow_mode_s: f.seconds, shield: false, supporter_present: false });
      } else if (f.type === 'standing') {
        send({ type: 'standing', room: 'hiroba', member: f.member, standing: { reminders: 1, mutes: 0 }, suggest: 'mute', ref: f.id });
      }
    },
  });
  try {
    await loginAsStaff(page);
    await page.waitForSelector('.staff-enter[data-room="hiroba"]');
    await page.click('.staff-enter[data-room="hiroba"]');
    await page.waitForSelector('.staff-room .log li.msg[data-seq="2"]');
    const join = await fake.waitSent((f) => f.type === 'join');
    assert.equal(join.room, 'hiroba');
    await page.waitForSelector('.tab-queue .count-badge');

    await page.locator('.log li.msg[data-seq="2"] .ev-more').click();
    await page.waitForSelector('.log li.msg[data-seq="2"] .staff-hide');
    await axeScan(page, 'staff room (menu open)');
    await page.click('.log li.msg[data-seq="2"] .staff-hide');
    await page.waitForSelector('.sheet[role=dialog]');
    await page.click('.sheet .dlg-confirm');
    await page.waitForFunction(() => /理由をえらんで/.test(document.querySelector('.sheet .form-error')?.textContent ?? ''));
    assert.equal(fake.sent.filter((f) => f.type === 'hide').length, 0, 'no action without a reason');
    await page.selectOption('.sheet .dlg-reason', 'hurtful');
    await axeScan(page, 'staff room (reason dialog)');
    await shot(page, 'staff-reason-dialog');
    await page.click('.sheet .dlg-confirm');
    const hide = await fake.waitSent((f) => f.type === 'hide');
    assert.deepEqual({ room: hide.room, seq: hide.seq, reason: hide.reason }, { room: 'hiroba', seq: 2, reason: 'hurtful' });
    await page.waitForSelector('.log li.tombstone[data-seq="2"] .staff-unhide');
    await page.waitForSelector('.sheet', { state: 'detached' });
    assert.match(await page.textContent('.log li.tombstone[data-seq="2"]'), /サポーターが非表示にしました/);
    await page.click('.log li.tombstone[data-seq="2"] .staff-unhide');
    await page.waitForSelector('.log li.msg[data-seq="2"]');

    await page.click('.tab-people');
    await page.waitForSelector('.staff-person[data-member="mb_b"]');
    assert.equal(await page.locator('.staff-person[data-member="mb_s"]').count(), 0, 'not oneself, not other staff');
    await page.click('.staff-person[data-member="mb_b"] .act-standing');
    await page.waitForFunction(() => /ミュート/.test(document.querySelector('.standing-suggest')?.textContent ?? ''));
    await axeScan(page, 'staff room (people)');
    await shot(page, 'staff-people');
    await page.click('.staff-person[data-member="mb_b"] .act-mute');
    await page.waitForSelector('.sheet[role=dialog]');
    await page.click('.sheet .chip:has-text("1時間")');
    await page.selectOption('.sheet .dlg-reason', 'flood');
    await page.click('.sheet .dlg-confirm');
    const mute = await fake.waitSent((f) => f.type === 'mute');
    assert.deepEqual({ member: mute.member, minutes: mute.minutes, reason: mute.reason }, { member: 'mb_b', minutes: 60, reason: 'flood' });
    await page.waitForSelector('.sheet', { state: 'detached' });

    await page.click('.tab-controls');
    await page.click('.ctl-slow_mode');
    await page.fill('.sheet input[inputmode=numeric]', '45');
    await page.selectOption('.sheet .dlg-reason', 'flood');
    await page.click('.sheet .dlg-confirm');
    const ctl = await fake.waitSent((f) => f.type === 'room_control');
    assert.deepEqual({ control: ctl.control, seconds: ctl.seconds }, { control: 'slow_mode', seconds: 45 });
    await page.waitForFunction(() => /45秒/.test(document.querySelector('.staff-controls')?.textContent ?? ''));
    await axeScan(page, 'staff room (controls)');

    await page.click('.tab-queue');
    await page.waitForSelector('.report-item[data-report="r_1"]');
    assert.match(await page.textContent('.report-item[data-report="r_1"]'), /5分待っています/);
    await page.click('.tab-log');
    await shot(page, 'staff-room');
  } finally {
    await context.close();
  }
});

test('participant: report a message anonymously, tombstones, a muted notice in local time, a calm read-only banner, and the private word', { timeout: 60000 }, async () => {
  let seq = 1;
  const { context, page, fake } = await phoneWith({
    onFrame: (f, ws) => {
      const send = (...x) => ws.send(x.map((y) => JSON.stringify(y)).join('\n'));
      if (f.type === 'join') {
        send({ type: 'joined', room: 'hiroba', member: 'mb_me', nick: f.nick, seq, listening: true },
          { type: 'message', room: 'hiroba', seq: 1, from: 'mb_s', nick: 'はる', text: 'ようこそ', ts: Date.now(), id: 's1', badge: 'supporter' },
          { type: 'presence', room: 'hiroba', count: 2, listening: 1, staff: 1, members: [{ member: 'mb_s', nick: 'はる', listening: false, badge: 'supporter' }, { member: 'mb_me', nick: f.nick, listening: true }] });
      } else if (f.type === 'report') {
        send({ type: 'done', ref: f.id, action: 'report' });
      } else if (f.type === 'ask') {
        send({ type: 'ask_waiting', room: 'hiroba', ask: 'q_1' }, { type: 'done', ref: f.id, action: 'ask' });
      } else if (f.type === 'private_say') {
        send({ type: 'private_message', thread: f.thread, n: 1, from: 'member', nick: 'くも', text: f.text, ts: Date.now(), id: f.id });
      }
    },
  });
  try {
    await page.goto(origin + '/');
    await page.click('.landing .enter');
    await page.click('button.room-open[data-room="hiroba"]');
    await page.fill('.join-form input.text-input', 'くも');
    await page.click('.join-form button[type=submit]');
    await page.waitForSelector('.log li.msg[data-seq="1"] .badge');
    assert.match(await page.textContent('.log li.msg[data-seq="1"] .nick'), /サポーター/);

    await page.click('.log li.msg[data-seq="1"] .ev-more');
    await page.click('.log li.msg[data-seq="1"] .report-open');
    await page.waitForSelector('.report-form');
    assert.match(await page.textContent('.report-form'), /匿名/);
    await axeScan(page, 'participant report form');
    await page.check('.report-form input[value="worried"]');
    await page.fill('.report-form textarea', '気になりました');
    await page.click('.report-form button[type=submit]');
    const rep = await fake.waitSent((f) => f.type === 'report');
    assert.deepEqual({ room: rep.room, seq: rep.seq, reason: rep.reason, note: rep.note }, { room: 'hiroba', seq: 1, reason: 'worried', note: '気になりました' });
    await page.waitForFunction(() => /ありがとう/.test(document.querySelector('.dock-note')?.textContent ?? ''));

    fake.push({ type: 'hide', room: 'hiroba', seq: 2, target: 1, reason: 'hurtful', ts: Date.now() });
    await page.waitForSelector('.log li.tombstone[data-seq="1"]');
    assert.equal(await page.locator('.log li.tombstone .staff-unhide').count(), 0, 'no supporter tools for a participant');
    assert.equal(await page.textContent('.log li.tombstone[data-seq="1"] span'), 'このメッセージはサポーターが非表示にしました');

    const until = Date.now() + 3600e3;
    fake.push({ type: 'notice', room: 'hiroba', kind: 'muted', until });
    await page.waitForSelector('.room-notice.notice-muted');
    const local = await page.evaluate((u) => new Date(u).toLocaleString('ja-JP', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }), until);
    assert.ok((await page.textContent('.room-notice.notice-muted')).includes(local), 'the end in local time');

    // The private word.
    await page.click('.ask-supporter');
    await fake.waitSent((f) => f.type === 'ask' && f.room === 'hiroba');
    await page.waitForSelector('.private-waiting');
    fake.push({ type: 'private_open', thread: 'q_1', room: 'hiroba', staff: 'はる', member: 'mb_me', nick: 'くも' });
    await page.waitForSelector('.private-panel:not([hidden]) .private-title');
    await axeScan(page, 'participant 1:1');
    await shot(page, 'participant-private');
    await page.fill('.private-panel .private-input', 'すこし話したいです');
    await page.click('.private-panel .private-send');
    await fake.waitSent((f) => f.type === 'private_say' && f.thread === 'q_1');
    fake.push({ type: 'private_message', thread: 'q_1', n: 2, from: 'staff', nick: 'はる', text: 'ここにいますよ', ts: Date.now() });
    await page.waitForFunction(() => [...document.querySelectorAll('.private-log .ev-text')].some((e) => e.textContent === 'ここにいますよ'));
    fake.push({ type: 'private_ended', thread: 'q_1', by: 'staff' });
    await page.waitForFunction(() => /サポーターが1対1を終えました/.test(document.querySelector('.private-status')?.textContent ?? ''));
    await page.click('.private-end');
    await page.waitForSelector('.private-panel', { state: 'hidden' });

    // Supporter gone in a supporter_present room: reading only, calmly.
    fake.push({ type: 'room_state', room: 'hiroba', state: 'open', slow_mode_s: 0, shield: false, supporter_present: true },
      { type: 'presence', room: 'hiroba', count: 1, listening: 1, staff: 0 });
    await page.waitForSelector('.room-readonly:not([hidden])');
    assert.equal(await page.textContent('.room-readonly'), 'いまはサポーターがいないため、読むだけの時間です');
    assert.equal(await page.locator('.composer .send').isDisabled(), true);
    assert.equal(await page.locator('.ask-supporter').count(), 0, 'no ask button without a supporter');
    await shot(page, 'participant-read-only');
  } finally {
    await context.close();
  }
});
