// Issue 14's participant screens in real Chromium (playwright-core, phone viewports 390×844 and
// 360×640, light and dark) against a stand-in, as safety-views.test.mjs does: a static server
// for client-web/dist with the real CSP, and a scripted WebSocket and /api/* inside the
// browser (the schedule, rooms-with-organisations and help-by-region endpoints are being built
// on other branches; this drives the views with frames and answers shaped as the spec says).
// It checks the schedule (by day in Japan time, a paired event as one item with its two rooms,
// filters, our own .ics links, the calm empty state), the room list by organisation, an event
// room's countdown, its closing notices in place (no modal, focus left alone), the kind closing
// screen back to the schedule, `wrong_room` explained, and the help directory's region kept in
// localStorage only and sent as ?region= to our own /api/help. axe clean throughout.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as s from './support.mjs';

const phone = { width: 390, height: 844 };
const small = { width: 360, height: 640 };
const shotsDir = process.env.IBASHO_SCREENSHOT_DIR ? path.resolve(s.repo, process.env.IBASHO_SCREENSHOT_DIR) : '';
async function shot(page, name) {
  if (!shotsDir) return;
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
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

const min = 60 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const roomInfo = (id, extra = {}) => ({
  id, name: { ja: id, en: id }, description: { ja: '' }, rules: {}, audience: ['open'], state: 'open', capacity: 0,
  members: 0, listening: 0, presence: 'counts', slow_mode_s: 0, limited: false, ...extra,
});

// A gathering that opened five minutes ago and starts in five (its rooms are joinable), a
// family meeting of another organisation next week, and an in-person talk.
function scheduleAnswer(now) {
  const soon = now + 5 * min;
  const nextWeek = now + 7 * 24 * 60 * min;
  return {
    orgs: [{ id: 'main', name: { ja: '居場所', en: 'ibasho' } }, { id: 'kita-city', name: { ja: '北市ひきこもり支援', en: 'Kita City support' } }],
    items: [
      {
        event: 'ev_PairedPairedPair', org: 'main', title: { ja: '家族と本人のつどい', en: 'Family and lived-experience meeting' },
        description: { ja: 'ご本人とご家族が、それぞれの部屋で話します。', en: '' },
        start: iso(soon), end: iso(soon + 90 * min), opens: iso(soon - 10 * min), zone: 'Asia/Tokyo', audience: ['family', 'open'],
        online: true, paired: true, rooms: [{ room: 'tsudoi-kazoku', side: 'family' }, { room: 'tsudoi-honnin', side: 'lived' }],
        place: null, ics: '/calendar/ev_PairedPairedPair.ics',
      },
      {
        event: 'ev_KitaFamilyKitaF', org: 'kita-city', title: { ja: '北市 家族会', en: 'Kita City family group' }, description: {},
        start: iso(nextWeek), end: iso(nextWeek + 60 * min), opens: iso(nextWeek - 10 * min), zone: 'Asia/Tokyo', audience: ['family'],
        online: true, paired: false, rooms: [{ room: 'kita-kazoku', side: '' }], place: null, ics: '/calendar/ev_KitaFamilyKitaF.ics',
      },
      {
        event: 'ev_InPersonTalkIn', org: 'main', title: { ja: '経験者のお話の会' }, description: {},
        start: iso(nextWeek + 120 * min), end: iso(nextWeek + 180 * min), opens: iso(nextWeek + 110 * min), zone: 'Asia/Tokyo',
        audience: ['open'], online: false, paired: false, rooms: [], place: { ja: '北市民会館 2階', en: 'Kita civic hall, 2F' }, ics: '/calendar/ev_InPersonTalkIn.ics',
      },
    ],
  };
}

const helpAnswer = {
  emergency: { name: { ja: '救急' }, tel: '119' },
  entries: [
    { id: 'yorisoi', name: { ja: 'よりそいホットライン', en: 'Yorisoi Hotline' }, tel: '0120-279-338', hours: { ja: '24時間' }, featured: true },
    { id: 'osaka', name: { ja: '大阪府ひきこもり地域支援センター' }, tel: '06-0000-0000', hours: null, region: 'JP-27' },
    { id: 'saitama', name: { ja: '埼玉県ひきこもり地域支援センター' }, tel: '048-000-0000', hours: null, region: 'JP-11' },
    { id: 'tokyo', name: { ja: '東京都ひきこもりサポートネット' }, tel: '03-0000-0000', hours: null, region: 'JP-13' },
  ],
};

async function phoneWith({ locale = 'ja-JP', viewport = phone, colorScheme = 'light', api = {}, rooms = [], onFrame = () => {} } = {}) {
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
  const fake = { sent: [], sockets: [], asked: [] };
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
    const url = new URL(route.request().url());
    fake.asked.push(url.pathname + url.search);
    const h = api[url.pathname];
    const r = typeof h === 'function' ? h(url) : h;
    if (!r) return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found"}}' });
    return route.fulfill({ status: r.status ?? 200, contentType: 'application/json', body: JSON.stringify(r.body ?? {}) });
  });
  await context.routeWebSocket(/\/ws$/, (ws) => {
    fake.sockets.push(ws);
    ws.onMessage((data) => {
      const f = JSON.parse(String(data));
      fake.sent.push(f);
      if (f.type === 'hello') ws.send(JSON.stringify({ type: 'welcome', session: 'A'.repeat(22), v: 1, resumed: false, role: 'participant' }));
      else if (f.type === 'rooms') ws.send(JSON.stringify({ type: 'room_list', rooms: typeof rooms === 'function' ? rooms() : rooms }));
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

// Nothing scrolls sideways on a small phone.
async function noSideScroll(page, label) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 1, `${label}: ${wide}px wider than the screen`);
}

const eventRooms = () => [
  roomInfo('hiroba'),
  roomInfo('tsudoi-honnin', { org: 'main' }),
  roomInfo('tsudoi-kazoku', { org: 'main', audience: ['family'] }),
  roomInfo('kita-kazoku', { org: 'kita-city', audience: ['family'], state: 'closed' }),
];

for (const [locale, colorScheme, viewport] of [['ja-JP', 'light', phone], ['en-US', 'dark', small]]) {
  test(`the schedule, ${locale}/${colorScheme}/${viewport.width}: from the first screen, by day in Japan time, a paired event as one item, filters, calendar links`, { timeout: 60000 }, async () => {
    const now = Date.now();
    const { context, page, fake } = await phoneWith({
      locale, colorScheme, viewport, rooms: eventRooms,
      api: { '/api/schedule': { body: scheduleAnswer(now) }, '/api/help': { body: helpAnswer } },
    });
    try {
      const ja = locale === 'ja-JP';
      await page.goto(origin + '/');
      await page.click('.landing .open-schedule');
      await page.waitForSelector('.schedule .event-card');
      assert.equal(await page.textContent('h1'), ja ? 'これからの集まり' : 'Upcoming gatherings');
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'focus on the new screen title');
      assert.match(await page.textContent('.schedule-zone'), ja ? /日本時間/ : /Japan time/);
      assert.ok(fake.asked.includes('/api/schedule'), 'the whole list, with no filter in the query');

      // Day headings: as Tokyo reads them.
      const expectDays = await page.evaluate((items) => items.map((it) => {
        const d = new Date(Date.parse(it.start) + 9 * 3600e3);
        return `${d.getUTCMonth() + 1}-${d.getUTCDate()}`;
      }), scheduleAnswer(now).items);
      const days = await page.$$eval('.schedule-day', (ds) => ds.map((d) => ({ title: d.querySelector('h2').textContent, events: [...d.querySelectorAll('.event-card')].map((c) => c.dataset.event) })));
      assert.equal(days.reduce((n, d) => n + d.events.length, 0), 3);
      assert.equal(new Set(expectDays).size, days.length, 'one heading per Tokyo day');

      // The paired event: one item, its two rooms (lived first), joinable now, with our own .ics.
      const paired = page.locator('.event-card[data-event="ev_PairedPairedPair"]');
      const rooms = await paired.locator('.event-room').allTextContents();
      assert.equal(rooms.length, 2);
      assert.match(rooms[0], ja ? /ご本人の部屋/ : /lived experience/);
      assert.match(rooms[1], ja ? /ご家族の部屋/ : /family members/);
      assert.equal(await paired.locator('button.event-enter').count(), 2, 'both rooms can be entered now');
      const link = paired.locator('a.calendar-link');
      assert.equal(await link.getAttribute('href'), '/calendar/ev_PairedPairedPair.ics');
      assert.equal(await link.getAttribute('download'), 'ev_PairedPairedPair.ics');
      assert.match(await link.getAttribute('aria-label'), ja ? /家族と本人のつどい/ : /Family and lived-experience meeting/);
      const hrefs = await page.$$eval('a', (as) => as.map((a) => a.getAttribute('href')).filter(Boolean));
      for (const h of hrefs) assert.match(h, /^\/(?!\/)/, `only our own links: ${h}`);
      // In person: the place, no rooms.
      const inPerson = page.locator('.event-card[data-event="ev_InPersonTalkIn"]');
      assert.match(await inPerson.textContent(), ja ? /北市民会館 2階/ : /Kita civic hall/);
      assert.equal(await inPerson.locator('.event-room').count(), 0);
      // Several organisations: each item says whose it is.
      assert.match(await page.locator('.event-card[data-event="ev_KitaFamilyKitaF"] .event-org').textContent(), ja ? /北市ひきこもり支援/ : /Kita City support/);
      await noSideScroll(page, 'schedule');
      await axeScan(page, `schedule ${locale} ${colorScheme}`);
      await shot(page, `schedule-${locale}-${colorScheme}-${viewport.width}`);

      // Filters: for whom, and by whom.
      const selects = page.locator('.schedule-filter select');
      assert.equal(await selects.count(), 2);
      await selects.nth(0).selectOption('family');
      assert.deepEqual(await page.$$eval('.event-card', (cs) => cs.map((c) => c.dataset.event)), ['ev_PairedPairedPair', 'ev_KitaFamilyKitaF']);
      await selects.nth(1).selectOption('kita-city');
      assert.deepEqual(await page.$$eval('.event-card', (cs) => cs.map((c) => c.dataset.event)), ['ev_KitaFamilyKitaF']);
      await selects.nth(0).selectOption('open');
      assert.match(await page.textContent('.schedule-body'), ja ? /この条件に合う集まりは/ : /No gatherings match/);
      await selects.nth(0).selectOption('');
      await selects.nth(1).selectOption('');
      assert.deepEqual(fake.asked.filter((u) => u.startsWith('/api/schedule')), ['/api/schedule'], 'filtering asks the server nothing');

      // Into a gathering's room: the join screen of that room, and back leads to the schedule.
      await paired.locator('button.event-enter[data-room="tsudoi-kazoku"]').click();
      await page.waitForSelector('.join-form');
      await page.click('.join .btn-quiet');
      await page.waitForSelector('.schedule .event-card');
    } finally {
      await context.close();
    }
  });
}

test('the schedule: a calm empty state, also when this server has no schedule at all', { timeout: 30000 }, async () => {
  for (const answer of [{ body: { orgs: [], items: [] } }, null]) {
    const { context, page } = await phoneWith({ api: { '/api/schedule': answer } });
    try {
      await page.goto(origin + '/');
      await page.click('.landing .open-schedule');
      await page.waitForSelector('.schedule-empty');
      assert.match(await page.textContent('.schedule-empty'), /予定されている集まりはありません/);
      assert.equal(await page.locator('.schedule-filter').count(), 0);
      await axeScan(page, 'schedule empty');
    } finally {
      await context.close();
    }
  }
});

test('the families\' path opens the schedule for families; the first screen opens it for everyone again', { timeout: 30000 }, async () => {
  const { context, page } = await phoneWith({ rooms: eventRooms, api: { '/api/schedule': { body: scheduleAnswer(Date.now()) } } });
  try {
    await page.goto(origin + '/');
    await page.click('.landing .families');
    await page.click('.family .family-schedule');
    await page.waitForSelector('.schedule .event-card');
    assert.equal(await page.inputValue('.schedule-filter select >> nth=0'), 'family');
    assert.deepEqual(await page.$$eval('.event-card', (cs) => cs.map((c) => c.dataset.event)), ['ev_PairedPairedPair', 'ev_KitaFamilyKitaF']);
    await axeScan(page, 'schedule for families');
    await page.click('.schedule .screen-top .btn-quiet');
    await page.click('.landing .open-schedule');
    await page.waitForSelector('.schedule .event-card');
    assert.equal(await page.inputValue('.schedule-filter select >> nth=0'), '');
    assert.equal(await page.locator('.event-card').count(), 3);
  } finally {
    await context.close();
  }
});

test('the room list groups by organisation (names from /api/rooms) and by audience, with an event room\'s next time', { timeout: 30000 }, async () => {
  const starts = Date.now() + 30 * min;
  const rooms = [
    roomInfo('hiroba', { org: 'main' }),
    roomInfo('kazoku', { org: 'main', audience: ['family'] }),
    roomInfo('kita-hiroba', { org: 'kita-city' }),
    roomInfo('kita-tsudoi', { org: 'kita-city', audience: ['family'], state: 'closed', event: { id: 'ev_1', starts: iso(starts), ends: iso(starts + 60 * min) } }),
  ];
  const { context, page, fake } = await phoneWith({
    rooms,
    api: { '/api/rooms': { body: { rooms, orgs: [{ id: 'main', name: { ja: '居場所' } }, { id: 'kita-city', name: { ja: '北市ひきこもり支援' } }] } } },
  });
  try {
    await page.goto(origin + '/');
    await page.click('.landing .enter');
    await page.waitForSelector('.org-group[data-org="kita-city"] h2:text("北市ひきこもり支援")');
    const groups = await page.$$eval('.org-group', (gs) => gs.map((g) => ({
      org: g.querySelector('h2').textContent,
      audiences: [...g.querySelectorAll('.room-group h3')].map((h) => h.textContent),
      rooms: [...g.querySelectorAll('button.room-open')].map((b) => b.dataset.room),
    })));
    assert.deepEqual(groups, [
      { org: '居場所', audiences: ['どなたでも', 'ご家族'], rooms: ['hiroba', 'kazoku'] },
      { org: '北市ひきこもり支援', audiences: ['どなたでも', 'ご家族'], rooms: ['kita-hiroba', 'kita-tsudoi'] },
    ]);
    assert.equal(fake.asked.filter((u) => u === '/api/rooms').length, 1, 'names asked once');
    assert.match(await page.textContent('.room-card[data-room="kita-tsudoi"] .room-event-when'), /あと30分で始まります|に始まります/);
    await axeScan(page, 'rooms by organisation');
    await shot(page, 'rooms-by-organisation');
  } finally {
    await context.close();
  }
});

// An event room, joined before its start: the countdown, then the closing notices, then the end.
async function eventRoom({ starts, ends, locale } = {}) {
  const event = { id: 'ev_PairedPairedPair', starts: iso(starts), ends: iso(ends) };
  const rooms = [roomInfo('tsudoi-honnin', { org: 'main', name: { ja: 'つどい（ご本人）', en: 'Meeting (lived experience)' }, event })];
  const set = await phoneWith({
    locale, rooms,
    api: { '/api/schedule': { body: scheduleAnswer(Date.now()) } },
    onFrame: (f, ws) => {
      if (f.type === 'join') {
        ws.send([{ type: 'joined', room: f.room, member: 'mb_me', nick: f.nick, seq: 0, listening: true, event },
          { type: 'presence', room: f.room, count: 1, listening: 1 }].map((x) => JSON.stringify(x)).join('\n'));
      }
    },
  });
  const { page } = set;
  await page.goto(origin + '/');
  await page.click('.landing .enter');
  await page.click('button.room-open[data-room="tsudoi-honnin"]');
  await page.fill('.join-form input.text-input', 'くも');
  await page.click('.join-form button[type=submit]');
  await page.waitForSelector('.room .room-event-line');
  return set;
}

test('an event room: a calm countdown before the start, the closing notice in place, then the kind closing screen back to the schedule', { timeout: 60000 }, async () => {
  const starts = Date.now() + 8 * min - 2000;
  const { context, page, fake } = await eventRoom({ starts, ends: starts + 90 * min });
  try {
    assert.match(await page.textContent('.room-event-line'), /^あと8分で始まります（\d\d:\d\d〜\d\d:\d\d）$/);
    assert.equal(await page.isVisible('.room-event-lead'), true, 'a word to wait calmly');
    await axeScan(page, 'event room before the start');
    await shot(page, 'event-room-countdown');

    await page.focus('.composer-input');
    fake.push({ type: 'notice', room: 'tsudoi-honnin', kind: 'closing_soon', ends: iso(starts + 90 * min) });
    await page.waitForSelector('.room-event-notice[data-kind="closing_soon"]');
    const shown = await page.evaluate(() => ({
      text: document.querySelector('.room-event-notice').textContent,
      dialog: !!document.querySelector('[role=dialog], [aria-modal], dialog'),
      focus: document.activeElement?.className,
      inRoom: !!document.querySelector('.room-event-notice').closest('section.room'),
    }));
    assert.match(shown.text, /もうすぐ、この集まりは終わります（\d\d:\d\dまで）/);
    assert.deepEqual({ dialog: shown.dialog, focus: shown.focus, inRoom: shown.inRoom }, { dialog: false, focus: 'composer-input', inRoom: true });
    await page.waitForFunction(() => /もうすぐ、この集まりは終わります/.test(document.getElementById('announcer').textContent), null, { timeout: 3000 });
    fake.push({ type: 'notice', room: 'tsudoi-honnin', kind: 'closing_soon', ends: iso(starts + 90 * min) });
    await s.sleep(100);
    assert.equal(await page.locator('.room-event-notice').count(), 1, 'a repeat replaces the one shown');
    await axeScan(page, 'event room closing soon');

    fake.push({ type: 'left', room: 'tsudoi-honnin', reason: 'room_closed' });
    await page.waitForSelector('.event-ended');
    assert.equal(await page.textContent('h1'), '集まりが終わりました');
    assert.match(await page.textContent('.event-ended'), /つどい（ご本人）/);
    assert.match(await page.textContent('.event-ended'), /書かれたことばは、すべて消えました/);
    await axeScan(page, 'event closing screen');
    await shot(page, 'event-ended');
    await page.click('.event-ended .to-schedule');
    await page.waitForSelector('.schedule .event-card');
  } finally {
    await context.close();
  }
});

test('an event called off: the notice in the room, then the closing screen says so (English)', { timeout: 60000 }, async () => {
  const starts = Date.now() - 30 * min;
  const { context, page, fake } = await eventRoom({ starts, ends: starts + 90 * min, locale: 'en-US' });
  try {
    assert.match(await page.textContent('.room-event-line'), /^This gathering runs until \d\d:\d\d$/);
    fake.push({ type: 'notice', room: 'tsudoi-honnin', kind: 'event_cancelled' });
    await page.waitForSelector('.room-event-notice[data-kind="event_cancelled"]');
    assert.match(await page.textContent('.room-event-notice'), /called off/);
    fake.push({ type: 'left', room: 'tsudoi-honnin', reason: 'room_closed' });
    await page.waitForSelector('.event-ended');
    assert.equal(await page.textContent('h1'), 'This session was called off');
    await axeScan(page, 'event called off');
  } finally {
    await context.close();
  }
});

test('wrong_room: the join screen explains that the family room and the lived-experience room are separate', { timeout: 30000 }, async () => {
  const { context, page } = await phoneWith({
    rooms: [roomInfo('tsudoi-kazoku', { audience: ['family'] })],
    onFrame: (f, ws) => {
      if (f.type === 'join') ws.send(JSON.stringify({ type: 'error', code: 'wrong_room', message: 'in the other room' }));
    },
  });
  try {
    await page.goto(origin + '/');
    await page.click('.landing .enter');
    await page.click('button.room-open[data-room="tsudoi-kazoku"]');
    await page.fill('.join-form input.text-input', 'くも');
    await page.click('.join-form button[type=submit]');
    await page.waitForSelector('.form-error:not(:empty)');
    assert.match(await page.textContent('.form-error'), /ご本人の部屋とご家族の部屋が分かれています/);
    await axeScan(page, 'wrong_room');
  } finally {
    await context.close();
  }
});

test('help by region: the choice is kept in localStorage only, sent as ?region= to our own /api/help, nearest first', { timeout: 60000 }, async () => {
  const { context, page, fake } = await phoneWith({ api: { '/api/help': { body: helpAnswer } } });
  try {
    await page.goto(origin + '/');
    await page.click('#help-btn');
    await page.waitForSelector('.help .region-select');
    assert.equal(await page.inputValue('.region-select'), '');
    assert.equal(await page.locator('.region-select option').count(), 48, '47 prefectures and "not chosen"');
    assert.equal(await page.locator('.help-local').count(), 0);
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing kept until chosen');

    await page.selectOption('.region-select', 'JP-13');
    await page.waitForSelector('.help-local');
    assert.ok(fake.asked.includes('/api/help?region=JP-13'), JSON.stringify(fake.asked));
    assert.equal(await page.evaluate(() => localStorage.getItem('ibasho.region')), 'JP-13');
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('region-select')), true, 'focus stays on the choice');
    assert.equal(await page.textContent('.help-local h2'), '東京都の窓口');
    assert.deepEqual(await page.$$eval('.help-local .help-name', (xs) => xs.map((x) => x.textContent)), ['東京都ひきこもりサポートネット']);
    // Neighbours first among the other areas: Saitama (関東) before Osaka.
    assert.deepEqual(await page.$$eval('.help-other .help-name', (xs) => xs.map((x) => x.textContent)),
      ['埼玉県ひきこもり地域支援センター', '大阪府ひきこもり地域支援センター']);
    const order = await page.$$eval('.help .help-name', (xs) => xs.map((x) => x.textContent));
    assert.ok(order.indexOf('東京都ひきこもりサポートネット') < order.indexOf('よりそいホットライン'), 'the prefecture first, then the national lines');
    await axeScan(page, 'help with a region');
    await shot(page, 'help-region');

    // Another visit on this device: the choice is still there, and asked for at once.
    await page.reload();
    await page.click('#help-btn');
    await page.waitForSelector('.help-local');
    assert.equal(await page.inputValue('.region-select'), 'JP-13');
    assert.equal(fake.asked.filter((u) => u === '/api/help?region=JP-13').length >= 2, true);

    // "Not chosen" removes it.
    await page.selectOption('.region-select', '');
    await page.waitForFunction(() => !document.querySelector('.help-local'));
    assert.equal(await page.evaluate(() => localStorage.getItem('ibasho.region')), null);

    // Quick exit wipes it too.
    await page.selectOption('.region-select', 'JP-27');
    await page.waitForFunction(() => localStorage.getItem('ibasho.region') === 'JP-27');
    await page.click('#help-btn');
    await Promise.all([page.waitForURL(/neutral\.html/), page.click('#exit-btn')]);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
  } finally {
    await context.close();
  }
});
