// Issue 14's organiser state with no DOM at all: times in the organisation's zone, recurrence
// and its words (「毎月第2土曜日」), the week layout, the API layer (paths, If-Match, pages, the
// audit filters), the edit session (field errors, 412 never a silent overwrite) and the paired
// event as one action (rooms made, then the event; the rooms undone when the event is refused).
// The TypeScript sources are bundled on the fly with the client's own esbuild.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { clientDir, clientRequire } from './support.mjs';

let m;
let tmp;

before(async () => {
  const esbuild = clientRequire()('esbuild');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ibasho-org-state-'));
  const entry = path.join(tmp, 'entry.ts');
  const st = path.join(clientDir, 'src', 'staff', 'state');
  fs.writeFileSync(entry, ['zone-time', 'recurrence', 'week', 'org-records', 'org-api', 'edit-session', 'event-draft', 'paired-event']
    .map((f) => `export * from ${JSON.stringify(path.join(st, f + '.ts'))};`).join('\n'));
  const out = path.join(tmp, 'state.mjs');
  await esbuild.build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'error' });
  assert.equal(globalThis.document, undefined, 'no browser globals in this process');
  m = await import(pathToFileURL(out).href);
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const TOKYO = 'Asia/Tokyo';

// A scripted API: `routes['PUT /api/…']` answers (a value or a function of body and headers);
// every call is kept.
function fakeCaller(routes) {
  const calls = [];
  const call = async (method, p, body, headers) => {
    calls.push({ method, path: p, body: body === undefined ? undefined : JSON.parse(JSON.stringify(body)), headers: headers ?? {} });
    const h = routes[`${method} ${p}`];
    const r = typeof h === 'function' ? h(body, headers ?? {}, calls) : h;
    return r ?? { status: 404, body: { error: { code: 'not_found' } } };
  };
  return { call, calls };
}

function event(over = {}) {
  return m.readEvent({
    id: 'ev_AAAAAAAAAAAAAAAA', org: 'main', title: { ja: '家族のつどい', en: 'Family meeting' }, description: { ja: '', en: '' },
    start: '2026-12-12T01:00:00Z', end: '2026-12-12T02:30:00Z', zone: TOKYO, audience: ['family'], capacity: 20,
    rooms: [], place: { ja: '公民館', en: 'Community hall' }, recurrence: { freq: 'none' }, cancelled: [], open_before_min: 10, ...over,
  });
}

test('times: wall clock in Asia/Tokyo to UTC and back, another zone with daylight saving, day labels', () => {
  const ms = m.fromLocalInput('2026-12-12T10:00', TOKYO);
  assert.equal(m.isoUtc(ms), '2026-12-12T01:00:00Z');
  assert.equal(m.toLocalInput(Date.parse('2026-12-12T01:00:00Z'), TOKYO), '2026-12-12T10:00');
  assert.equal(m.dateKey(Date.parse('2026-12-06T15:30:00Z'), TOKYO), '2026-12-07', 'a JST day, not the UTC one');
  assert.equal(m.fromLocalInput('2026-02-30T10:00', TOKYO), null, 'no such day');
  assert.equal(m.fromLocalInput('2026-12-12T24:00', TOKYO), null);
  // New York: -5 in winter, -4 in summer.
  assert.equal(m.isoUtc(m.fromLocalInput('2026-01-10T09:00', 'America/New_York')), '2026-01-10T14:00:00Z');
  assert.equal(m.isoUtc(m.fromLocalInput('2026-07-10T09:00', 'America/New_York')), '2026-07-10T13:00:00Z');
  assert.equal(m.dayLabel('2026-12-12', 'ja'), '12月12日（土）');
  assert.equal(m.dayLabel('2026-12-12', 'en'), 'Sat 12 Dec');
  assert.ok(Number.isNaN(m.parseIso('2026-12-12 01:00')));
  assert.equal(m.parseIso('2026-12-12T10:00:00+09:00'), Date.parse('2026-12-12T01:00:00Z'));
});

test('recurrence words: weekly, every other week, monthly on the nth weekday, the last one, until', () => {
  const sat2 = Date.parse('2026-12-12T01:00:00Z'); // Saturday 12 December, the 2nd Saturday
  assert.equal(m.recurrenceWords({ freq: 'monthly_weekday' }, sat2, TOKYO, 'ja'), '毎月第2土曜日');
  assert.equal(m.recurrenceWords({ freq: 'monthly_weekday' }, sat2, TOKYO, 'en'), 'The 2nd Saturday of every month');
  assert.equal(m.recurrenceWords({ freq: 'weekly' }, sat2, TOKYO, 'ja'), '毎週土曜日');
  assert.equal(m.recurrenceWords({ freq: 'biweekly' }, sat2, TOKYO, 'en'), 'Every other Saturday');
  assert.equal(m.recurrenceWords({ freq: 'none' }, sat2, TOKYO, 'ja'), '1回だけ');
  assert.equal(m.recurrenceWords({ freq: 'monthly_weekday', until: '2027-06-30T15:00:00Z' }, sat2, TOKYO, 'ja'), '毎月第2土曜日・2027年6月30日（水）まで');
  // In UTC this start is still Friday: the words follow the zone's day.
  assert.equal(m.recurrenceWords({ freq: 'weekly' }, Date.parse('2026-12-11T16:00:00Z'), TOKYO, 'ja'), '毎週土曜日');
  // 26 December is the 4th and the last Saturday: both offered; 29 December is a 5th Tuesday: only "last".
  assert.deepEqual(m.monthlyChoices('2026-12-26'), [4, -1]);
  assert.deepEqual(m.monthlyChoices('2026-12-29'), [-1]);
  assert.equal(m.recurrenceWords({ freq: 'monthly_weekday', week: -1 }, Date.parse('2026-12-26T01:00:00Z'), TOKYO, 'ja'), '毎月最終土曜日');
  assert.equal(m.recurrenceWords({ freq: 'monthly_weekday' }, Date.parse('2026-12-29T01:00:00Z'), TOKYO, 'en'), 'The last Tuesday of every month');
});

test('occurrences: monthly on the 2nd Saturday until June, a cancelled one, weekly with a count, every other week', () => {
  const e = event({ recurrence: { freq: 'monthly_weekday', until: '2027-06-30T15:00:00Z' }, cancelled: ['2027-01-09T01:00:00Z'] });
  const all = m.occurrences(e, Date.parse('2026-01-01T00:00:00Z'), Date.parse('2028-01-01T00:00:00Z'));
  assert.deepEqual(all.map((o) => m.dateKey(o.start, TOKYO)),
    ['2026-12-12', '2027-01-09', '2027-02-13', '2027-03-13', '2027-04-10', '2027-05-08', '2027-06-12']);
  assert.deepEqual(all.map((o) => o.cancelled), [false, true, false, false, false, false, false]);
  assert.ok(all.every((o) => o.end - o.start === 90 * 60000 && m.hhmm(o.start, TOKYO) === '10:00'));
  assert.equal(m.isoUtc(m.nextOccurrence(e, Date.parse('2027-01-01T00:00:00Z')).start), '2027-02-13T01:00:00Z', 'the next live one skips the cancelled');

  const last = event({ start: '2026-12-26T01:00:00Z', end: '2026-12-26T02:00:00Z', recurrence: { freq: 'monthly_weekday', week: -1, count: 3 } });
  assert.deepEqual(m.occurrences(last, 0, Date.parse('2028-01-01T00:00:00Z')).map((o) => m.dateKey(o.start, TOKYO)), ['2026-12-26', '2027-01-30', '2027-02-27']);

  const weekly = event({ recurrence: { freq: 'weekly', count: 3 } });
  assert.deepEqual(m.occurrences(weekly, 0, Infinity).map((o) => m.dateKey(o.start, TOKYO)), ['2026-12-12', '2026-12-19', '2026-12-26']);
  const bi = event({ recurrence: { freq: 'biweekly' } });
  assert.deepEqual(m.occurrences(bi, Date.parse('2027-01-01T00:00:00Z'), Date.parse('2027-02-01T00:00:00Z')).map((o) => m.dateKey(o.start, TOKYO)),
    ['2027-01-09', '2027-01-23']);
  assert.deepEqual(m.occurrences(event(), Date.parse('2026-12-13T00:00:00Z'), Infinity), [], 'a single event outside the range');
});

test('week layout: seven days from Monday in the zone, items sorted, cancelled and overnight marked, paired flagged', () => {
  const monthly = event({ id: 'ev_M', recurrence: { freq: 'monthly_weekday' } });
  // 00:30 JST on Monday 7 December is still Sunday in UTC.
  const early = event({ id: 'ev_E', title: { ja: '朝', en: 'Early' }, start: '2026-12-06T15:30:00Z', end: '2026-12-06T16:30:00Z' });
  const late = event({ id: 'ev_L', title: { ja: '夜', en: 'Late' }, start: '2026-12-12T14:30:00Z', end: '2026-12-12T15:30:00Z' });
  const paired = event({
    id: 'ev_P', title: { ja: 'ペア', en: 'Pair' }, start: '2026-12-12T00:00:00Z', end: '2026-12-12T01:00:00Z', place: null,
    rooms: [{ room: 'a', side: 'lived', supporters: [] }, { room: 'b', side: 'family', supporters: [] }], cancelled: ['2026-12-12T00:00:00Z'],
  });
  const days = m.layoutWeek([monthly, early, late, paired], '2026-12-10', TOKYO, Date.parse('2026-12-10T03:00:00Z'));
  assert.deepEqual(days.map((d) => d.key), ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13']);
  assert.deepEqual(days.map((d) => d.today), [false, false, false, true, false, false, false]);
  assert.deepEqual(days[0].items.map((i) => [i.event.id, i.from, i.to]), [['ev_E', '00:30', '01:30']]);
  const sat = days[5].items;
  assert.deepEqual(sat.map((i) => [i.event.id, i.from]), [['ev_P', '09:00'], ['ev_M', '10:00'], ['ev_L', '23:30']]);
  assert.deepEqual(sat.map((i) => i.cancelled), [true, false, false]);
  assert.deepEqual(sat.map((i) => i.paired), [true, false, false]);
  assert.deepEqual(sat.map((i) => i.overnight), [false, false, true]);
  assert.equal(new Set(days.flatMap((d) => d.items.map((i) => i.key))).size, 4, 'unique keys');
  assert.equal(m.weekStart('2026-12-13'), '2026-12-07', 'Sunday belongs to the week that began on Monday');
  assert.equal(m.layoutWeek([monthly], m.shiftWeek('2026-12-10', 1), TOKYO, 0).flatMap((d) => d.items).length, 0);
});

test('API layer: paths, every page, If-Match on saves, 412 as precondition_failed, legacy list shapes, audit filters', async () => {
  const f = fakeCaller({
    'GET /api/orgs/main/rooms?limit=100': { status: 200, body: { items: [{ id: 'hiroba', name: { ja: 'ひろば', en: 'Plaza' }, audience: ['open'] }], next: 'hiroba' } },
    'GET /api/orgs/main/rooms?limit=100&after=hiroba': { status: 200, body: { items: [{ id: 'yoru', scheduled: true }], next: null } },
    'GET /api/orgs/main/rooms/hiroba': { status: 200, etag: '"v3"', body: { id: 'hiroba', name: { ja: 'ひろば', en: 'Plaza' } } },
    'PUT /api/orgs/main/rooms/hiroba': (_b, h) => (h['If-Match'] === '"v3"' ? { status: 200, etag: '"v4"', body: { id: 'hiroba' } } : { status: 412, body: { error: { code: 'precondition_failed' } } }),
    'GET /api/staff?limit=100': { status: 200, body: { staff: [{ id: 'st_1', name: 'はる', role: 'supporter', rooms: ['hiroba'], active: true }] } },
    'POST /api/invitations': { status: 201, body: { code: 'CODE', link: '/#/invite/CODE', expires_ms: 5 } },
    'POST /api/staff/st_1/deactivate': { status: 204, body: null },
    'GET /api/audit?limit=2&action=mute&room=hiroba': {
      status: 200, body: {
        entries: [{ id: 'a2', at: '2026-12-01T10:00Z', staff: 'はる', action: 'mute', room: 'hiroba' }, { id: 'a1', at: '2026-11-01T10:00Z', staff: 'あき', action: 'hide', room: 'hiroba' }],
        next_before: 'a1',
      },
    },
  });
  const api = new m.OrgApi(f.call, 'main');
  const rooms = await api.rooms();
  assert.ok(rooms.ok);
  assert.deepEqual(rooms.value.map((r) => [r.id, r.scheduled, r.org]), [['hiroba', false, 'main'], ['yoru', true, 'main']]);
  const one = await api.room('hiroba');
  assert.equal(one.etag, '"v3"');
  const saved = await api.updateRoom('hiroba', { name: {} }, one.etag);
  assert.ok(saved.ok);
  assert.equal(saved.etag, '"v4"');
  const stale = await api.updateRoom('hiroba', { name: {} }, '"v2"');
  assert.deepEqual({ ok: stale.ok, status: stale.status, code: stale.code }, { ok: false, status: 412, code: 'precondition_failed' });
  assert.deepEqual((await api.staff()).value.map((s) => s.name), ['はる'], 'the older {staff:[...]} shape');
  const inv = await api.invite(['hiroba']);
  assert.deepEqual(inv.value, { code: 'CODE', link: '/#/invite/CODE', expires_ms: 5 });
  assert.deepEqual(f.calls.find((c) => c.path === '/api/invitations').body, { rooms: ['hiroba'] });
  assert.ok((await api.deactivate('st_1')).ok);
  const page = await api.audit({ action: 'mute', room: 'hiroba' }, null, 2);
  assert.deepEqual(page.value.items.map((e) => e.id), ['a2'], 'a filter the server ignored is applied here too');
  assert.equal(page.value.next, 'a1');
  assert.equal(m.auditMatches(m.readAudit({ at: '2026-12-01T10:00Z' }), { from: '2026-12-01T10:00:00Z', to: '2026-12-01T10:01:00Z' }), true);
  assert.equal(m.auditMatches(m.readAudit({ at: '2026-12-01T10:00Z' }), { to: '2026-12-01T10:00:00Z' }), false);
  const missing = await api.event('ev_nothing');
  assert.deepEqual({ status: missing.status, code: missing.code }, { status: 404, code: 'not_found' });
});

function roomSession(routes, fields = ['id', 'name.ja', 'name.en', 'audience', 'capacity', 'slow_mode_s']) {
  const f = fakeCaller(routes);
  const api = new m.OrgApi(f.call, 'main');
  const ops = {
    check: (d, creating) => m.checkRoom(d, creating),
    save: (d, creating, etag) => (creating ? api.createRoom(m.roomBody(d, true)) : api.updateRoom(d.id, m.roomBody(d, false), etag)),
    reload: (d) => api.room(d.id),
  };
  const base = m.readRoom({ id: 'hiroba', name: { ja: 'ひろば', en: 'Plaza' }, audience: ['open'], capacity: 30 });
  return { f, session: new m.EditSession(ops, base, '"v1"', false, fields) };
}

test('edit session: a stale save (412) shows their version and never overwrites on its own', async () => {
  const { f, session } = roomSession({
    'PUT /api/orgs/main/rooms/hiroba': (_b, h) => (h['If-Match'] === '"v2"' ? { status: 200, etag: '"v3"', body: { id: 'hiroba', name: { ja: '私の名前', en: 'Mine' }, audience: ['open'] } }
      : { status: 412, body: { error: { code: 'precondition_failed' } } }),
    'GET /api/orgs/main/rooms/hiroba': { status: 200, etag: '"v2"', body: { id: 'hiroba', name: { ja: 'ほかの人の名前', en: 'Theirs' }, audience: ['open'], capacity: 30 } },
  });
  session.edit((d) => { d.name.ja = '私の名前'; });
  assert.equal(await session.save(), 'stale');
  assert.equal(f.calls[0].headers['If-Match'], '"v1"', 'the ETag that was read goes with the save');
  assert.equal(session.theirs.value.name.ja, 'ほかの人の名前');
  assert.equal(session.theirs.etag, '"v2"');
  assert.equal(session.draft.name.ja, '私の名前', 'my draft is kept while I decide');
  assert.equal(f.calls.filter((c) => c.method === 'PUT').length, 1, 'no second save on its own');
  // Keeping mine re-bases on their version; only the next, deliberate save overwrites.
  session.keepMine();
  assert.equal(session.theirs, null);
  assert.equal(await session.save(), 'saved');
  assert.equal(f.calls.filter((c) => c.method === 'PUT')[1].headers['If-Match'], '"v2"');
  assert.equal(session.etag, '"v3"');

  const other = roomSession({
    'PUT /api/orgs/main/rooms/hiroba': { status: 412, body: { error: { code: 'precondition_failed' } } },
    'GET /api/orgs/main/rooms/hiroba': { status: 200, etag: '"v9"', body: { id: 'hiroba', name: { ja: '新しい', en: 'New' }, audience: ['open'], capacity: 30 } },
  }).session;
  other.edit((d) => { d.capacity = 12; });
  assert.equal(await other.save(), 'stale');
  other.takeTheirs();
  assert.deepEqual([other.draft.name.ja, other.draft.capacity, other.etag, other.state], ['新しい', 30, '"v9"', 'idle']);
});

test('edit session: the form\'s own checks send nothing; server field errors land on their field, others are general', async () => {
  const { f, session } = roomSession({
    'PUT /api/orgs/main/rooms/hiroba': (b) => (b.capacity === 7
      ? { status: 400, body: { error: { code: 'bad_request', field: 'name.en', message: 'name.en must be a non-empty string' } } }
      : { status: 400, body: { error: { code: 'bad_request', field: 'history_length', message: 'too long' } } }),
  });
  session.edit((d) => { d.name.ja = ' '; d.capacity = 0; d.audience = []; });
  assert.equal(await session.save(), 'invalid');
  assert.equal(f.calls.length, 0, 'nothing sent');
  assert.deepEqual(Object.keys(session.problems).sort(), ['audience', 'capacity', 'name.ja']);
  assert.equal(session.firstProblem(), 'name.ja', 'the first in the form\'s order');
  session.edit((d) => { d.name.ja = 'ひろば'; d.capacity = 7; d.audience = ['open']; });
  assert.equal(await session.save(), 'invalid');
  assert.deepEqual(session.problems, { 'name.en': 'server' });
  assert.equal(session.messages['name.en'], 'name.en must be a non-empty string');
  session.edit((d) => { d.capacity = 8; });
  assert.equal(await session.save(), 'invalid');
  assert.deepEqual(session.problems, {});
  assert.equal(session.general.field, 'history_length', 'a field the form does not show is a general error');

  // A deeper field than the form has goes to the nearest one it does have.
  const s2 = roomSession({ 'PUT /api/orgs/main/rooms/hiroba': { status: 409, body: { error: { code: 'conflict', field: 'audience[0]', message: 'used by 家族のつどい' } } } }, ['audience']).session;
  assert.equal(await s2.save(), 'conflict');
  assert.deepEqual(s2.problems, { audience: 'conflict' });
});

function pairedDraft() {
  const d = m.blankDraft(TOKYO, Date.parse('2026-12-01T00:00:00Z'));
  d.title = { ja: '家族のつどい', en: 'Family meeting' };
  d.start = '2026-12-12T10:00';
  d.end = '2026-12-12T11:30';
  d.mode = 'paired';
  d.audience = ['open'];
  d.freq = 'monthly_weekday';
  d.until = '2027-06-30';
  d.lived = { make: true, room: '', id: 'tsudoi-honnin', name: { ja: '本人の部屋', en: 'Lived experience' }, supporters: ['st_a'] };
  d.family = { make: true, room: '', id: 'tsudoi-kazoku', name: { ja: '家族の部屋', en: 'Families' }, supporters: ['st_b'] };
  return d;
}

test('event draft: the record it sends (UTC, until through the chosen day, paired rooms and sides, a 5th weekday as last)', () => {
  assert.equal(m.blankDraft(TOKYO, Date.parse('2026-12-01T00:00:00Z')).start, '2026-12-05T10:00', 'next Saturday');
  const d = pairedDraft();
  assert.deepEqual(m.checkDraft(d, []), {});
  const e = m.eventOf(d, 'main');
  assert.equal(e.start, '2026-12-12T01:00:00Z');
  assert.equal(e.end, '2026-12-12T02:30:00Z');
  assert.deepEqual(e.recurrence, { freq: 'monthly_weekday', until: '2027-06-30T15:00:00Z' });
  assert.deepEqual(e.rooms, [{ room: 'tsudoi-honnin', side: 'lived', supporters: ['st_a'] }, { room: 'tsudoi-kazoku', side: 'family', supporters: ['st_b'] }]);
  assert.equal(e.place, null);
  assert.deepEqual(e.audience, ['family', 'open']);
  const made = m.roomsToMake(d, 'main');
  assert.deepEqual(made.map((x) => [x.side, x.room.id, x.room.scheduled, x.room.audience]), [
    ['lived', 'tsudoi-honnin', true, ['open']], ['family', 'tsudoi-kazoku', true, ['family']]]);
  // Back again: the same draft.
  const back = m.draftOf({ ...e, id: 'ev_X' });
  assert.deepEqual([back.start, back.end, back.until, back.mode, back.week, back.lived.room, back.family.room], [
    '2026-12-12T10:00', '2026-12-12T11:30', '2027-06-30', 'paired', 2, 'tsudoi-honnin', 'tsudoi-kazoku']);

  const fifth = m.blankDraft(TOKYO, 0);
  Object.assign(fifth, { title: { ja: 'x', en: 'x' }, start: '2026-12-29T19:00', end: '2026-12-29T20:00', mode: 'in_person', place: { ja: '公民館', en: '' }, freq: 'monthly_weekday' });
  assert.deepEqual(m.eventOf(fifth, 'main').recurrence, { freq: 'monthly_weekday', week: -1 });

  const bad = pairedDraft();
  bad.end = '2026-12-12T09:00';
  bad.family.id = 'tsudoi-honnin';
  bad.lived.name.en = '';
  const rooms = [m.readRoom({ id: 'tsudoi-honnin', scheduled: true, audience: ['open'] })];
  assert.deepEqual(Object.keys(m.checkDraft(bad, rooms)).sort(), ['end', 'family.id', 'lived.id', 'lived.name.en']);
  const picked = pairedDraft();
  picked.lived = { make: false, room: 'kazoku-heya', supporters: [] };
  picked.family = { make: false, room: 'honnin-heya', supporters: [] };
  const existing = [m.readRoom({ id: 'kazoku-heya', scheduled: true, audience: ['family'] }), m.readRoom({ id: 'honnin-heya', scheduled: true, audience: ['open'] })];
  assert.deepEqual(m.checkDraft(picked, existing), { 'rooms[0].room': 'lived_room', 'rooms[1].room': 'family_room' });
});

test('paired event as one action: two rooms made, then the event; a refused event deletes exactly the rooms it made', async () => {
  const ok = fakeCaller({
    'POST /api/orgs/main/rooms': (b) => ({ status: 201, etag: '"v1"', body: { ...b } }),
    'POST /api/orgs/main/events': (b) => ({ status: 201, etag: '"v1"', body: { ...b, id: 'ev_NEW' } }),
  });
  const done = await m.submitEvent(new m.OrgApi(ok.call, 'main'), pairedDraft(), '');
  assert.equal(done.ok, true);
  assert.deepEqual(done.created, ['tsudoi-honnin', 'tsudoi-kazoku']);
  assert.equal(done.event.id, 'ev_NEW');
  assert.deepEqual(ok.calls.map((c) => `${c.method} ${c.path}`), ['POST /api/orgs/main/rooms', 'POST /api/orgs/main/rooms', 'POST /api/orgs/main/events']);
  assert.deepEqual(ok.calls[1].body.audience, ['family']);
  assert.equal(ok.calls[1].body.scheduled, true);

  const refused = fakeCaller({
    'POST /api/orgs/main/rooms': (b) => ({ status: 201, body: { ...b } }),
    'POST /api/orgs/main/events': { status: 409, body: { error: { code: 'conflict', field: 'rooms[1].room', message: 'overlaps 家族会 on 2026-12-12' } } },
    'DELETE /api/orgs/main/rooms/tsudoi-honnin': { status: 204, body: null },
    'DELETE /api/orgs/main/rooms/tsudoi-kazoku': { status: 204, body: null },
  });
  const no = await m.submitEvent(new m.OrgApi(refused.call, 'main'), pairedDraft(), '');
  assert.equal(no.ok, false);
  // rooms[1] is the family room this submit made: the form shows it as its id field.
  assert.deepEqual({ code: no.failure.code, field: no.failure.field, status: no.failure.status }, { code: 'conflict', field: 'family.id', status: 409 });
  assert.match(no.failure.message, /家族会/, 'the server\'s words naming the other event are kept');
  assert.deepEqual(no.undone, ['tsudoi-kazoku', 'tsudoi-honnin']);
  assert.deepEqual(no.leftover, []);

  // The family room is refused: the lived room made a moment ago goes again; no event is sent.
  const second = fakeCaller({
    'POST /api/orgs/main/rooms': (b) => (b.id === 'tsudoi-kazoku' ? { status: 409, body: { error: { code: 'conflict', field: 'id', message: 'taken' } } } : { status: 201, body: { ...b } }),
    'DELETE /api/orgs/main/rooms/tsudoi-honnin': { status: 503, body: { error: { code: 'service_degraded' } } },
  });
  const no2 = await m.submitEvent(new m.OrgApi(second.call, 'main'), pairedDraft(), '');
  assert.equal(no2.failure.field, 'family.id');
  assert.deepEqual(no2.leftover, ['tsudoi-honnin'], 'a room that could not be deleted is reported');
  assert.equal(second.calls.filter((c) => c.path.endsWith('/events')).length, 0);

  // Picked rooms are never deleted; an edit is a PUT with If-Match.
  const picked = pairedDraft();
  picked.id = 'ev_OLD';
  picked.lived = { make: false, room: 'honnin', supporters: [] };
  picked.family = { make: false, room: 'kazoku', supporters: [] };
  const edit = fakeCaller({ 'PUT /api/orgs/main/events/ev_OLD': { status: 412, body: { error: { code: 'precondition_failed' } } } });
  const no3 = await m.submitEvent(new m.OrgApi(edit.call, 'main'), picked, '"v4"');
  assert.equal(no3.failure.code, 'precondition_failed');
  assert.equal(edit.calls[0].headers['If-Match'], '"v4"');
  assert.equal(edit.calls.filter((c) => c.method === 'DELETE').length, 0);
});
