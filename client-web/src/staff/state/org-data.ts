// What the organiser screens share, no DOM: the organisation (its zone), its rooms, events,
// help entries and staff, each loaded on first use and again after a change, with the last
// failure kept for the screen to say. Screens subscribe to `changes`.

import { Emitter } from '../../state/emitter';
import { Failure, Org, OrgApi, Result } from './org-api';
import { HelpEntry, OrgEvent, OrgRoom, StaffAccount } from './org-records';
import { defaultZone } from './zone-time';

export type Slice = 'org' | 'rooms' | 'events' | 'help' | 'staff';

export interface Loaded<T> {
  value: T;
  loading: boolean;
  failure: Failure | null;
  at: number; // 0: never loaded
}

const empty = <T>(value: T): Loaded<T> => ({ value, loading: false, failure: null, at: 0 });

export class OrgData {
  readonly changes = new Emitter<Slice>();
  org: Loaded<Org>;
  rooms = empty<OrgRoom[]>([]);
  // True when the rooms came from the socket's room list because the server has no rooms API.
  roomsReadOnly = false;
  events = empty<OrgEvent[]>([]);
  help = empty<HelpEntry[]>([]);
  staff = empty<StaffAccount[]>([]);

  constructor(
    readonly api: OrgApi,
    private readonly now: () => number,
    // The rooms the socket's room list has, for a server without the rooms API yet.
    private readonly fallbackRooms: () => OrgRoom[] = () => [],
  ) {
    this.org = empty<Org>({ id: api.org, name: { ja: '', en: '' }, zone: defaultZone });
  }

  get zone(): string {
    return this.org.value.zone || defaultZone;
  }

  // Loads what is not loaded yet (or everything asked for, with `again`).
  ensure(slices: Slice[], again = false): void {
    for (const s of slices) {
      const cur = this[s] as Loaded<unknown>;
      if (again || (cur.at === 0 && !cur.loading)) void this.load(s);
    }
  }

  async load(s: Slice): Promise<void> {
    const cur = this[s] as Loaded<unknown>;
    cur.loading = true;
    this.changes.emit(s);
    const r: Result<unknown> = s === 'org' ? await this.api.organisation() : s === 'rooms' ? await this.api.rooms()
      : s === 'events' ? await this.api.events() : s === 'help' ? await this.api.helpEntries() : await this.api.staff();
    cur.loading = false;
    cur.at = this.now();
    if (r.ok) {
      cur.value = r.value;
      cur.failure = null;
      if (s === 'rooms') this.roomsReadOnly = false;
    } else if (s === 'rooms' && (r.status === 404 || r.status === 405)) {
      // A server without the rooms API (before issue 14): the socket's room list, read only,
      // kept in step by refreshFallback() as the list comes and changes.
      this.rooms.value = this.fallbackRooms();
      this.rooms.failure = null;
      this.roomsReadOnly = true;
    } else if (s === 'org' && r.status === 404) {
      // No organisations API yet: the defaults stand (main, Asia/Tokyo).
      cur.failure = null;
    } else cur.failure = r;
    this.changes.emit(s);
  }

  // The socket's room list changed: a read-only room list follows it.
  refreshFallback(): void {
    if (!this.roomsReadOnly) return;
    this.rooms.value = this.fallbackRooms();
    this.changes.emit('rooms');
  }

  scheduledRooms(): OrgRoom[] {
    return this.rooms.value.filter((r) => r.scheduled);
  }

  room(id: string): OrgRoom | undefined {
    return this.rooms.value.find((r) => r.id === id);
  }

  supporters(): StaffAccount[] {
    return this.staff.value.filter((s) => s.active);
  }
}
