// Issue 14's organiser screens in real Chromium (playwright-core) against a stand-in: a small
// static server for client-web/dist with the real server's CSP, a scripted WebSocket, and a
// stateful stand-in of the organiser API of issue14-spec.md (versions as ETags, If-Match and
// 412, 400 naming a field, 409) answered through playwright's route. The endpoints that exist
// on the real server today are also driven there by tests/e2e/org-real.test.mjs.
//
//   node --test tests/e2e/org-views.test.mjs     (IBASHO_SCREENSHOT_DIR=… saves pictures)

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as s from './support.mjs';

const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 900 };
const TOKEN = 'O'.repeat(43);
// Thursday 10 December 2026, 12:00 in Tokyo: the week of Monday 7 to Sunday 13 December.
const NOW = new Date('2026-12-10T03:00:00Z');
const shotsDir = process.env.IBASHO_SCREENSHOT_DIR ? path.resolve(s.repo, process.env.IBASHO_SCREENSHOT_DIR) : '';
async function shot(page, name) {
  if (!shotsDir) return;
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
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

// ---- the stand-in API ------------------------------------------------------------------

const bad = (field, message) => ({ status: 400, body: { error: { code: 'bad_request', field, message } } });

// 60 entries, newest first, ten hours apart, from 9 December 2026 00:15 UTC back.
function auditEntries() {
  return Array.from({ length: 60 }, (_, i) => ({
    id: `a${String(100 - i).padStart(3, '0')}`, at: new Date(Date.parse('2026-12-09T00:15:00Z') - i * 36e6).toISOString().slice(0, 16) + 'Z',
    staff: i % 2 ? 'はる' : 'みどり', action: i % 3 === 0 ? 'mute' : 'hide', room: i % 4 === 3 ? 'kazoku-heya' : 'hiroba', member: 'mb_' + i, reason: 'flood',
  }));
}

function orgApi(role = 'organiser') {
  const me = { id: 'st_ORGANISERAAAAAA', name: 'みどり', role, rooms: role === 'organiser' ? [] : ['hiroba'], org: 'main' };
  const kinds = { rooms: new Map(), events: new Map(), help: new Map() };
  const put = (kind, rec, v = 1) => kinds[kind].set(rec.id, { rec, v });
  put('rooms', { id: 'hiroba', org: 'main', name: { ja: 'ひろば', en: 'Plaza' }, description: { ja: '', en: '' }, rules: { ja: '', en: '' }, audience: ['open'], capacity: 30, presence: 'names', slow_mode_s: 0, supporter_present: false, scheduled: false, state: 'open' }, 3);
  put('rooms', { id: 'kazoku-heya', org: 'main', name: { ja: '家族の部屋', en: 'Family room' }, description: { ja: '', en: '' }, rules: { ja: '', en: '' }, audience: ['family'], capacity: 20, presence: 'counts', slow_mode_s: 0, supporter_present: true, scheduled: true, state: 'open' });
  put('help', { id: 'he_AAAAAAAAAAAAAAAA', name: { ja: '札幌市ひきこもり地域支援センター', en: 'Sapporo hikikomori support' }, phone: '011-000-0000', hours: { ja: '平日9時〜17時', en: 'Weekdays 9–17' }, url: '', audience: ['family'], region: '札幌市', featured: false, verify: true });
  const staff = [
    { id: 'st_ORGANISERAAAAAA', name: 'みどり', role: 'organiser', rooms: [], active: true, must_change: false, totp: true, created_ms: 1 },
    { id: 'st_SUPPORTERAAAAAA', name: 'はる', role: 'supporter', rooms: ['hiroba'], active: true, must_change: false, totp: false, created_ms: 2 },
  ];
  const audit = auditEntries();
  const f = { me, kinds, staff, audit, calls: [], refuse: null, counter: 0 };
  // Another organiser saves in between.
  f.bump = (kind, id, change) => {
    const cur = kinds[kind].get(id);
    change(cur.rec);
    cur.v += 1;
  };
  const etag = (v) => `"v${v}"`;
  const crud = (kind, method, id, body, headers) => {
    const map = kinds[kind];
    if (!id) {
      if (method === 'GET') return { body: { items: [...map.values()].map((x) => x.rec), next: null } };
      if (method === 'POST') {
        if (f.refuse && f.refuse.kind === kind && (!f.refuse.when || f.refuse.when(body))) {
          const r = f.refuse;
          if (!r.sticky) f.refuse = null;
          return r.answer;
        }
        if (kind === 'rooms') {
          if (!body.name?.en) return bad('name.en', 'name.en must be a non-empty string');
          if (map.has(body.id)) return { status: 409, body: { error: { code: 'conflict', field: 'id', message: 'room id taken' } } };
        }
        const rec = { ...body, id: body.id ?? `${kind === 'events' ? 'ev' : 'he'}_${String(++f.counter).padStart(16, 'N')}`, org: 'main' };
        if (kind === 'events') rec.cancelled = [];
        map.set(rec.id, { rec, v: 1 });
        return { status: 201, headers: { ETag: etag(1) }, body: rec };
      }
      return null;
    }
    const cur = map.get(id);
    if (!cur) return { status: 404, body: { error: { code: 'not_found' } } };
    const im = headers['if-match'];
    if ((method === 'PUT' || method === 'DELETE') && im && im !== etag(cur.v)) return { status: 412, body: { error: { code: 'precondition_failed' } } };
    if (method === 'GET') return { headers: { ETag: etag(cur.v) }, body: cur.rec };
    if (method === 'PUT') {
      cur.rec = { ...cur.rec, ...body, id };
      cur.v += 1;
      return { headers: { ETag: etag(cur.v) }, body: cur.rec };
    }
    if (method === 'DELETE') {
      map.delete(id);
      return { status: 204, body: null };
    }
    return null;
  };
  f.answer = (method, url, body, headers) => {
    const p = url.pathname;
    const q = url.searchParams;
    f.calls.push({ method, path: p, query: url.search, body, ifMatch: headers['if-match'] ?? '', auth: headers.authorization ?? '' });
    if (headers.authorization !== `Bearer ${TOKEN}` && p !== '/api/login') return { status: 401, body: { error: { code: 'unauthorized' } } };
    if (method === 'POST' && p === '/api/login') return { body: { token: TOKEN, expires_ms: Date.now() + 3600e3, staff: me, must_change: false } };
    if (p === '/api/me') return { body: { staff: me, must_change: false } };
    if (p === '/api/reasons') return { body: { reasons: [] } };
    if (p === '/api/reminders') return { body: { templates: [] } };
    if (p === '/api/reports') return { body: { reports: [] } };
    if (p === '/api/asks') return { body: { asks: [] } };
    if (role !== 'organiser' && (p.startsWith('/api/orgs') || p === '/api/staff' || p === '/api/audit')) return { status: 403, body: { error: { code: 'forbidden' } } };
    if (p === '/api/orgs/main') return { headers: { ETag: '"v1"' }, body: { id: 'main', name: { ja: '本部', en: 'Main' }, zone: 'Asia/Tokyo' } };
    let m = /^\/api\/orgs\/main\/(rooms|events|help)(?:\/([^/]+))?(?:\/(cancel|uncancel))?$/.exec(p);
    if (m) {
      if (m[3]) {
        const cur = kinds.events.get(m[2]);
        if (!cur) return { status: 404, body: { error: { code: 'not_found' } } };
        cur.rec.cancelled = m[3] === 'cancel' ? [...cur.rec.cancelled, body.start] : cur.rec.cancelled.filter((c) => c !== body.start);
        cur.v += 1;
        return { headers: { ETag: etag(cur.v) }, body: cur.rec };
      }
      return crud(m[1], method, m[2] ? decodeURIComponent(m[2]) : '', body, headers);
    }
    if (p === '/api/staff') return { body: { staff } };
    if (method === 'POST' && p === '/api/invitations') return { status: 201, body: { code: 'q3J8x0PzW1m5Kc2T9vYb7A', link: '/#/invite/q3J8x0PzW1m5Kc2T9vYb7A', expires_ms: Date.parse('2026-12-13T03:00:00Z') } };
    m = /^\/api\/staff\/([^/]+)\/(rooms|deactivate)$/.exec(p);
    if (m) {
      const a = staff.find((x) => x.id === m[1]);
      if (!a) return { status: 404, body: { error: { code: 'not_found' } } };
      if (m[2] === 'rooms') {
        a.rooms = body.rooms;
        return { body: { staff: a } };
      }
      a.active = false;
      return { status: 204, body: null };
    }
    if (p === '/api/audit') {
      const limit = Number(q.get('limit') ?? 100);
      let list = audit.filter((e) => (!q.get('room') || e.room === q.get('room')) && (!q.get('action') || e.action === q.get('action')));
      const beforeId = q.get('before');
      if (beforeId) list = list.slice(list.findIndex((e) => e.id === beforeId) + 1);
      const page = list.slice(0, limit);
      return { body: { entries: page, ...(list.length > limit ? { next_before: page.at(-1).id } : {}) } };
    }
    return null;
  };
  return f;
}

async function organiser({ viewport = phone, locale = 'ja-JP', api = orgApi() } = {}) {
  const context = await browser.newContext({ viewport, locale, isMobile: viewport === phone, hasTouch: viewport === phone });
  const page = await context.newPage();
  await page.clock.setFixedTime(NOW);
  page.setDefaultTimeout(8000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
  });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await context.route('**/api/**', async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    const r = api.answer(req.method(), url, JSON.parse(req.postData() || 'null'), req.headers());
    if (!r) return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found"}}' });
    return route.fulfill({ status: r.status ?? 200, contentType: 'application/json', headers: r.headers ?? {}, body: r.body === null ? '' : JSON.stringify(r.body) });
  });
  await context.routeWebSocket(/\/ws$/, (ws) => {
    ws.onMessage((data) => {
      const f = JSON.parse(String(data));
      if (f.type === 'hello') ws.send(JSON.stringify({ type: 'welcome', session: 'A'.repeat(22), v: 1, resumed: false, role: f.staff ? api.me.role : 'participant' }));
      else if (f.type === 'rooms') ws.send(JSON.stringify({ type: 'room_list', rooms: [] }));
    });
  });
  // Signed in already (the token in sessionStorage, as after a login).
  await context.addInitScript((t) => sessionStorage.setItem('ibasho.staff', JSON.stringify(t)), TOKEN);
  return { context, page, api, requests };
}

async function axeScan(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  const badOnes = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result.filter((x) => !badOnes.includes(x))) console.log(`# axe ${label}: ${v.impact} ${v.id}: ${v.help} ${v.nodes.join(', ')}`);
  assert.deepEqual(badOnes, [], `${label}: ${JSON.stringify(badOnes, null, 1)}`);
}

const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-field') ?? document.activeElement?.className ?? '');

function onlySameOrigin(requests) {
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('ws://127.0.0.1'));
  assert.deepEqual(foreign, [], 'no third-party request');
}

// ---- tests -----------------------------------------------------------------------------

test('navigation: the organiser pages open from my rooms, in their own chunk and stylesheet; a supporter is sent back', { timeout: 60000 }, async () => {
  const o = await organiser();
  try {
    await o.page.goto(origin + '/');
    await o.page.waitForSelector('.landing');
    const first = await o.page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.ok(!first.some((u) => /org-main|\/org-.*\.css/.test(u)), 'the first screen loads nothing of the organiser pages');
    await o.page.goto(origin + '/#/staff');
    await o.page.waitForSelector('.staff-home .org-open');
    const staffOnly = await o.page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.ok(!staffOnly.some((u) => /org-main/.test(u)), 'the staff home does not load the organiser chunk');
    await o.page.click('.staff-home .org-open');
    await o.page.waitForSelector('.org-events .org-week');
    assert.equal(await o.page.getAttribute('.org-nav .nav-events', 'aria-current'), 'page');
    const css = await o.page.evaluate(() => getComputedStyle(document.querySelector('.org-day:not(.is-picked)')).display);
    assert.equal(css, 'none', 'the organiser stylesheet is applied (phone: one day at a time)');
    for (const v of ['rooms', 'supporters', 'help', 'audit']) {
      await o.page.click(`.org-nav .nav-${v}`);
      await o.page.waitForSelector(`.org-nav .nav-${v}[aria-current="page"]`);
    }
    await o.page.waitForSelector('.org-audit .org-table');
    onlySameOrigin(o.requests);
  } finally {
    await o.context.close();
  }
  const sup = await organiser({ api: orgApi('supporter') });
  try {
    await sup.page.goto(origin + '/#/staff/org/rooms');
    await sup.page.waitForFunction(() => /運営の方だけ/.test(document.querySelector('.org-screen')?.textContent ?? ''));
    assert.equal(await sup.page.locator('.org-nav').count(), 0);
    assert.equal(await sup.page.locator('.staff-home .org-open').count(), 0);
  } finally {
    await sup.context.close();
  }
});

test('rooms: errors tied to their fields and focus on the first; create; a stale save shows their version, never overwrites; delete confirmed', { timeout: 60000 }, async () => {
  const o = await organiser();
  const page = o.page;
  try {
    await page.goto(origin + '/#/staff/org/rooms');
    await page.waitForSelector('.org-room[data-room="hiroba"]');
    await page.click('.room-new');
    await page.waitForSelector('.org-room-form');
    await page.fill('[data-field="id"]', 'Bad Id');
    await page.click('.room-save');
    await page.waitForSelector('.org-save-note:not(:empty)');
    assert.equal(await focused(page), 'id', 'focus moves to the first field at fault');
    const described = await page.evaluate(() => {
      const el = document.querySelector('[data-field="name.ja"]');
      return { invalid: el.getAttribute('aria-invalid'), text: document.getElementById(el.getAttribute('aria-describedby'))?.textContent };
    });
    assert.deepEqual(described, { invalid: 'true', text: '入れてください。' });
    assert.equal(o.api.calls.filter((c) => c.method === 'POST').length, 0, 'nothing sent while the form has problems');
    await axeScan(page, 'room form (errors)');
    await shot(page, 'org-room-errors');

    await page.fill('[data-field="id"]', 'tsudoi-honnin');
    await page.fill('[data-field="name.ja"]', 'つどい（本人）');
    await page.click('.room-save');
    // The server names name.en: the problem lands there, with its words.
    await page.waitForFunction(() => document.querySelector('[data-field="name.en"]')?.getAttribute('aria-invalid') === 'true');
    assert.equal(await focused(page), 'name.en');
    await page.fill('[data-field="name.en"]', 'Gathering (lived experience)');
    await page.click('.org-room-form input[type=checkbox][value="age_20s"]');
    await page.click('.org-room-form [data-field="scheduled"]');
    await page.click('.room-save');
    await page.waitForSelector('.org-room[data-room="tsudoi-honnin"]');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName + ' ' + document.activeElement?.textContent), 'H1 部屋', 'back on the list, focus on its title');
    const post = o.api.calls.filter((c) => c.method === 'POST' && c.path === '/api/orgs/main/rooms').at(-1);
    assert.deepEqual({ id: post.body.id, audience: post.body.audience, scheduled: post.body.scheduled, capacity: post.body.capacity },
      { id: 'tsudoi-honnin', audience: ['open', 'age_20s'], scheduled: true, capacity: 30 });

    // Edit hiroba; meanwhile someone else renames it.
    await page.click('.org-room[data-room="hiroba"] .room-edit');
    await page.waitForSelector('.org-room-form');
    o.api.bump('rooms', 'hiroba', (r) => { r.name = { ja: 'みんなのひろば', en: 'Everyone’s plaza' }; });
    await page.fill('[data-field="name.ja"]', 'わたしのひろば');
    await page.click('.room-save');
    await page.waitForSelector('.org-stale');
    assert.match(await page.textContent('.org-stale'), /みんなのひろば/);
    const puts = o.api.calls.filter((c) => c.method === 'PUT');
    assert.equal(puts.length, 1, 'one save, refused; nothing resent on its own');
    assert.equal(puts[0].ifMatch, '"v3"', 'If-Match carries the version read');
    assert.equal(o.api.kinds.rooms.get('hiroba').rec.name.ja, 'みんなのひろば', 'theirs is not overwritten');
    assert.equal(await page.inputValue('[data-field="name.ja"]'), 'わたしのひろば', 'my draft stays while I decide');
    await axeScan(page, 'room form (stale)');
    await shot(page, 'org-room-stale');
    await page.click('.stale-take');
    assert.equal(await page.inputValue('[data-field="name.ja"]'), 'みんなのひろば');
    await page.fill('[data-field="slow_mode_s"]', '20');
    await page.click('.room-save');
    await page.waitForSelector('.org-rooms');
    assert.equal(o.api.calls.filter((c) => c.method === 'PUT').at(-1).ifMatch, '"v4"');
    assert.equal(o.api.kinds.rooms.get('hiroba').rec.slow_mode_s, 20);

    // Keyboard: Escape closes the confirmation and focus goes back to the button that opened it.
    await page.focus('.org-room[data-room="tsudoi-honnin"] .room-delete');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.org-confirm');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.org-confirm', { state: 'detached' });
    assert.match(await focused(page), /room-delete/);
    await page.click('.org-room[data-room="tsudoi-honnin"] .room-delete');
    await page.waitForSelector('.org-confirm');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'やめる', 'focus starts on the safe choice');
    await axeScan(page, 'room delete confirm');
    await page.click('.org-confirm .confirm-do');
    await page.waitForSelector('.org-room[data-room="tsudoi-honnin"]', { state: 'detached' });
    assert.equal(o.api.calls.find((c) => c.method === 'DELETE').ifMatch, '"v1"');
    onlySameOrigin(o.requests);
  } finally {
    await o.context.close();
  }
});

async function fillPaired(page) {
  await page.fill('[data-field="title.ja"]', '家族のつどい');
  await page.fill('[data-field="title.en"]', 'Family gathering');
  await page.fill('[data-field="start"]', '2026-12-12T10:00');
  assert.equal(await page.inputValue('[data-field="end"]'), '2026-12-12T11:30', 'the end moves with the start');
  await page.selectOption('[data-field="recurrence.freq"]', 'monthly_weekday');
  await page.waitForFunction(() => /毎月第2土曜日/.test(document.querySelector('[data-words]')?.textContent ?? ''));
  await page.fill('[data-field="recurrence.until"]', '2027-06-30');
  await page.check('input[name="event-mode"][value="paired"]');
  await page.fill('[data-field="lived.id"]', 'tsudoi-honnin');
  await page.fill('[data-field="lived.name.ja"]', 'つどい（ご本人）');
  await page.fill('[data-field="lived.name.en"]', 'Gathering (lived experience)');
  await page.check('.org-side-lived input[type=checkbox][value="st_SUPPORTERAAAAAA"]');
  await page.fill('[data-field="family.id"]', 'tsudoi-kazoku');
  await page.fill('[data-field="family.name.ja"]', 'つどい（ご家族）');
  await page.fill('[data-field="family.name.en"]', 'Gathering (families)');
}

test('events: a paired event as one action (refused: its rooms undone; then saved), the week view, cancel one occurrence', { timeout: 90000 }, async () => {
  const o = await organiser();
  const page = o.page;
  try {
    await page.goto(origin + '/#/staff/org/events');
    await page.waitForSelector('.org-week');
    assert.match(await page.textContent('.org-week-range'), /12月7日（月）〜12月13日（日）/);
    await page.click('.event-new');
    await page.waitForSelector('.org-event-form');
    assert.equal(await page.inputValue('[data-field="start"]'), '2026-12-12T10:00', 'next Saturday 10:00 in Tokyo to begin with');
    await fillPaired(page);
    await axeScan(page, 'event form (paired)');
    await shot(page, 'org-event-paired');

    // The event is refused: the room clashes with another event. Both new rooms go again.
    o.api.refuse = { kind: 'events', answer: { status: 409, body: { error: { code: 'conflict', field: 'rooms[1].room', message: '「家族会」（2026-12-12）と時間が重なります' } } } };
    await page.click('.event-save');
    await page.waitForSelector('.org-undone');
    assert.deepEqual(o.api.calls.filter((c) => c.path.startsWith('/api/orgs/main/rooms') && c.method !== 'GET').map((c) => `${c.method} ${c.path}`), [
      'POST /api/orgs/main/rooms', 'POST /api/orgs/main/rooms', 'DELETE /api/orgs/main/rooms/tsudoi-kazoku', 'DELETE /api/orgs/main/rooms/tsudoi-honnin']);
    assert.equal(o.api.kinds.rooms.has('tsudoi-honnin') || o.api.kinds.rooms.has('tsudoi-kazoku'), false, 'no room left behind');
    assert.equal(await focused(page), 'family.id', 'focus on the room the server named');
    assert.match(await page.evaluate(() => {
      const el = document.querySelector('[data-field="family.id"]');
      return document.getElementById(el.getAttribute('aria-describedby'))?.textContent ?? '';
    }), /家族会/, 'the clash named next to its field');
    await axeScan(page, 'event form (refused)');

    // Now it goes through: rooms, then the event, in one submit.
    await page.click('.event-save');
    await page.waitForSelector('.org-week');
    const posts = o.api.calls.filter((c) => c.method === 'POST');
    const ev = posts.at(-1);
    assert.equal(ev.path, '/api/orgs/main/events');
    assert.deepEqual({ start: ev.body.start, end: ev.body.end, recurrence: ev.body.recurrence, rooms: ev.body.rooms, place: ev.body.place, zone: ev.body.zone }, {
      start: '2026-12-12T01:00:00Z', end: '2026-12-12T02:30:00Z', zone: 'Asia/Tokyo',
      recurrence: { freq: 'monthly_weekday', until: '2027-06-30T15:00:00Z' }, place: null,
      rooms: [{ room: 'tsudoi-honnin', side: 'lived', supporters: ['st_SUPPORTERAAAAAA'] }, { room: 'tsudoi-kazoku', side: 'family', supporters: [] }],
    });
    const family = posts.filter((c) => c.path === '/api/orgs/main/rooms').at(-1).body;
    assert.deepEqual({ id: family.id, audience: family.audience, scheduled: family.scheduled }, { id: 'tsudoi-kazoku', audience: ['family'], scheduled: true });
    assert.match(await page.textContent('.org-events [role=status]'), /tsudoi-honnin/);

    // The week: on the phone one day at a time; Saturday holds the paired event at 10:00.
    await page.click('.org-day-pick[data-day="2026-12-12"]');
    const item = page.locator('.org-day.is-picked .org-occ').first();
    assert.match(await item.textContent(), /10:00–11:30.*家族のつどい.*ペア/);
    assert.equal(await page.locator('.org-day:visible').count(), 1);
    await axeScan(page, 'events week (phone)');
    await shot(page, 'org-week-phone');
    await item.click();
    await page.waitForSelector('.org-occ-detail');
    assert.match(await page.textContent('.org-occ-detail'), /毎月第2土曜日・2027年6月30日（水）まで/);
    await page.click('.occ-cancel');
    await page.waitForSelector('.org-confirm');
    await page.click('.org-confirm .confirm-do');
    await page.waitForSelector('.org-day.is-picked .org-occ.is-cancelled');
    const cancel = o.api.calls.find((c) => c.path.endsWith('/cancel'));
    assert.deepEqual(cancel.body, { start: '2026-12-12T01:00:00Z' });
    // Next month's occurrence is there and not cancelled.
    for (let i = 0; i < 4; ++i) await page.click('.week-next');
    await page.click('.org-day-pick[data-day="2027-01-09"]');
    await page.waitForSelector('.org-day.is-picked .org-occ:not(.is-cancelled)');

    await page.click('.view-list');
    await page.waitForSelector('.org-event-list .org-item');
    assert.match(await page.textContent('.org-event-list'), /次回：2027年1月9日（土）10:00/);
    onlySameOrigin(o.requests);
  } finally {
    await o.context.close();
  }
});

test('events on a desktop: seven columns; English words', { timeout: 60000 }, async () => {
  const api = orgApi();
  api.kinds.events.set('ev_WEEKLYAAAAAAAAAA', { v: 2, rec: {
    id: 'ev_WEEKLYAAAAAAAAAA', org: 'main', title: { ja: '夜のおしゃべり', en: 'Evening chat' }, description: { ja: '', en: '' },
    start: '2026-12-01T11:00:00Z', end: '2026-12-01T12:00:00Z', zone: 'Asia/Tokyo', audience: ['open'], capacity: 0,
    rooms: [{ room: 'kazoku-heya', side: '', supporters: [] }], place: null, recurrence: { freq: 'weekly' }, cancelled: [], open_before_min: 10,
  } });
  const o = await organiser({ viewport: desktop, locale: 'en-US', api });
  const page = o.page;
  try {
    await page.goto(origin + '/#/staff/org/events');
    await page.waitForSelector('.org-occ[data-event="ev_WEEKLYAAAAAAAAAA"]');
    assert.equal(await page.locator('.org-day:visible').count(), 7, 'seven columns');
    assert.equal(await page.locator('.org-day-strip').isVisible(), false);
    assert.match(await page.textContent('.org-day[data-day="2026-12-08"]'), /20:00–21:00.*Evening chat/);
    await axeScan(page, 'events week (desktop, en)');
    await shot(page, 'org-week-desktop');
    await page.click('.org-occ[data-event="ev_WEEKLYAAAAAAAAAA"]');
    assert.match(await page.textContent('.org-occ-detail'), /Every Tuesday/);
    // Cancel this occurrence, then restore it.
    await page.click('.occ-cancel');
    await page.click('.org-confirm .confirm-do');
    await page.waitForSelector('.org-occ.is-cancelled[data-event="ev_WEEKLYAAAAAAAAAA"]');
    await page.click('.occ-uncancel');
    await page.waitForSelector('.org-occ:not(.is-cancelled)[data-event="ev_WEEKLYAAAAAAAAAA"]');
    assert.deepEqual(o.api.calls.filter((c) => /cancel$/.test(c.path)).map((c) => [c.path.split('/').at(-1), c.body.start]),
      [['cancel', '2026-12-08T11:00:00Z'], ['uncancel', '2026-12-08T11:00:00Z']]);
    await page.click('.occ-edit');
    await page.waitForSelector('.org-event-form');
    await page.selectOption('[data-field="recurrence.freq"]', 'monthly_weekday');
    await page.waitForFunction(() => /The 1st Tuesday of every month/.test(document.querySelector('[data-words]')?.textContent ?? ''));
    // Someone else changes it meanwhile: a 412 shows theirs.
    api.bump('events', 'ev_WEEKLYAAAAAAAAAA', (r) => { r.title = { ja: '夜のおしゃべり会', en: 'Evening chat club' }; });
    await page.click('.event-save');
    await page.waitForSelector('.org-stale');
    assert.match(await page.textContent('.org-stale'), /Evening chat club/);
    assert.equal(o.api.calls.filter((c) => c.method === 'PUT').at(-1).ifMatch, '"v4"', 'the version read when the form opened (after cancel and restore)');
    assert.equal(api.kinds.events.get('ev_WEEKLYAAAAAAAAAA').rec.recurrence.freq, 'weekly');
    // Take theirs, then delete the whole event (confirmed, with the version read).
    await page.click('.stale-take');
    assert.equal(await page.inputValue('[data-field="title.en"]'), 'Evening chat club');
    await page.click('.event-delete');
    await page.click('.org-confirm .confirm-do');
    await page.waitForSelector('.org-week');
    assert.equal(api.kinds.events.has('ev_WEEKLYAAAAAAAAAA'), false);
    assert.equal(o.api.calls.find((c) => c.method === 'DELETE').ifMatch, '"v5"');
    assert.equal(await page.locator('.org-occ').count(), 0);
  } finally {
    await o.context.close();
  }
});

test('supporters: invitation link to copy, assign rooms, deactivate with a confirmation', { timeout: 60000 }, async () => {
  const o = await organiser();
  const page = o.page;
  try {
    await page.goto(origin + '/#/staff/org/supporters');
    await page.waitForSelector('.org-staff[data-staff="st_SUPPORTERAAAAAA"]');
    assert.equal(await page.locator('.org-staff[data-staff="st_ORGANISERAAAAAA"] .staff-deactivate').count(), 0, 'not oneself');
    await page.check('.org-invite input[value="kazoku-heya"]');
    await page.click('.invite-make');
    await page.waitForSelector('.invite-link');
    assert.equal(await page.inputValue('.invite-link'), origin + '/#/invite/q3J8x0PzW1m5Kc2T9vYb7A');
    assert.deepEqual(o.api.calls.find((c) => c.path === '/api/invitations').body, { rooms: ['kazoku-heya'] });
    assert.equal(await focused(page), 'text-input invite-link', 'the link is focused, ready to copy');
    await axeScan(page, 'supporters');
    await shot(page, 'org-supporters');

    await page.click('.org-staff[data-staff="st_SUPPORTERAAAAAA"] .staff-assign');
    await page.check('.org-staff[data-staff="st_SUPPORTERAAAAAA"] input[value="kazoku-heya"]');
    await page.click('.staff-assign-save');
    await page.waitForFunction(() => /家族の部屋/.test(document.querySelector('.org-staff[data-staff="st_SUPPORTERAAAAAA"]')?.textContent ?? ''));
    assert.deepEqual(o.api.calls.find((c) => c.method === 'PUT').body, { rooms: ['hiroba', 'kazoku-heya'] });

    await page.click('.org-staff[data-staff="st_SUPPORTERAAAAAA"] .staff-deactivate');
    await page.waitForSelector('.org-confirm');
    assert.match(await page.textContent('.org-confirm'), /はるさんのアカウントを無効にします/);
    await page.click('.org-confirm .btn-quiet');
    await page.waitForSelector('.org-confirm', { state: 'detached' });
    assert.equal(o.api.calls.filter((c) => c.path.endsWith('/deactivate')).length, 0, 'cancel does nothing');
    assert.equal(await focused(page), 'btn btn-quiet btn-small staff-deactivate', 'focus back where it was');
    await page.click('.org-staff[data-staff="st_SUPPORTERAAAAAA"] .staff-deactivate');
    await page.click('.org-confirm .confirm-do');
    await page.waitForSelector('.org-staff.is-inactive[data-staff="st_SUPPORTERAAAAAA"]');
  } finally {
    await o.context.close();
  }
});

test('help lines: add one (checked, featured), edit, delete', { timeout: 60000 }, async () => {
  const o = await organiser();
  const page = o.page;
  try {
    await page.goto(origin + '/#/staff/org/help');
    await page.waitForSelector('.org-help-entry[data-entry="he_AAAAAAAAAAAAAAAA"] .org-tag-warn');
    await page.click('.help-new');
    await page.fill('[data-field="name.ja"]', '家族会の電話');
    await page.fill('[data-field="phone"]', '03 1234');
    await page.fill('[data-field="url"]', 'http://example.org');
    await page.click('.help-save');
    await page.waitForSelector('.org-save-note:not(:empty)');
    assert.equal(await focused(page), 'phone');
    await axeScan(page, 'help form (errors)');
    await page.fill('[data-field="phone"]', '03-1234-5678');
    await page.fill('[data-field="url"]', '');
    await page.fill('[data-field="region"]', '札幌市');
    await page.check('[data-field="featured"]');
    await page.check('[data-field="verify"]');
    await page.click('.help-save');
    await page.waitForSelector('.org-help .help-new');
    const post = o.api.calls.find((c) => c.method === 'POST');
    assert.deepEqual({ phone: post.body.phone, region: post.body.region, featured: post.body.featured, verify: post.body.verify },
      { phone: '03-1234-5678', region: '札幌市', featured: true, verify: false });
    await page.click('.org-help-entry[data-entry="he_AAAAAAAAAAAAAAAA"] .help-edit');
    await page.check('[data-field="verify"]');
    await page.click('.help-save');
    await page.waitForSelector('.org-help .help-new');
    assert.equal(o.api.calls.find((c) => c.method === 'PUT').ifMatch, '"v1"');
    assert.equal(await page.locator('.org-help-entry[data-entry="he_AAAAAAAAAAAAAAAA"] .org-tag-warn').count(), 0);
    await page.click('.org-help-entry[data-entry="he_AAAAAAAAAAAAAAAA"] .help-delete');
    await page.click('.org-confirm .confirm-do');
    await page.waitForSelector('.org-help-entry[data-entry="he_AAAAAAAAAAAAAAAA"]', { state: 'detached' });
  } finally {
    await o.context.close();
  }
});

test('audit log: filters go to the server (and are applied to what comes back), pages with "show more", dates in the zone', { timeout: 60000 }, async () => {
  const o = await organiser();
  const page = o.page;
  const rowsOf = () => page.locator('.org-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-entry')));
  try {
    await page.goto(origin + '/#/staff/org/audit');
    await page.waitForSelector('.org-table tbody tr');
    assert.equal(await page.locator('.org-table tbody tr').count(), 50, 'one page');
    assert.equal(new URLSearchParams(o.api.calls.find((c) => c.path === '/api/audit').query).get('limit'), '50');
    await axeScan(page, 'audit (phone)');
    await shot(page, 'org-audit');
    await page.click('.audit-more');
    await page.waitForFunction(() => document.querySelectorAll('.org-table tbody tr').length === 60);
    assert.equal(new URLSearchParams(o.api.calls.filter((c) => c.path === '/api/audit').at(-1).query).get('before'), 'a051');
    assert.equal(await page.locator('.audit-more').count(), 0, 'no more pages');

    await page.selectOption('[data-field="action"]', 'hide');
    await page.selectOption('[data-field="room"]', 'hiroba');
    await page.selectOption('[data-field="staff"]', 'はる');
    await page.fill('[data-field="from"]', '2026-12-01');
    await page.fill('[data-field="to"]', '2026-12-05');
    await page.click('.audit-apply');
    await page.waitForFunction(() => /件を表示/.test(document.querySelector('.org-audit [role=status]')?.textContent ?? ''));
    const q = new URLSearchParams(o.api.calls.filter((c) => c.path === '/api/audit').at(-1).query);
    assert.deepEqual({ action: q.get('action'), room: q.get('room'), staff: q.get('staff'), from: q.get('from'), to: q.get('to'), before: q.get('before') }, {
      action: 'hide', room: 'hiroba', staff: 'はる', from: '2026-11-30T15:00:00Z', to: '2026-12-05T15:00:00Z', before: null });
    // The stand-in knows only action and room; the client applies the rest to what it got.
    const want = auditEntries().filter((e) => e.action === 'hide' && e.room === 'hiroba' && e.staff === 'はる' &&
      e.at >= '2026-11-30T15:00Z' && e.at < '2026-12-05T15:00Z').map((e) => e.id);
    assert.ok(want.length >= 2, 'the case is not empty');
    assert.deepEqual(await rowsOf(), want);
    await page.click('.audit-clear');
    await page.waitForFunction(() => document.querySelectorAll('.org-table tbody tr').length === 50);
  } finally {
    await o.context.close();
  }
});
