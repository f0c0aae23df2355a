// The event form: title and description (ja/en), start and end in the organisation's zone,
// recurrence shown in words as it is chosen (「毎月第2土曜日」), audience, capacity, when the
// room opens, and how it meets: one scheduled room, a paired event (two rooms, made here or
// picked, each with its supporters; saved as one action, see state/paired-event.ts) or in
// person. Saving an edit sends If-Match; a 412 shows the newer version.

import { useEffect, useRef } from 'preact/hooks';
import { lang, pick } from '../../i18n';
import { EditSession } from '../state/edit-session';
import { blankDraft, checkDraft, draftOf, EventDraft, EventMode, eventFields, PairSide } from '../state/event-draft';
import { submitEvent, SubmitOutcome } from '../state/paired-event';
import { freqs, OrgEvent, OrgRoom } from '../state/org-records';
import { monthlyChoices, recurrenceWords } from '../state/recurrence';
import { dateKey, fromLocalInput, toLocalInput, weekdayName, whenLabel } from '../state/zone-time';
import { failureText, ot, zoneName } from '../org-strings';
import { Checks, focusField, Radios, SaveNote, SelectField, StaleBanner, TextField, Text2Fields, useTitleFocus } from './org-fields';
import { audienceOptions } from './org-rooms';
import { OrgCtx } from './org-screen';
import { Title, useChanges } from './common';

export function EventForm(props: { o: OrgCtx; event: OrgEvent | null; etag: string; done: (msg: string) => void }) {
  const top = useTitleFocus();
  const o = props.o;
  const data = o.data;
  const api = data.api;
  const last = useRef<SubmitOutcome | null>(null);
  const sessionRef = useRef<EditSession<EventDraft> | null>(null);
  if (!sessionRef.current) {
    sessionRef.current = new EditSession<EventDraft>({
      check: (d) => checkDraft(d, data.rooms.value),
      save: async (d, _creating, etag) => {
        const r = await submitEvent(api, d, etag);
        last.current = r;
        return r.ok ? { ok: true, value: draftOf(r.event), etag: r.etag } : r.failure;
      },
      reload: async (d) => {
        const r = await api.event(d.id);
        return r.ok ? { ok: true, value: draftOf(r.value), etag: r.etag } : r;
      },
    }, props.event ? draftOf(props.event) : blankDraft(data.zone, Date.now()), props.etag, !props.event, eventFields);
  }
  const s = sessionRef.current;
  useChanges(s.changes, data.changes);
  const form = useRef<HTMLFormElement>(null);
  const d = s.draft;
  const edit = (fn: (x: EventDraft) => void) => s.edit(fn);
  const l = lang();
  const zone = d.zone;
  const startMs = fromLocalInput(d.start, zone);
  const startKey = startMs === null ? '' : dateKey(startMs, zone);
  const dow = startKey ? new Date(startKey + 'T00:00:00Z').getUTCDay() : 6;
  const choices = startKey ? monthlyChoices(startKey) : [];
  // Keep the chosen week valid for the day (a 5th weekday can only be "last").
  useEffect(() => {
    if (d.freq === 'monthly_weekday' && choices.length > 0 && !choices.includes(d.week)) edit((x) => { x.week = choices[0]; });
  }, [startKey, d.freq]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await s.save();
    const out = last.current;
    if (r === 'saved' && out && out.ok) {
      props.done(out.created.length > 0 ? ot('eventSavedRooms', { rooms: out.created.join('、') }) : ot('eventSaved'));
      return;
    }
    if (r === 'invalid' || r === 'conflict') focusField(form.current, s.firstProblem());
  };
  const out = last.current && !last.current.ok && s.state !== 'saved' ? last.current : null;
  const scheduled = data.scheduledRooms();
  const words = startMs === null ? '' : recurrenceWords({ freq: d.freq, week: d.week }, startMs, zone, l);
  const zoneWord = zoneName(zone);
  const title = props.event ? pick(props.event.title).text : '';
  return (
    <section class="screen org-screen org-event-form" ref={top}>
      <Title>{props.event ? ot('eventEditTitle', { title }) : ot('eventNewTitle')}</Title>
      <StaleBanner session={s} summary={(v: EventDraft) => (
        <p>{pick(v.title).text}（{(() => { const ms = fromLocalInput(v.start, v.zone); return ms === null ? '' : whenLabel(ms, v.zone, l); })()}）</p>
      )} />
      <form ref={form} class="staff-form org-form" onSubmit={submit} noValidate autoComplete="off">
        <Text2Fields label={ot('eventTitle')} field="title" value={d.title} required="ja" faults={s} onChange={(v) => edit((x) => { x.title = v; })} />
        <Text2Fields label={ot('eventDescription')} field="description" value={d.description} multiline faults={s}
          onChange={(v) => edit((x) => { x.description = v; })} />
        <div class="org-two">
          <TextField label={ot('eventStart', { zone: zoneWord })} field="start" type="datetime-local" value={d.start} required faults={s}
            onInput={(v) => edit((x) => {
              // Moving the start moves the end with it, keeping the length.
              const a = fromLocalInput(x.start, zone);
              const b = fromLocalInput(x.end, zone);
              const n = fromLocalInput(v, zone);
              x.start = v;
              if (a !== null && b !== null && n !== null && b > a) x.end = toLocalInput(n + (b - a), zone);
            })} />
          <TextField label={ot('eventEnd', { zone: zoneWord })} field="end" type="datetime-local" value={d.end} required faults={s}
            onInput={(v) => edit((x) => { x.end = v; })} />
        </div>
        <SelectField label={ot('eventRepeat')} field="recurrence.freq" value={d.freq} faults={s}
          options={freqs.map((f) => [f, ot(('freq_' + f) as 'freq_none')] as [string, string])}
          onChange={(v) => edit((x) => { x.freq = v as EventDraft['freq']; })} />
        {d.freq === 'monthly_weekday' && choices.length > 1 ? (
          <Radios legend={ot('monthlyWhich')} field="recurrence.week" value={String(d.week)} faults={s}
            options={choices.map((c) => [String(c), c === -1 ? ot('week_last', { day: weekdayName(dow, l, true) })
              : ot('week_n', { n: l === 'en' ? ['', '1st', '2nd', '3rd', '4th'][c] : c, day: weekdayName(dow, l, true) })] as [string, string])}
            onChange={(v) => edit((x) => { x.week = Number(v); })} />
        ) : null}
        {d.freq !== 'none' ? (
          <p class="org-words" aria-live="polite" data-words>{ot('repeatWords', { words })}</p>
        ) : null}
        {d.freq !== 'none' ? (
          <TextField label={ot('eventUntil')} field="recurrence.until" type="date" value={d.until} faults={s}
            onInput={(v) => edit((x) => { x.until = v; })} />
        ) : null}
        <Radios legend={ot('eventMode')} field="mode" value={d.mode} name="event-mode"
          options={(['online', 'paired', 'in_person'] as EventMode[]).map((m) => [m, ot(('mode_' + m) as 'mode_online')] as [string, string])}
          onChange={(v) => edit((x) => { x.mode = v as EventMode; })} />
        {d.mode === 'in_person'
          ? <Text2Fields label={ot('eventPlace')} field="place" value={d.place} required="ja" faults={s} onChange={(v) => edit((x) => { x.place = v; })} />
          : null}
        {d.mode === 'online' ? (
          <div class="org-side">
            <RoomPick label={ot('eventRoom')} field="rooms[0].room" rooms={scheduled} value={d.room} s={s} onChange={(v) => edit((x) => { x.room = v; })} />
            <SupporterPick o={o} field="rooms[0].supporters" value={d.supporters} onChange={(v) => edit((x) => { x.supporters = v; })} />
          </div>
        ) : null}
        {d.mode === 'paired' ? (
          <div class="org-pair">
            <p class="muted small">{ot('pairedLead')}</p>
            <SideFields o={o} s={s} side="lived" rooms={scheduled.filter((r) => !r.audience.includes('family'))} />
            <SideFields o={o} s={s} side="family" rooms={scheduled.filter((r) => r.audience.length === 1 && r.audience[0] === 'family')} />
          </div>
        ) : null}
        <Checks legend={ot('eventAudience')} field="audience" options={audienceOptions()} value={d.audience} faults={s}
          onChange={(v) => edit((x) => { x.audience = v; })} />
        <div class="org-two">
          <TextField label={ot('eventCapacity')} field="capacity" value={d.capacity} inputMode="numeric" faults={s} onInput={(v) => edit((x) => { x.capacity = v; })} />
          <TextField label={ot('eventOpenBefore')} field="open_before_min" value={d.openBefore} inputMode="numeric" faults={s}
            onInput={(v) => edit((x) => { x.openBefore = v; })} />
        </div>
        <SaveNote session={s as EditSession<unknown>} />
        {out && out.undone.length > 0 ? <p class="muted small org-undone" role="status">{ot('undone', { rooms: out.undone.join('、') })}</p> : null}
        {out && out.leftover.length > 0 ? <p class="form-error org-leftover" role="alert">{ot('leftover', { rooms: out.leftover.join('、') })}</p> : null}
        <div class="row-buttons">
          <button type="submit" class="btn btn-primary event-save" disabled={s.state === 'saving'}>{s.state === 'saving' ? ot('saving') : ot('save')}</button>
          <button type="button" class="btn btn-quiet" onClick={() => props.done('')}>{ot('cancel')}</button>
        </div>
        {props.event ? (
          <button type="button" class="btn btn-quiet btn-small event-delete" onClick={() => o.confirm.open({
            text: ot('confirmDelete', { name: title }), doLabel: ot('confirmDo'),
            run: async () => {
              const r = await api.deleteEvent(d.id, s.etag || undefined);
              if (!r.ok) return failureText(r.code, r.message);
              props.done(ot('eventDeleted'));
              return null;
            },
          })}>{ot('eventDelete')}</button>
        ) : null}
      </form>
    </section>
  );
}

function RoomPick(props: { label: string; field: string; rooms: OrgRoom[]; value: string; s: EditSession<EventDraft>; onChange: (v: string) => void }) {
  const opts: [string, string][] = [['', ot('pickRoom')]].concat(props.rooms.map((r) => [r.id, `${pick(r.name).text || r.id}（${r.id}）`])) as [string, string][];
  return <SelectField label={props.label} field={props.field} options={opts} value={props.value} faults={props.s} onChange={props.onChange} />;
}

function SupporterPick(props: { o: OrgCtx; field: string; value: string[]; onChange: (v: string[]) => void }) {
  const list = props.o.data.supporters();
  if (list.length === 0) return <p class="muted small">{ot('eventSupporters')}: {ot('noSupporters')}</p>;
  return <Checks legend={ot('eventSupporters')} field={props.field} options={list.map((x) => [x.id, x.name] as [string, string])}
    value={props.value} onChange={props.onChange} />;
}

function SideFields(props: { o: OrgCtx; s: EditSession<EventDraft>; side: 'lived' | 'family'; rooms: OrgRoom[] }) {
  const s = props.s;
  const side = props.side;
  const v: PairSide = s.draft[side];
  const i = side === 'lived' ? 0 : 1;
  const set = (fn: (p: PairSide) => void) => s.edit((x) => fn(x[side]));
  return (
    <fieldset class={'plain-fieldset card org-side org-side-' + side}>
      <legend class="card-title">{ot(side === 'lived' ? 'side_lived' : 'side_family')}</legend>
      <Radios legend={ot('sideHow')} field={side + '.make'} name={'make-' + side} value={v.make ? 'make' : 'pick'}
        options={[['make', ot('sideMake')], ['pick', ot('sidePick')]]} onChange={(m) => set((p) => { p.make = m === 'make'; })} />
      {v.make ? (
        <div>
          <TextField label={ot('sideRoomId')} field={side + '.id'} value={v.id} required maxLength={48} faults={s} onInput={(x) => set((p) => { p.id = x; })} />
          <Text2Fields label={ot('sideRoomName')} field={side + '.name'} value={v.name} required="both" faults={s} onChange={(x) => set((p) => { p.name = x; })} />
        </div>
      ) : <RoomPick label={ot('eventRoom')} field={`rooms[${i}].room`} rooms={props.rooms} value={v.room} s={s} onChange={(x) => set((p) => { p.room = x; })} />}
      <SupporterPick o={props.o} field={`rooms[${i}].supporters`} value={v.supporters} onChange={(x) => set((p) => { p.supporters = x; })} />
    </fieldset>
  );
}

