// Issue 14's participant state with no DOM (no window, no document): the schedule read from
// `GET /api/schedule` and grouped by day in the event's zone (Asia/Tokyo) across midnight UTC,
// filters on the device, the event window's countdown wording in Japanese and English, the
// `closing_soon` / `event_cancelled` notices and `event` on `joined` in the room store,
// `wrong_room` as a join answer, the room list grouped by organisation and audience, and the
// help directory ordered by the region chosen (kept through a port, never elsewhere).
// The TypeScript sources are bundled on the fly with the client's own esbuild.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { clientDir, clientRequire, ensureClientBuilt } from './support.mjs';

let mod;
let tmp;

before(async () => {
  ensureClientBuilt();
  const esbuild = clientRequire()('esbuild');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ibasho-schedule-state-'));
  const entry = path.join(tmp, 'entry.ts');
  const src = path.join(clientDir, 'src');
  const from = (...p) => JSON.stringify(path.join(src, ...p));
  fs.writeFileSync(entry, [
    `export * from ${from('state', 'schedule.ts')};`,
    `export * from ${from('state', 'zone-time.ts')};`,
    `export * from ${from('state', 'event-clock.ts')};`,
    `export * from ${from('state', 'room-groups.ts')};`,
    `export * from ${from('state', 'regions.ts')};`,
    `export { parseDirectory, DirectoryStore } from ${from('state', 'help-directory.ts')};`,
    `export { RoomStore } from ${from('state', 'room-store.ts')};`,
    `export { SessionStore } from ${from('state', 'session-store.ts')};`,
    `export { tFor } from ${from('i18n.ts')};`,
  ].join('\n'));
  const out = path.join(tmp, 'state.mjs');
  await esbuild.build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'error' });
  assert.equal(globalThis.window, undefined, 'no browser globals in this process');
  assert.equal(globalThis.document, undefined, 'no browser globals in this process');
  mod = await import(pathToFileURL(out).href);
});

after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const item = (event, start, end, extra = {}) => ({
  event, org: 'main', title: { ja: `集まり ${event}`, en: `Gathering ${event}` }, description: { ja: '', en: '' },
  start, end, opens: start, zone: 'Asia/Tokyo', audience: ['open'], online: true, paired: false,
  rooms: [{ room: 'tsudoi', side: '' }], place: null, ics: `/calendar/${event}.ics`, ...extra,
});

// ---- the schedule ------------------------------------------------------------------------

test('the schedule groups by day in Asia/Tokyo, not by the UTC date, across midnight UTC', () => {
  const s = mod.parseSchedule({
    orgs: [{ id: 'main', name: { ja: '居場所', en: 'ibasho' } }],
    items: [
      // 2026-12-12 23:30 JST = 14:30Z on the 12th; 00:30 JST on the 13th = 15:30Z on the 12th.
      item('ev_b', '2026-12-12T15:30:00Z', '2026-12-12T16:30:00Z'),
      item('ev_a', '2026-12-12T14:30:00Z', '2026-12-12T15:00:00Z'),
      // 2026-12-13 08:00 JST = 23:00Z on the 12th: the UTC date says 12th, Tokyo says 13th.
      item('ev_c', '2026-12-12T23:00:00Z', '2026-12-13T00:00:00Z'),
      // Offsets in are read as the same instant.
      item('ev_d', '2026-12-14T10:00:00+09:00', '2026-12-14T11:30:00+09:00'),
    ],
  });
  assert.deepEqual(s.items.map((i) => i.event), ['ev_a', 'ev_b', 'ev_c', 'ev_d'], 'sorted by start');
  const days = mod.groupByDay(s.items);
  assert.deepEqual(days.map((d) => [d.day, d.items.map((i) => i.event)]), [
    ['2026-12-12', ['ev_a']],
    ['2026-12-13', ['ev_b', 'ev_c']],
    ['2026-12-14', ['ev_d']],
  ]);
  assert.equal(mod.clockIn(s.items[0].start, 'Asia/Tokyo'), '23:30');
  assert.equal(mod.clockIn(s.items[1].start, 'Asia/Tokyo'), '00:30');
  assert.equal(mod.dayLabel(s.items[1].start, 'Asia/Tokyo', 'ja'), '12月13日（日）');
  assert.equal(mod.dayLabel(s.items[1].start, 'Asia/Tokyo', 'en'), 'Sun 13 Dec');
  assert.equal(mod.zoneLabel('Asia/Tokyo', 'ja'), '日本時間');
  assert.equal(mod.zoneLabel('Asia/Tokyo', 'en'), 'Japan time');
});

test('the schedule drops what it cannot show, keeps only our own .ics links, and pairs lived before family', () => {
  const s = mod.parseSchedule({
    items: [
      item('ev_ok', '2026-12-12T01:00:00Z', '2026-12-12T02:30:00Z', {
        paired: true, audience: ['family'],
        rooms: [{ room: 'tsudoi-kazoku', side: 'family' }, { room: 'tsudoi-honnin', side: 'lived' }],
      }),
      item('ev_bad_time', 'soon', '2026-12-12T02:30:00Z'),
      item('ev_backwards', '2026-12-12T03:00:00Z', '2026-12-12T02:00:00Z'),
      { event: 'ev_no_title', start: '2026-12-12T01:00:00Z', end: '2026-12-12T02:00:00Z' },
      item('ev_evil', '2026-12-13T01:00:00Z', '2026-12-13T02:00:00Z', { ics: 'https://elsewhere.example/x.ics' }),
      item('ev_place', '2026-12-14T01:00:00Z', '2026-12-14T02:00:00Z', { online: false, rooms: [], place: { ja: '市民会館 2階' } }),
      'not an object',
    ],
  });
  assert.deepEqual(s.items.map((i) => i.event), ['ev_ok', 'ev_evil', 'ev_place']);
  const [paired, evil, place] = s.items;
  assert.equal(paired.paired, true);
  assert.deepEqual(paired.rooms.map((r) => r.side), ['lived', 'family']);
  assert.equal(paired.ics, '/calendar/ev_ok.ics');
  assert.equal(evil.ics, null, 'a link to another site is never shown');
  assert.equal(place.online, false);
  assert.deepEqual(place.rooms, []);
  assert.equal(place.place.ja, '市民会館 2階');
  assert.deepEqual(mod.parseSchedule(null), { orgs: [], items: [] });
});

test('filters by audience and organisation work on the device; audiences come in the room list order', () => {
  const s = mod.parseSchedule({
    orgs: [{ id: 'main', name: { ja: '居場所' } }, { id: 'kita-city', name: { ja: '北市' } }],
    items: [
      item('ev_1', '2026-12-12T01:00:00Z', '2026-12-12T02:00:00Z', { audience: ['family'] }),
      item('ev_2', '2026-12-12T03:00:00Z', '2026-12-12T04:00:00Z', { audience: ['age_30s'], org: 'kita-city' }),
      item('ev_3', '2026-12-12T05:00:00Z', '2026-12-12T06:00:00Z', { audience: ['open'] }),
      item('ev_4', '2026-12-12T07:00:00Z', '2026-12-12T08:00:00Z', { audience: ['family'], org: 'kita-city' }),
    ],
  });
  assert.deepEqual(mod.audiencesIn(s.items), ['open', 'age_30s', 'family']);
  assert.deepEqual(mod.orgsIn(s).map((o) => o.id), ['main', 'kita-city']);
  const ids = (f) => mod.filterItems(s.items, f).map((i) => i.event);
  assert.deepEqual(ids({}), ['ev_1', 'ev_2', 'ev_3', 'ev_4']);
  assert.deepEqual(ids({ audience: 'family' }), ['ev_1', 'ev_4']);
  assert.deepEqual(ids({ org: 'kita-city' }), ['ev_2', 'ev_4']);
  assert.deepEqual(ids({ audience: 'family', org: 'kita-city' }), ['ev_4']);
});

test('the schedule store asks our own /api/schedule with no filter, and a server without one is a calm empty list', async () => {
  const asked = [];
  const ok = new mod.ScheduleStore(async (url) => {
    asked.push(url);
    return { items: [item('ev_1', '2026-12-12T01:00:00Z', '2026-12-12T02:00:00Z')] };
  });
  await new Promise((resolve) => {
    ok.changes.on(resolve);
    ok.fetch();
  });
  assert.deepEqual(asked, ['/api/schedule'], 'what the person filters by is never sent');
  assert.equal(ok.schedule.items.length, 1);

  const old = new mod.ScheduleStore(() => Promise.reject(Object.assign(new Error('404'), { status: 404 })));
  await new Promise((resolve) => {
    old.changes.on(resolve);
    old.fetch();
  });
  assert.deepEqual(old.schedule, { orgs: [], items: [] });
  assert.equal(old.failed, false);

  const down = new mod.ScheduleStore(() => Promise.reject(Object.assign(new Error('503'), { status: 503 })));
  await new Promise((resolve) => {
    down.changes.on(resolve);
    down.fetch();
  });
  assert.equal(down.schedule, null);
  assert.equal(down.failed, true, 'a failure offers a retry');
});

// ---- the event window ----------------------------------------------------------------------

const at = (iso) => Date.parse(iso);
const windowOf = (extra = {}) => mod.parseWindow({ id: 'ev_1', starts: '2026-12-12T01:00:00Z', ends: '2026-12-12T02:30:00Z', ...extra });
const say = (w, now, l = 'ja') => {
  const line = mod.eventLine(w, at(now), 'Asia/Tokyo', l);
  return mod.tFor(l, line.key, line.vars);
};

test('the countdown speaks in whole minutes within the hour, clock times before, and the end time during', () => {
  const w = windowOf();
  assert.equal(say(w, '2026-12-11T10:00:00Z'), '12月12日（土） 10:00〜11:30', 'another day: the day and the time');
  assert.equal(say(w, '2026-12-11T10:00:00Z', 'en'), 'Sat 12 Dec, 10:00–11:30');
  assert.equal(say(w, '2026-12-11T23:30:00Z'), '10:00に始まります（11:30まで）', 'the same day in Tokyo (08:30 JST)');
  assert.equal(say(w, '2026-12-12T00:52:00Z'), 'あと8分で始まります（10:00〜11:30）');
  assert.equal(say(w, '2026-12-12T00:52:30Z'), 'あと8分で始まります（10:00〜11:30）', 'a part minute counts as a minute');
  assert.equal(say(w, '2026-12-12T00:52:00Z', 'en'), 'Starts in 8 min (10:00–11:30)');
  assert.equal(say(w, '2026-12-12T00:59:30Z'), 'まもなく始まります（11:30まで）');
  assert.equal(say(w, '2026-12-12T01:00:00Z'), '11:30までの集まりです');
  assert.equal(say(w, '2026-12-12T02:26:00Z'), 'あと4分で終わります（11:30まで）');
  assert.equal(say(w, '2026-12-12T02:26:00Z', 'en'), 'Ends in 4 min (at 11:30)');
  assert.equal(say(w, '2026-12-12T02:30:00Z'), 'この回の集まりは終わりました');
  assert.deepEqual(['2026-12-12T00:00:00Z', '2026-12-12T01:10:00Z', '2026-12-12T02:25:00Z', '2026-12-12T02:31:00Z']
    .map((n) => mod.phaseOf(w, at(n))), ['before', 'on', 'ending', 'over']);
});

test('when the server says when the room opens, the countdown is to the opening', () => {
  const w = windowOf({ opens: '2026-12-12T00:50:00Z' });
  assert.equal(say(w, '2026-12-12T00:42:00Z'), 'あと8分で開きます（10:00〜11:30）');
  assert.equal(say(w, '2026-12-12T00:42:00Z', 'en'), 'Opens in 8 min (10:00–11:30)');
  assert.equal(say(w, '2026-12-11T23:00:00Z'), '09:50に開きます（10:00〜11:30）');
  assert.equal(say(w, '2026-12-12T00:55:00Z'), 'あと5分で始まります（10:00〜11:30）', 'open now: the start is next');
});

test('the screen redraws when the words could change, never faster than it must', () => {
  const w = windowOf();
  assert.equal(mod.nextChangeMs(w, at('2026-12-12T00:52:00Z')), 60000);
  assert.equal(mod.nextChangeMs(w, at('2026-12-12T00:52:30Z')), 30000);
  assert.equal(mod.nextChangeMs(w, at('2026-12-12T02:24:50Z')), 10000, 'the last five minutes begin');
  assert.equal(mod.parseWindow({ id: 'ev_1', starts: 'x', ends: '2026-12-12T02:30:00Z' }), null);
  assert.equal(mod.parseWindow({ id: 'ev_1', starts: '2026-12-12T02:30:00Z', ends: '2026-12-12T01:30:00Z' }), null);
});

// ---- the room store and the session ----------------------------------------------------------

function fakeWire() {
  const w = { sent: [] };
  w.send = (f) => {
    w.sent.push(JSON.parse(JSON.stringify(f)));
    return true;
  };
  w.ready = () => true;
  return w;
}
const timers = { set: () => 0, clear: () => {} };
const info = (id, extra = {}) => ({
  id, name: { ja: id }, description: {}, rules: {}, audience: ['open'], state: 'open', capacity: 0,
  members: 0, listening: 0, presence: 'names', slow_mode_s: 0, limited: false, ...extra,
});
const seat = { nick: 'くも', listening: true, affirmed: false };
const event = { id: 'ev_1', starts: '2026-12-12T01:00:00Z', ends: '2026-12-12T02:30:00Z' };

test('joined carries the event, and the closing notices are kept in the room (one of each kind)', () => {
  const store = new mod.RoomStore(fakeWire(), info('tsudoi-honnin'), seat, null, timers);
  const changes = [];
  store.changes.on((c) => changes.push(c));
  store.applyJoined({ type: 'joined', room: 'tsudoi-honnin', member: 'mb_me', nick: 'くも', seq: 0, event });
  assert.deepEqual(store.info.event, event);
  // A room list entry without `event` (the occurrence is over) replaces the info.
  store.applyNotice({ type: 'notice', room: 'tsudoi-honnin', kind: 'closing_soon', ends: '2026-12-12T02:30:00Z' });
  store.applyNotice({ type: 'notice', room: 'tsudoi-honnin', kind: 'closing_soon', ends: '2026-12-12T02:30:00Z' });
  store.applyNotice({ type: 'notice', room: 'tsudoi-honnin', kind: 'event_cancelled' });
  assert.deepEqual(store.notices.map((n) => n.kind), ['closing_soon', 'event_cancelled'], 'a repeat replaces, never piles up');
  const told = changes.filter((c) => c.type === 'notice');
  assert.equal(told.length, 3);
  assert.equal(told[1].replaces.kind, 'closing_soon');
  store.leftByServer('room_closed');
  assert.equal(store.closed, true);
  assert.deepEqual(store.items.at(-1), { kind: 'note', note: 'left', reason: 'room_closed' });
});

test('wrong_room answers the join waiting, as a join failure the join screen can explain', () => {
  const wire = fakeWire();
  const session = new mod.SessionStore(wire, null, null, timers);
  const changes = [];
  session.changes.on((c) => changes.push(c));
  session.join(info('tsudoi-kazoku', { audience: ['family'] }), seat);
  session.apply({ type: 'error', code: 'wrong_room', message: 'You are in the other room of this event.' });
  assert.deepEqual(changes, [{ type: 'joinFailed', room: 'tsudoi-kazoku', code: 'wrong_room' }]);
  assert.equal(session.room('tsudoi-kazoku'), undefined, 'no seat opened');
  assert.equal(mod.tFor('ja', 'err_wrong_room').includes('ご家族の部屋'), true);
});

// ---- the room list by organisation -------------------------------------------------------------

test('rooms group by organisation only when there are several, then by audience, in the orgs order', () => {
  const rooms = [
    info('hiroba'), info('kazoku', { audience: ['family'] }), info('age-30s', { audience: ['age_30s'] }),
  ];
  const one = mod.groupRooms(rooms, null);
  assert.equal(one.length, 1);
  assert.equal(one[0].org, null, 'one organisation: no organisation heading, as before');
  assert.deepEqual(one[0].groups.map((g) => [g.group, g.rooms.map((r) => r.id)]),
    [['open', ['hiroba']], ['age', ['age-30s']], ['family', ['kazoku']]]);

  const many = [
    info('kita-hiroba', { org: 'kita-city' }), info('hiroba', { org: 'main' }),
    info('kita-kazoku', { org: 'kita-city', audience: ['family'] }), info('minami', { org: 'minami-npo' }),
  ];
  const orgs = [{ id: 'main', name: { ja: '居場所' } }, { id: 'kita-city', name: { ja: '北市' } }];
  const secs = mod.groupRooms(many, orgs);
  assert.deepEqual(secs.map((s) => s.org), ['main', 'kita-city', 'minami-npo']);
  assert.equal(secs[1].name.ja, '北市');
  assert.deepEqual(secs[2].name, { ja: 'minami-npo', en: 'minami-npo' }, 'an unnamed organisation shows its id');
  assert.deepEqual(secs[1].groups.map((g) => [g.group, g.rooms.map((r) => r.id)]), [['open', ['kita-hiroba']], ['family', ['kita-kazoku']]]);
});

test('organisation names are asked once from /api/rooms, and only when the rooms span several', async () => {
  const asked = [];
  const names = new mod.OrgNames(async (url) => {
    asked.push(url);
    return { rooms: [], orgs: [{ id: 'kita-city', name: { ja: '北市', en: 'Kita City' } }] };
  });
  names.need([info('a', { org: 'main' }), info('b', { org: 'main' })]);
  assert.deepEqual(asked, []);
  const got = new Promise((resolve) => names.changes.on(resolve));
  names.need([info('a', { org: 'main' }), info('b', { org: 'kita-city' })]);
  names.need([info('a', { org: 'main' }), info('b', { org: 'kita-city' })]);
  await got;
  assert.deepEqual(asked, ['/api/rooms']);
  assert.equal(names.orgs[0].name.en, 'Kita City');
});

// ---- help by region -------------------------------------------------------------------------------

test('the 47 prefectures, their codes and areas', () => {
  assert.equal(mod.regions.length, 47);
  assert.equal(mod.regions[0].code, 'JP-01');
  assert.equal(mod.regions[12].name.ja, '東京都');
  assert.equal(mod.regions[46].code, 'JP-47');
  assert.equal(mod.normalizeRegion('13'), 'JP-13');
  assert.equal(mod.normalizeRegion('jp-13'), 'JP-13');
  assert.equal(mod.normalizeRegion('JP-48'), '');
  assert.equal(mod.normalizeRegion('tokyo'), '');
});

test('help entries come nearest first: the prefecture, the national lines, its area, then everywhere else', () => {
  const d = mod.parseDirectory({
    entries: [
      { id: 'osaka', name: { ja: '大阪' }, tel: '06-0000-0000', region: 'JP-27' },
      { id: 'yorisoi', name: { ja: 'よりそい' }, tel: '0120-279-338' },
      { id: 'saitama', name: { ja: '埼玉' }, tel: '048-000-0000', region: 'JP-11' },
      { id: 'tokyo', name: { ja: '東京' }, tel: '03-0000-0000', region: '13' },
      { id: 'hokkaido', name: { ja: '北海道' }, tel: '011-000-0000', region: 'JP-01' },
      { id: 'kazoku', name: { ja: '家族会' }, find: { ja: '…' }, audience: ['family'] },
    ],
  });
  assert.equal(d.entries.find((e) => e.id === 'kazoku').for, 'family', 'an audience of family puts it on the families path');
  const ids = (xs) => xs.map((e) => e.id);
  const tokyo = mod.byRegion(d.entries, 'JP-13');
  assert.deepEqual([ids(tokyo.local), ids(tokyo.national), ids(tokyo.nearby), ids(tokyo.other)],
    [['tokyo'], ['yorisoi', 'kazoku'], ['saitama'], ['hokkaido', 'osaka']]);
  const none = mod.byRegion(d.entries, '');
  assert.deepEqual([ids(none.local), ids(none.national), ids(none.nearby), ids(none.other)],
    [[], ['yorisoi', 'kazoku'], [], ['hokkaido', 'saitama', 'tokyo', 'osaka']]);
});

test('the region is kept through its port only, "not chosen" removes it, and the directory asks with ?region=', async () => {
  const kept = { v: 'JP-27' };
  const port = { load: () => kept.v, save: (c) => (kept.v = c) };
  const r = new mod.RegionStore(port);
  assert.equal(r.region, 'JP-27');
  r.set('13');
  assert.equal(kept.v, 'JP-13');
  r.set('');
  assert.equal(kept.v, null, 'removed, not kept as an empty value');
  assert.equal(new mod.RegionStore({ load: () => 'garbage', save: () => {} }).region, '');

  const asked = [];
  const store = new mod.DirectoryStore(async (region) => {
    asked.push(region);
    return { emergency: null, entries: [] };
  });
  store.region = 'JP-13';
  await new Promise((resolve) => {
    store.changes.on(resolve);
    store.fetch();
  });
  assert.deepEqual(asked, ['JP-13']);
});
