// How the room list is grouped, with no DOM: by organisation when the deployment has more
// than one (municipalities and associations sharing one service), and within each by audience
// (everyone, ages, women, LGBTQ+, families). Organisation names come from `GET /api/rooms`'s
// `orgs`; rooms carry their `org` (absent on an older server: one group, as before).

import { RoomInfo, Text2 } from '../protocol';
import { Emitter } from './emitter';
import { Fetcher, fetchJson, Org, parseOrgs } from './schedule';

export type AudienceGroup = 'open' | 'age' | 'women' | 'lgbtq' | 'family';
export const audienceGroups: AudienceGroup[] = ['open', 'age', 'women', 'lgbtq', 'family'];
const ageOrder = ['age_u20', 'age_20s', 'age_30s', 'age_40plus'];

export function audienceGroup(room: RoomInfo): AudienceGroup {
  const a = room.audience ?? [];
  if (a.includes('family')) return 'family';
  if (a.includes('women')) return 'women';
  if (a.includes('lgbtq')) return 'lgbtq';
  if (a.some((x) => x.startsWith('age_'))) return 'age';
  return 'open';
}

// One audience value's place in that order (unknown ones last).
export function audienceRank(a: string): number {
  if (a === 'open') return 0;
  const age = ageOrder.indexOf(a);
  if (age >= 0) return 1 + age;
  const i = ['women', 'lgbtq', 'family'].indexOf(a);
  return i >= 0 ? 10 + i : 50;
}

function ageRank(room: RoomInfo): number {
  const i = ageOrder.findIndex((a) => (room.audience ?? []).includes(a));
  return i < 0 ? 99 : i;
}

export interface RoomGroup {
  group: AudienceGroup;
  rooms: RoomInfo[];
}

export interface OrgSection {
  org: string | null; // null: one organisation only (no organisation heading)
  name: Text2;
  groups: RoomGroup[];
}

export function groupByAudience(rooms: readonly RoomInfo[]): RoomGroup[] {
  const out: RoomGroup[] = [];
  for (const g of audienceGroups) {
    const mine = rooms.filter((r) => audienceGroup(r) === g);
    if (g === 'age') mine.sort((a, b) => ageRank(a) - ageRank(b));
    if (mine.length > 0) out.push({ group: g, rooms: mine });
  }
  return out;
}

// Rooms in display order stay in that order within their group. Organisations come in the
// order of `orgs`, then any the names do not cover, in order of first appearance.
export function groupRooms(rooms: readonly RoomInfo[], orgs: readonly Org[] | null): OrgSection[] {
  const ids: string[] = [];
  for (const r of rooms) {
    const id = r.org ?? 'main';
    if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length <= 1) return [{ org: null, name: {}, groups: groupByAudience(rooms) }];
  const known = (orgs ?? []).map((o) => o.id);
  ids.sort((a, b) => {
    const ia = known.indexOf(a);
    const ib = known.indexOf(b);
    return (ia < 0 ? 1e6 : ia) - (ib < 0 ? 1e6 : ib);
  });
  return ids.map((id) => ({
    org: id,
    name: (orgs ?? []).find((o) => o.id === id)?.name ?? { ja: id, en: id },
    groups: groupByAudience(rooms.filter((r) => (r.org ?? 'main') === id)),
  }));
}

// The organisations' names, read once from `GET /api/rooms` (public), and learnt from the
// schedule's `orgs` too. Memory only.
export class OrgNames {
  readonly changes = new Emitter<void>();
  orgs: Org[] | null = null;
  private asked = false;

  constructor(private readonly get: Fetcher = fetchJson) {}

  learn(orgs: readonly Org[]): void {
    if (orgs.length === 0) return;
    const merged = [...(this.orgs ?? [])];
    for (const o of orgs) if (!merged.some((m) => m.id === o.id)) merged.push(o);
    this.orgs = merged;
    this.changes.emit();
  }

  // Asks once per page, and only when the rooms span several organisations.
  need(rooms: readonly RoomInfo[] | null): void {
    if (this.asked || !rooms) return;
    const ids = new Set(rooms.map((r) => r.org ?? 'main'));
    if (ids.size <= 1 || [...ids].every((id) => this.orgs?.some((o) => o.id === id))) return;
    this.asked = true;
    this.get('/api/rooms').then(
      (raw) => this.learn(parseOrgs((raw as { orgs?: unknown } | null)?.orgs)),
      () => undefined, // the ids stand in for the names
    );
  }
}
