// Events (organisers): a week view (phone: one day at a time under a strip of the seven days;
// desktop: seven columns) and a list; an occurrence's details with "cancel this one" (or undo),
// and the form for a new or changed event. All times in the organisation's zone.

import { useEffect, useRef, useState } from 'preact/hooks';
import { lang, pick } from '../../i18n';
import { OrgEvent, isPaired } from '../state/org-records';
import { nextOccurrence, recurrenceWords } from '../state/recurrence';
import { layoutWeek, shiftWeek, weekStart, WeekItem } from '../state/week';
import { addDays, dateKey, dayLabel, hhmm, isoUtc, parseIso, weekdayName, whenLabel } from '../state/zone-time';
import { failureText, ot, zoneName } from '../org-strings';
import { useTitleFocus } from './org-fields';
import { EventForm } from './org-event-form';
import { OrgCtx, OrgScreenProps } from './org-screen';
import { Title, useChanges } from './common';

type Mode = 'week' | 'list';

export function EventsView(props: OrgScreenProps) {
  const o = props.o;
  useChanges(o.data.changes);
  useEffect(() => o.data.ensure(['org', 'events', 'rooms', 'staff']), []);
  const zone = o.data.zone;
  const modePair = useState<Mode>('week');
  const dayPair = useState(dateKey(Date.now(), zone));
  const selPair = useState<{ id: string; start: number } | null>(null);
  const formPair = useState<{ event: OrgEvent | null; etag: string } | null>(null);
  const notePair = useState('');
  const top = useTitleFocus(!!formPair[0]);
  const events = o.data.events;
  const form = formPair[0];

  const openForm = async (id: string | null) => {
    if (!id) return formPair[1]({ event: null, etag: '' });
    const got = await o.data.api.event(id);
    if (got.ok) formPair[1]({ event: got.value, etag: got.etag });
    else notePair[1](failureText(got.code, got.message));
  };
  if (form) {
    return <EventForm o={o} event={form.event} etag={form.etag}
      done={(msg) => { formPair[1](null); notePair[1](msg); if (msg) o.app.announce(msg); o.data.ensure(['events', 'rooms'], true); }} />;
  }
  const sel = selPair[0];
  const selEvent = sel ? events.value.find((e) => e.id === sel.id) : undefined;
  return (
    <section class="screen org-screen org-events" ref={top}>
      <Title>{ot('eventsTitle')}</Title>
      <p class="lead">{ot('eventsLead', { zone: zoneName(zone) })}</p>
      <p class="muted small" role="status">{notePair[0]}</p>
      <div class="org-toolbar">
        <div class="org-switch" role="group" aria-label={ot('eventsTitle')}>
          <button type="button" class="btn btn-small btn-secondary view-week" aria-pressed={modePair[0] === 'week'} onClick={() => modePair[1]('week')}>{ot('viewWeek')}</button>
          <button type="button" class="btn btn-small btn-secondary view-list" aria-pressed={modePair[0] === 'list'} onClick={() => modePair[1]('list')}>{ot('viewList')}</button>
        </div>
        <button type="button" class="btn btn-primary btn-small event-new" onClick={() => void openForm(null)}>{ot('eventNew')}</button>
      </div>
      {events.loading && events.at === 0 ? <p class="muted">{ot('loading')}</p> : null}
      {events.failure ? <p class="form-error" role="alert">{ot('loadFailed', { code: events.failure.code })}</p> : null}
      {modePair[0] === 'week'
        ? <Week o={o} day={dayPair[0]} setDay={dayPair[1]} pickItem={(i) => selPair[1]({ id: i.event.id, start: i.start })} selected={sel} />
        : <EventList o={o} open={(e) => void openForm(e.id)} />}
      {sel && selEvent ? <Occurrence o={o} event={selEvent} start={sel.start} close={() => selPair[1](null)}
        edit={() => void openForm(selEvent.id)} note={(t) => notePair[1](t)} /> : null}
    </section>
  );
}

function Week(props: { o: OrgCtx; day: string; setDay: (d: string) => void; pickItem: (i: WeekItem) => void; selected: { id: string; start: number } | null }) {
  const o = props.o;
  const zone = o.data.zone;
  const l = lang();
  const days = layoutWeek(o.data.events.value, props.day, zone, Date.now());
  const first = weekStart(props.day);
  const range = ot('weekOf', { from: dayLabel(first, l), to: dayLabel(addDays(first, 6), l) });
  return (
    <div class="org-week">
      <div class="org-week-head">
        <button type="button" class="btn btn-quiet btn-small week-prev" onClick={() => props.setDay(shiftWeek(props.day, -1))}>‹ {ot('prevWeek')}</button>
        <h2 class="org-week-range" aria-live="polite">{range}</h2>
        <button type="button" class="btn btn-quiet btn-small week-next" onClick={() => props.setDay(shiftWeek(props.day, 1))}>{ot('nextWeek')} ›</button>
        <button type="button" class="btn btn-quiet btn-small week-today" onClick={() => props.setDay(dateKey(Date.now(), zone))}>{ot('thisWeek')}</button>
      </div>
      <div class="org-day-strip" role="group" aria-label={ot('dayStrip')}>
        {days.map((d) => (
          <button type="button" class={'org-day-pick' + (d.today ? ' is-today' : '')} aria-pressed={d.key === props.day}
            data-day={d.key} onClick={() => props.setDay(d.key)}>
            <span class="org-day-dow">{weekdayName(d.dow, l)}</span>
            <span class="org-day-num">{Number(d.key.slice(8))}</span>
            {d.items.length > 0 ? <span class="org-day-count">{d.items.length}<span class="visually-hidden">{ot('itemsUnit')}</span></span> : null}
          </button>
        ))}
      </div>
      <div class="org-week-grid">
        {days.map((d) => (
          <section class={'org-day' + (d.key === props.day ? ' is-picked' : '') + (d.today ? ' is-today' : '')} data-day={d.key}
            aria-label={dayLabel(d.key, l)}>
            <h3 class="org-day-title">{dayLabel(d.key, l)}{d.today ? <span class="org-tag org-tag-accent">{ot('today')}</span> : null}</h3>
            {d.items.length === 0 ? <p class="muted small">{ot('dayEmpty')}</p> : (
              <ul class="org-day-items">
                {d.items.map((i) => (
                  <li>
                    <button type="button" class={'org-occ' + (i.cancelled ? ' is-cancelled' : '') + (i.paired ? ' is-paired' : '')}
                      data-event={i.event.id} data-start={isoUtc(i.start)}
                      aria-expanded={props.selected?.id === i.event.id && props.selected?.start === i.start}
                      onClick={() => props.pickItem(i)}>
                      <span class="org-occ-time">{i.from}–{i.to}</span>
                      <span class="org-occ-title">{pick(i.event.title).text}</span>
                      <span class="org-tags">
                        {i.cancelled ? <span class="org-tag org-tag-warn">{ot('tagCancelled')}</span> : null}
                        {i.paired ? <span class="org-tag org-tag-accent">{ot('tagPaired')}</span> : null}
                        <span class="org-tag">{i.online ? ot('tagOnline') : ot('tagInPerson')}</span>
                        {i.overnight ? <span class="org-tag">{ot('tagOvernight')}</span> : null}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}

function EventList(props: { o: OrgCtx; open: (e: OrgEvent) => void }) {
  const o = props.o;
  const now = Date.now();
  const l = lang();
  const rows = o.data.events.value.map((e) => ({ e, next: nextOccurrence(e, now) }))
    .sort((a, b) => (a.next?.start ?? Infinity) - (b.next?.start ?? Infinity));
  if (o.data.events.at > 0 && rows.length === 0) return <p class="muted">{ot('eventsNone')}</p>;
  return (
    <ul class="org-list org-event-list">
      {rows.map((r) => (
        <li class="card org-item" data-event={r.e.id}>
          <h2 class="card-title">{pick(r.e.title).text}</h2>
          <p class="muted small">{recurrenceWords(r.e.recurrence, parseIso(r.e.start), r.e.zone, l)}</p>
          <p>{r.next ? ot('nextOn', { when: whenLabel(r.next.start, r.e.zone, l) }) : ot('noNext')}</p>
          <p class="org-tags"><EventTags o={o} e={r.e} /></p>
          <button type="button" class="btn btn-secondary btn-small event-edit" aria-label={`${ot('edit')}: ${pick(r.e.title).text}`}
            onClick={() => props.open(r.e)}>{ot('edit')}</button>
        </li>
      ))}
    </ul>
  );
}

function EventTags(props: { o: OrgCtx; e: OrgEvent }) {
  const e = props.e;
  const roomName = (id: string) => pick(props.o.data.room(id)?.name).text || id;
  if (e.rooms.length === 0) return <span class="org-tag">{ot('tagInPerson')}: {pick(e.place).text}</span>;
  return (
    <span>
      {isPaired(e) ? <span class="org-tag org-tag-accent">{ot('tagPaired')}</span> : null}
      {e.rooms.map((r) => (
        <span class="org-tag">{r.side ? ot(r.side === 'lived' ? 'side_lived' : 'side_family') + ': ' : ''}{roomName(r.room)}</span>
      ))}
    </span>
  );
}

function Occurrence(props: { o: OrgCtx; event: OrgEvent; start: number; close: () => void; edit: () => void; note: (t: string) => void }) {
  const o = props.o;
  const e = props.event;
  const l = lang();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, [props.start, e.id]);
  const startIso = isoUtc(props.start);
  const cancelled = e.cancelled.some((c) => parseIso(c) === props.start);
  const when = whenLabel(props.start, e.zone, l);
  const end = parseIso(e.end) - parseIso(e.start) + props.start;
  const toggle = async (undo: boolean) => {
    const r = await o.data.api.cancelOccurrence(e.id, startIso, undo);
    if (!r.ok) return failureText(r.code, r.message);
    props.note(ot(undo ? 'occUncancelled' : 'occCancelled'));
    o.app.announce(ot(undo ? 'occUncancelled' : 'occCancelled'));
    o.data.ensure(['events'], true);
    return null;
  };
  return (
    <div class="card org-occ-detail" role="region" aria-label={ot('occTitle', { title: pick(e.title).text, when })} tabIndex={-1} ref={box}>
      <h2 class="card-title">{pick(e.title).text}</h2>
      <p>{when}–{hhmm(end, e.zone)}{cancelled ? <span class="org-tag org-tag-warn">{ot('tagCancelled')}</span> : null}</p>
      <p class="muted small">{recurrenceWords(e.recurrence, parseIso(e.start), e.zone, l)}</p>
      {pick(e.description).text ? <p>{pick(e.description).text}</p> : null}
      <p class="org-tags"><EventTags o={o} e={e} /></p>
      <div class="row-buttons">
        <button type="button" class="btn btn-secondary btn-small occ-edit" onClick={props.edit}>{ot('edit')}</button>
        {cancelled
          ? <button type="button" class="btn btn-secondary btn-small occ-uncancel" onClick={() => void toggle(true).then((p) => p && props.note(p))}>{ot('occUncancel')}</button>
          : <button type="button" class="btn btn-secondary btn-small occ-cancel" onClick={() => o.confirm.open({
            text: ot('occCancelConfirm', { when }), doLabel: ot('occCancelDo'), run: () => toggle(false),
          })}>{ot('occCancel')}</button>}
        <button type="button" class="btn btn-quiet btn-small occ-close" onClick={props.close}>{ot('close')}</button>
      </div>
    </div>
  );
}
