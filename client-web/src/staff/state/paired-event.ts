// Saving an event as one action, no DOM. A paired event needs two scheduled rooms (lived
// experience, family); the form may make them with it. The server has no transaction across
// records, so the client does the steps in order and undoes its own: create each new room,
// then create (or update) the event; if a room or the event is refused, delete the rooms this
// submit created (never a room that was picked) and report the refusal on the field it names.
// Rooms that could not be deleted are reported too, so nothing is left behind unsaid.

import { Failure, OrgApi, Result } from './org-api';
import { eventBody, OrgEvent, roomBody } from './org-records';
import { EventDraft, eventOf, roomsToMake } from './event-draft';

export type SubmitOutcome =
  | { ok: true; event: OrgEvent; etag: string; created: string[] }
  | { ok: false; failure: Failure; undone: string[]; leftover: string[] };

// A field of a room's create call, as the form names it ('lived.name.ja').
function sideField(side: 'lived' | 'family', f: Failure): Failure {
  return { ...f, field: `${side}.${f.field ?? 'id'}` };
}

// The event names a room by its place in `rooms`; a room this form makes shows as its id field.
function madeField(d: EventDraft, f: Failure): Failure {
  const m = /^rooms\[(\d)\]\.room$/.exec(f.field ?? '');
  if (!m || d.mode !== 'paired') return f;
  const side = m[1] === '0' ? 'lived' : 'family';
  return d[side].make ? { ...f, field: `${side}.id` } : f;
}

export async function submitEvent(api: OrgApi, d: EventDraft, etag: string): Promise<SubmitOutcome> {
  const created: string[] = [];
  const undo = async (failure: Failure): Promise<SubmitOutcome> => {
    const undone: string[] = [];
    const leftover: string[] = [];
    // Newest first, each one attempted even when another fails.
    for (const id of [...created].reverse()) {
      const r = await api.deleteRoom(id);
      (r.ok ? undone : leftover).push(id);
    }
    return { ok: false, failure, undone, leftover };
  };
  for (const m of roomsToMake(d, api.org)) {
    const r = await api.createRoom(roomBody(m.room, true));
    if (!r.ok) return undo(sideField(m.side, r));
    created.push(r.value.id || m.room.id);
  }
  const body = eventBody(eventOf(d, api.org));
  const r: Result<OrgEvent> = d.id ? await api.updateEvent(d.id, body, etag) : await api.createEvent(body);
  if (!r.ok) return undo(madeField(d, r));
  return { ok: true, event: r.value, etag: r.etag, created };
}
