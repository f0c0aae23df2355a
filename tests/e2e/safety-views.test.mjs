// Issue 12's screens in real Chromium (playwright-core, phone viewport) against a stand-in, as
// supporter-views.test.mjs does: a static server for client-web/dist with the real CSP, and a
// scripted WebSocket and /api/* inside the browser. It checks the help card's markup and ARIA
// (inside the room, a polite status region, no modal, focus left alone, the text box still
// usable, tel: links, one card at a time, closable), the participant's new notices, and the
// staff alert strip (crisis first, reach out, seen, answered elsewhere, escalated) and the
// shielded mark. tests/e2e/safety.test.mjs runs the journeys against the real server.

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

async function phoneWith({ locale = 'ja-JP', api = {}, onFrame = () => {} } = {}) {
  const context = await browser.newContext({ viewport: phone, locale, isMobile: true, hasTouch: true });
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

const yorisoi = { id: 'yorisoi', name: { ja: 'よりそいホットライン', en: 'Yorisoi Hotline' }, tel: '0120-279-338', hours: { ja: '24時間・通話無料', en: '24 hours, free call' } };
const kokoro = { id: 'kokoro', name: { ja: 'こころの健康相談統一ダイヤル', en: 'Mental health line' }, tel: '0570-064-556', hours: null };
const inochi = { id: 'inochi', name: { ja: 'いのちの電話', en: 'Inochi no Denwa' }, tel: '0570-783-556', hours: { ja: '10時〜22時' } };

// A participant's room where every say is echoed back, except those the test holds.
async function participantRoom(opts = {}) {
  let seq = 1;
  const held = opts.held ?? (() => false);
  const phoneSet = await phoneWith({
    locale: opts.locale,
    onFrame: (f, ws) => {
      const send = (...x) => ws.send(x.map((y) => JSON.stringify(y)).join('\n'));
      if (f.type === 'join') {
        send({ type: 'joined', room: 'hiroba', member: 'mb_me', nick: f.nick, seq, listening: false },
          { type: 'message', room: 'hiroba', seq: 1, from: 'mb_s', nick: 'はる', text: 'ようこそ', ts: Date.now(), id: 's1', badge: 'supporter' },
          { type: 'presence', room: 'hiroba', count: 2, listening: 0, staff: 1, members: [{ member: 'mb_s', nick: 'はる', listening: false, badge: 'supporter' }, { member: 'mb_me', nick: f.nick, listening: false }] });
      } else if (f.type === 'say' && !held(f)) {
        seq += 1;
        send({ type: 'message', room: 'hiroba', seq, from: 'mb_me', nick: 'くも', text: f.text, ts: Date.now(), id: f.id });
      } else if (f.type === 'ask') {
        send({ type: 'ask_waiting', room: 'hiroba', ask: 'q_1' }, { type: 'done', ref: f.id, action: 'ask' });
      }
    },
  });
  const page = phoneSet.page;
  await page.goto(origin + '/');
  await page.click('.landing .enter');
  await page.click('button.room-open[data-room="hiroba"]');
  await page.fill('.join-form input.text-input', 'くも');
  await page.locator('.join-form > .check-row input[type=checkbox]').uncheck();
  await page.click('.join-form button[type=submit]');
  await page.waitForSelector('.log li.msg[data-seq="1"]');
  return phoneSet;
}

test('the help card: inside the room, polite, no modal, focus left alone, writing still possible; one card at a time; closable; axe', { timeout: 60000 }, async () => {
  const { context, page, fake } = await participantRoom();
  try {
    await page.fill('.composer-input', 'もう消えたい');
    await page.click('.composer .send');
    const say = await fake.waitSent((f) => f.type === 'say');
    await page.focus('.composer-input');
    fake.push({ type: 'help_card', room: 'hiroba', ref: say.id, on_duty: true, lines: [yorisoi, kokoro, inochi, { ...yorisoi, id: 'fourth' }] });
    await page.waitForSelector('.room .help-card');

    const aria = await page.evaluate(() => {
      const card = document.querySelector('.help-card');
      const host = card.parentElement;
      return {
        hostRole: host.getAttribute('role'), hostLive: host.getAttribute('aria-live'),
        inRoom: !!card.closest('section.room'), dialog: !!card.closest('[role=dialog], [aria-modal], dialog'),
        labelled: document.getElementById(card.getAttribute('aria-labelledby'))?.textContent,
        focus: document.activeElement?.className, inert: document.querySelectorAll('[inert], [aria-hidden="true"] textarea').length,
        cards: document.querySelectorAll('.help-card').length,
      };
    });
    assert.deepEqual(aria, {
      hostRole: 'status', hostLive: 'polite', inRoom: true, dialog: false,
      labelled: '書いてくれてありがとう。つらい気持ちを、ひとりで抱えなくていいよ。',
      focus: 'composer-input', inert: 0, cards: 1,
    });
    const text = await page.textContent('.help-card');
    assert.doesNotMatch(text, /検出|危険|警告|注意|detected|warning/i, 'never a warning, never "we detected"');
    assert.match(await page.textContent('.help-card .help-card-ask'), /いまピアサポーターと話す/);
    const lines = await page.$$eval('.help-card-line', (ls) => ls.map((l) => ({
      name: l.querySelector('.help-card-name')?.textContent, href: l.querySelector('a')?.getAttribute('href'), hours: l.querySelector('.help-card-hours')?.textContent,
    })));
    assert.deepEqual(lines, [
      { name: 'よりそいホットライン', href: 'tel:0120279338', hours: '24時間・通話無料' },
      { name: 'こころの健康相談統一ダイヤル', href: 'tel:0570064556', hours: '受付時間は公式の案内で確かめてください' },
      { name: 'いのちの電話', href: 'tel:0570783556', hours: '10時〜22時' },
    ], 'at most three lines, as tel: links, hours unknown said like the help screen');
    await axeScan(page, 'room with the help card');
    await shot(page, 'participant-help-card');

    // Writing stays possible with the card open.
    await page.fill('.composer-input', 'まだここにいます');
    await page.click('.composer .send');
    await page.waitForFunction(() => [...document.querySelectorAll('.log li.msg .ev-text')].some((e) => e.textContent === 'まだここにいます'));
    assert.equal(await page.locator('.help-card').count(), 1);

    // The one main step: the existing ask, then its waiting state.
    await page.click('.help-card-ask');
    const ask = await fake.waitSent((f) => f.type === 'ask');
    assert.equal(ask.room, 'hiroba');
    await page.waitForSelector('.help-card .help-card-waiting');
    await page.waitForSelector('.private-bar .private-waiting');
    assert.equal(await page.locator('.help-card-ask').count(), 0);

    // A new card replaces the old one: no stacking. Nobody on duty: the honest line, no button.
    fake.push({ type: 'help_card', room: 'hiroba', ref: 'm-2', on_duty: false, lines: [yorisoi] });
    await page.waitForSelector('.help-card[data-ref="m-2"]');
    assert.equal(await page.locator('.help-card').count(), 1);
    assert.equal(await page.textContent('.help-card .help-card-nostaff'), 'いまはスタッフがいませんが、こちらの窓口につながります');
    assert.equal(await page.locator('.help-card-ask').count(), 0);

    // The full help screen is one tap away, and back.
    await page.click('.help-card-more');
    await page.waitForSelector('#help-screen:not([hidden]) .help-list');
    await page.click('#help-screen .help-close');
    await page.waitForSelector('.help-card');

    await page.click('.help-card-close');
    await page.waitForSelector('.help-card', { state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('log-wrap')), true, 'focus goes to the log, not lost');
  } finally {
    await context.close();
  }
});

test('the help card in English', { timeout: 60000 }, async () => {
  const { context, page, fake } = await participantRoom({ locale: 'en-GB' });
  try {
    fake.push({ type: 'help_card', room: 'hiroba', ref: 'm-1', on_duty: true, lines: [yorisoi] });
    await page.waitForSelector('.help-card');
    assert.match(await page.textContent('.help-card-lead'), /Thank you for writing this/);
    assert.match(await page.textContent('.help-card-ask'), /Talk with a peer supporter now/);
    assert.equal(await page.textContent('.help-card-name'), 'Yorisoi Hotline');
    assert.equal(await page.getAttribute('.help-card-close', 'aria-label'), 'Close this card');
  } finally {
    await context.close();
  }
});

test('participant notices: contact details masked, a message not shown to others, a short pause after a flood in HH:MM', { timeout: 60000 }, async () => {
  const { context, page, fake } = await participantRoom({ held: (f) => f.text.includes('ないしょ') });
  try {
    fake.push({ type: 'notice', room: 'hiroba', kind: 'contact_masked', ref: 'm-1' });
    await page.waitForSelector('.room-notice.notice-contact_masked');
    assert.equal(await page.textContent('.notice-contact_masked .room-notice-text'), '連絡先は、あなたとみんなを守るために表示されません。');
    assert.equal(await page.locator('.notice-contact_masked .room-notice-title').count(), 0, 'not "from a supporter"');
    fake.push({ type: 'notice', room: 'hiroba', kind: 'contact_masked', ref: 'm-2' });
    await s.sleep(200);
    assert.equal(await page.locator('.room-notice.notice-contact_masked').count(), 1, 'one at a time');

    await page.fill('.composer-input', 'ないしょの言葉');
    await page.click('.composer .send');
    const say = await fake.waitSent((f) => f.type === 'say' && f.text === 'ないしょの言葉');
    await page.waitForSelector('.log-pending li.is-pending');
    fake.push({ type: 'notice', room: 'hiroba', kind: 'not_shown', ref: say.id });
    await page.waitForSelector(`.log li.not-shown[data-id="${say.id}"]`);
    assert.equal(await page.textContent(`.log li.not-shown .ev-text`), 'ないしょの言葉');
    assert.equal(await page.textContent(`.log li.not-shown .not-shown-mark`), 'ほかの人には表示されていません');
    assert.equal(await page.locator('.log-pending li').count(), 0, 'no longer "sending"');

    const until = Date.now() + 60000;
    fake.push({ type: 'notice', room: 'hiroba', kind: 'muted', until, reason: 'flood' });
    await page.waitForSelector('.room-notice.notice-flood');
    const hhmm = await page.evaluate((u) => { const d = new Date(u); return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`; }, until);
    assert.equal(await page.textContent('.notice-flood .room-notice-text'), `書き込みが続いたので、${hhmm}まで少しお休みです。`);
    await axeScan(page, 'room with notices');
  } finally {
    await context.close();
  }
});

const me = { id: 'st_AAAAAAAAAAAAAAAA', name: 'はる', role: 'supporter', rooms: ['hiroba'] };
const staffApi = {
  'POST /api/login': { body: { token: TOKEN, expires_ms: Date.now() + 3600e3, staff: me, must_change: false } },
  'GET /api/me': (_b, auth) => (auth === `Bearer ${TOKEN}` ? { body: { staff: me, must_change: false } } : { status: 401, body: { error: { code: 'unauthorized' } } }),
  'GET /api/reasons': { body: { reasons: [{ id: 'hurtful', ja: '人を傷つける内容', en: 'Hurtful' }] } },
  'GET /api/reminders': { body: { templates: [] } },
  'GET /api/reports': { body: { reports: [] } },
  'GET /api/asks': { body: { asks: [] } },
  'POST /api/logout': { body: {} },
};

test('staff: safety alerts first and calm, reach out opens the thread, seen, answered elsewhere, escalated; the shielded mark; axe', { timeout: 60000 }, async () => {
  const alert = (id, extra = {}) => ({ type: 'alert', alert: id, kind: 'crisis', room: 'hiroba', seq: 2, member: 'mb_k', nick: 'くも', at: Date.now(), escalated: false, ...extra });
  const { context, page, fake } = await phoneWith({
    api: staffApi,
    onFrame: (f, ws) => {
      const send = (...x) => ws.send(x.map((y) => JSON.stringify(y)).join('\n'));
      if (f.type === 'join') {
        send({ type: 'joined', room: 'hiroba', member: 'mb_s', nick: 'はる', seq: 2, listening: false, badge: 'supporter' },
          { type: 'message', room: 'hiroba', seq: 1, from: 'mb_a', nick: 'そら', text: '電話して [連絡先]', ts: Date.now(), id: 'a1', shielded: true },
          { type: 'message', room: 'hiroba', seq: 2, from: 'mb_k', nick: 'くも', text: 'つらい', ts: Date.now(), id: 'k1' },
          { type: 'presence', room: 'hiroba', count: 3, listening: 0, staff: 1 });
      } else if (f.type === 'reach_out') {
        send({ type: 'private_open', thread: 'q_5', room: 'hiroba', staff: 'はる', member: 'mb_k', nick: 'くも' }, { type: 'done', ref: f.id, action: 'reach_out' });
      } else if (f.type === 'ack_alert') {
        send({ type: 'done', ref: f.id, action: 'ack_alert' });
      }
    },
  });
  try {
    await page.goto(origin + '/#/staff');
    await page.fill('.staff-login input[name=name]', 'はる');
    await page.fill('.staff-login input[name=password]', 'a very long password');
    await page.click('.staff-login button[type=submit]');
    await page.waitForSelector('.staff-enter[data-room="hiroba"]');
    await fake.waitSent((f) => f.type === 'hello' && f.staff === TOKEN);
    await s.sleep(100);

    fake.push({ type: 'report', report: { id: 'r_1', room: 'hiroba', seq: 1, reason: 'hurtful', member: 'mb_a', nick: 'そら', created_ms: Date.now() } },
      alert('a_word', { kind: 'word', nick: 'そら', member: 'mb_a', seq: 1 }), alert('a_crisis'));
    await page.waitForSelector('.alert-strip .alert-safety.alert-crisis');
    const rows = await page.$$eval('.alert-strip li', (ls) => ls.map((l) => l.className));
    assert.deepEqual(rows.map((c) => c.split(' ').find((x) => /^alert-(crisis|word|report)$/.test(x))), ['alert-crisis', 'alert-word', 'alert-report'], 'crisis first');
    const crisis = page.locator('.alert-safety.alert-crisis');
    assert.match(await crisis.textContent(), /ひろば・くもさん/);
    assert.match(await crisis.locator('.alert-where').textContent(), /#2/);
    assert.equal(await crisis.locator('.alert-reach').textContent(), '声をかける');
    assert.equal(await crisis.locator('.alert-ack').textContent(), '確認した');
    assert.equal(await crisis.locator('.btn-primary').count(), 1, 'one main action');
    assert.equal(await page.locator('.staff-home .tag-alert').count() > 0, true);
    await axeScan(page, 'staff home with safety alerts');
    await shot(page, 'staff-safety-alerts');

    // Escalated (organisers) and answered elsewhere.
    fake.push(alert('a_word', { kind: 'word', nick: 'そら', member: 'mb_a', seq: 1, escalated: true }));
    await page.waitForFunction(() => /5分間だれも対応していません/.test(document.querySelector('.alert-word')?.textContent ?? ''));
    fake.push({ type: 'alert_closed', alert: 'a_word', by: 'さくら', action: 'ack' });
    await page.waitForSelector('.alert-word.is-closed');
    assert.match(await page.textContent('.alert-word'), /さくらさんが対応しました/);
    assert.equal(await page.locator('.alert-word .alert-reach').count(), 0);
    assert.doesNotMatch(await page.textContent('.alert-word'), /5分間/);

    // The link goes to the message in the room; the shielded message is marked for staff.
    await crisis.locator('.alert-where').click();
    await page.waitForSelector('.staff-room .log li.msg[data-seq="2"].is-target');
    assert.equal(await page.textContent('.log li.msg[data-seq="1"] .shield-mark'), '連絡先を伏せました');
    assert.equal(await page.locator('.log li.msg[data-seq="2"] .shield-mark').count(), 0);
    await axeScan(page, 'staff room with the alert strip');

    // Reach out: the private thread opens on this screen.
    await page.click('.alert-crisis .alert-reach');
    const r = await fake.waitSent((f) => f.type === 'reach_out');
    assert.equal(r.alert, 'a_crisis');
    await page.waitForSelector('.staff-thread .thread-form');
    await page.waitForSelector('.alert-safety.alert-crisis', { state: 'detached' });

    // Seen.
    fake.push(alert('a_3', { member: 'mb_z', nick: 'うみ' }));
    await page.click('.alert-safety[data-alert="a_3"] .alert-ack');
    const ack = await fake.waitSent((f) => f.type === 'ack_alert');
    assert.equal(ack.alert, 'a_3');
    await page.waitForSelector('.alert-safety[data-alert="a_3"]', { state: 'detached' });
  } finally {
    await context.close();
  }
});
