// Rooms (organisers): the organisation's rooms with their state, and the form to make or edit
// one (names, description, rules in ja/en, audience, capacity, presence, slow mode, supporter
// present, scheduled, state). Saves send If-Match; a 412 shows the newer version.

import { useEffect, useRef, useState } from 'preact/hooks';
import { pick } from '../../i18n';
import { EditSession } from '../state/edit-session';
import { audiences, blankRoom, checkRoom, OrgRoom, roomBody, roomStates } from '../state/org-records';
import { audienceName, failureText, ot } from '../org-strings';
import { OrgScreenProps } from './org-screen';
import { CheckBox, Checks, focusField, Radios, SaveNote, SelectField, StaleBanner, TextField, Text2Fields, useTitleFocus } from './org-fields';
import { Title, useChanges } from './common';

const roomFields = ['id', 'name.ja', 'name.en', 'description.ja', 'description.en', 'rules.ja', 'rules.en', 'audience', 'capacity',
  'presence', 'slow_mode_s', 'supporter_present', 'scheduled', 'state'];

export const audienceOptions = (): [string, string][] => audiences.map((a) => [a, audienceName(a)]);

const num = (s: string) => (s.trim() === '' ? NaN : Number(s));
const shown = (n: number) => (Number.isFinite(n) ? String(n) : '');

export function RoomsView(props: OrgScreenProps) {
  const o = props.o;
  useChanges(o.data.changes);
  const editPair = useState<{ room: OrgRoom; etag: string; creating: boolean } | null>(null);
  const editing = editPair[0];
  const setEditing = editPair[1];
  const notePair = useState('');
  const top = useTitleFocus(!!editPair[0]);
  useEffect(() => o.data.ensure(['rooms']), []);
  const rooms = o.data.rooms;

  const open = async (r: OrgRoom) => {
    const got = await o.data.api.room(r.id);
    if (got.ok) setEditing({ room: got.value, etag: got.etag, creating: false });
    else notePair[1](failureText(got.code, got.message));
  };
  if (editing) {
    return <RoomForm o={o} start={editing.room} etag={editing.etag} creating={editing.creating}
      done={(msg) => { setEditing(null); notePair[1](msg); o.data.ensure(['rooms'], true); }} />;
  }
  return (
    <section class="screen org-screen org-rooms" ref={top}>
      <Title>{ot('roomsTitle')}</Title>
      <p class="lead">{ot('roomsLead')}</p>
      <p class="muted small" role="status">{notePair[0]}</p>
      {o.data.roomsReadOnly ? <p class="card quiet">{ot('roomsFromList')}</p> : (
        <button type="button" class="btn btn-primary room-new"
          onClick={() => setEditing({ room: blankRoom(o.data.api.org), etag: '', creating: true })}>{ot('roomNew')}</button>
      )}
      {rooms.loading && rooms.at === 0 ? <p class="muted">{ot('loading')}</p> : null}
      {rooms.failure ? <p class="form-error" role="alert">{ot('loadFailed', { code: rooms.failure.code })}</p> : null}
      {rooms.at > 0 && rooms.value.length === 0 ? <p class="muted">{ot('roomsNone')}</p> : null}
      <ul class="org-list">
        {rooms.value.map((r) => (
          <li class="card org-item org-room" data-room={r.id}>
            <h2 class="card-title">{pick(r.name).text || r.id} <span class="muted small">{r.id}</span></h2>
            <p class="org-tags">
              <span class="org-tag">{ot(('state_' + (roomStates.includes(r.state as never) ? r.state : 'open')) as 'state_open')}</span>
              {r.scheduled ? <span class="org-tag org-tag-accent">{ot('tagScheduled')}</span> : null}
              {r.audience.map((a) => <span class="org-tag">{audienceName(a)}</span>)}
              <span class="org-tag">{ot('roomCapacity')}: {r.capacity}</span>
            </p>
            {o.data.roomsReadOnly ? null : (
              <div class="row-buttons">
                <button type="button" class="btn btn-secondary btn-small room-edit" onClick={() => void open(r)}
                  aria-label={`${ot('edit')}: ${pick(r.name).text || r.id}`}>{ot('edit')}</button>
                <button type="button" class="btn btn-quiet btn-small room-delete" aria-label={`${ot('del')}: ${pick(r.name).text || r.id}`}
                  onClick={() => o.confirm.open({
                    text: ot('confirmDelete', { name: pick(r.name).text || r.id }), doLabel: ot('confirmDo'),
                    run: async () => {
                      const got = await o.data.api.room(r.id);
                      const d = await o.data.api.deleteRoom(r.id, got.ok ? got.etag : undefined);
                      if (!d.ok) return d.status === 409 ? ot('roomInUse') : failureText(d.code, d.message);
                      notePair[1](ot('roomDeleted'));
                      o.app.announce(ot('roomDeleted'));
                      o.data.ensure(['rooms'], true);
                      return null;
                    },
                  })}>{ot('del')}</button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RoomForm(props: OrgScreenProps & { start: OrgRoom; etag: string; creating: boolean; done: (msg: string) => void }) {
  const top = useTitleFocus();
  const o = props.o;
  const api = o.data.api;
  const sessionRef = useRef<EditSession<OrgRoom> | null>(null);
  if (!sessionRef.current) {
    sessionRef.current = new EditSession<OrgRoom>({
      check: (d, creating) => checkRoom(d, creating),
      save: (d, creating, etag) => (creating ? api.createRoom(roomBody(d, true)) : api.updateRoom(d.id, roomBody(d, false), etag)),
      reload: (d) => api.room(d.id),
    }, JSON.parse(JSON.stringify(props.start)) as OrgRoom, props.etag, props.creating, roomFields);
  }
  const s = sessionRef.current;
  useChanges(s.changes);
  const form = useRef<HTMLFormElement>(null);
  const d = s.draft;
  const edit = (fn: (r: OrgRoom) => void) => s.edit(fn);
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await s.save();
    if (r === 'saved') props.done(ot('saved'));
    else if (r === 'invalid' || r === 'conflict') focusField(form.current, s.firstProblem());
  };
  const name = pick(props.start.name).text || props.start.id;
  return (
    <section class="screen org-screen org-room-form" ref={top}>
      <Title>{props.creating ? ot('roomNewTitle') : ot('roomEditTitle', { name })}</Title>
      <StaleBanner session={s} summary={(v: OrgRoom) => (
        <p>{pick(v.name).text}（{v.audience.map(audienceName).join('・')}・{ot('roomCapacity')} {v.capacity}・{ot(('state_' + v.state) as 'state_open')}）</p>
      )} />
      <form ref={form} class="staff-form org-form" onSubmit={submit} noValidate autoComplete="off">
        {props.creating
          ? <TextField label={ot('roomId')} field="id" value={d.id} required faults={s} maxLength={48} onInput={(v) => edit((r) => { r.id = v; })} />
          : null}
        <Text2Fields label={ot('roomName')} field="name" value={d.name} required="both" faults={s} onChange={(v) => edit((r) => { r.name = v; })} />
        <Text2Fields label={ot('roomDescription')} field="description" value={d.description} multiline faults={s}
          onChange={(v) => edit((r) => { r.description = v; })} />
        <Text2Fields label={ot('roomRules')} field="rules" value={d.rules} multiline faults={s} onChange={(v) => edit((r) => { r.rules = v; })} />
        <Checks legend={ot('roomAudience')} field="audience" options={audienceOptions()} value={d.audience} faults={s}
          onChange={(v) => edit((r) => { r.audience = v; })} />
        <TextField label={ot('roomCapacity')} field="capacity" value={shown(d.capacity)} inputMode="numeric" faults={s}
          onInput={(v) => edit((r) => { r.capacity = num(v); })} />
        <Radios legend={ot('roomPresence')} field="presence" value={d.presence} faults={s}
          options={[['names', ot('presence_names')], ['counts', ot('presence_counts')]]} onChange={(v) => edit((r) => { r.presence = v as OrgRoom['presence']; })} />
        <TextField label={ot('roomSlow')} field="slow_mode_s" value={shown(d.slow_mode_s)} inputMode="numeric" faults={s}
          onInput={(v) => edit((r) => { r.slow_mode_s = num(v); })} />
        <CheckBox label={ot('roomSupporter')} field="supporter_present" checked={d.supporter_present} onChange={(v) => edit((r) => { r.supporter_present = v; })} />
        <CheckBox label={ot('roomScheduled')} field="scheduled" checked={d.scheduled} onChange={(v) => edit((r) => { r.scheduled = v; })} />
        <SelectField label={ot('roomState')} field="state" value={d.state} faults={s}
          options={roomStates.map((x) => [x, ot(('state_' + x) as 'state_open')] as [string, string])} onChange={(v) => edit((r) => { r.state = v; })} />
        <SaveNote session={s as EditSession<unknown>} />
        <div class="row-buttons">
          <button type="submit" class="btn btn-primary room-save" disabled={s.state === 'saving'}>{s.state === 'saving' ? ot('saving') : ot('save')}</button>
          <button type="button" class="btn btn-quiet" onClick={() => props.done('')}>{ot('cancel')}</button>
        </div>
      </form>
    </section>
  );
}
