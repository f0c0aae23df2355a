// A supporter in a room: the room's own log and dock (the participant's RoomScreen, with tools
// added to each message's menu and to each tombstone), the people with the ladder of actions
// and their standing, the room's settings, and this room's queue. Tabs, because a phone has
// room for one of these at a time; the log stays mounted so its scroll and draft stay put.

import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { h as el } from '../../dom';
import { pick, t } from '../../i18n';
import { Badge } from '../../protocol';
import { RoomStore, Tombstone } from '../../state/room-store';
import { RoomScreen } from '../../views/room/room-screen';
import { StaffLogTools } from '../../views/room/room-log';
import { StaffContext } from '../context';
import { Control, StandingAnswer, unhideWindowMs } from '../state/actions';
import { errText, st, StaffKey } from '../strings';
import { useChanges, useId } from './common';
import { QueueList } from './queue';

type Tab = 'log' | 'people' | 'controls' | 'queue';
const tabs: [Tab, StaffKey][] = [['log', 'tabLog'], ['people', 'tabPeople'], ['controls', 'tabControls'], ['queue', 'tabQueue']];

interface Person { member: string; nick: string; badge?: Badge }

// Everyone the supporter can act on: the member list (rooms that show names) and whoever wrote
// in the log, without other staff and without oneself.
export function peopleOf(store: RoomStore): Person[] {
  const seen = new Map<string, Person>();
  for (const m of store.presence?.members ?? []) seen.set(m.member, { member: m.member, nick: m.nick, badge: m.badge });
  for (const it of store.items) {
    if ((it.kind === 'message' || it.kind === 'stamp') && !seen.has(it.ev.from)) {
      seen.set(it.ev.from, { member: it.ev.from, nick: it.ev.nick, badge: it.ev.badge });
    }
  }
  return Array.from(seen.values()).filter((p) => !p.badge && !store.isMine(p.member));
}

function logTools(ctx: StaffContext, room: string, showQueue: () => void): StaffLogTools {
  return {
    // Issue 12: the server masked contact details in this message (staff copies say so).
    messageMark: (ev) => (ev.shielded ? el('span', { class: 'shield-mark', text: st('shielded') }) : null),
    messageTools: (ev, close) => {
      const out: HTMLElement[] = [el('button', {
        type: 'button', class: 'btn btn-secondary btn-small staff-hide', text: st('msgHide'),
        onclick: () => {
          ctx.dialogs.open({ kind: 'reason', title: st('dlg_hide'), run: (v) => ctx.actions.hide(room, ev.seq, v.reason, v.note) });
          close();
        },
      })];
      if (ctx.queues.reports(room).some((r) => r.seq === ev.seq)) {
        out.push(el('button', { type: 'button', class: 'btn btn-quiet btn-small', text: st('msgReportDetails'), onclick: showQueue }));
      }
      return out;
    },
    tombstoneTools: (item: Tombstone) => {
      const box = el('span', { class: 'tomb-tools' });
      if (item.original && item.original.type === 'message') {
        box.appendChild(el('details', { class: 'tomb-original' },
          el('summary', { text: st('tombShowOriginal') }), el('span', { text: `${item.original.nick}: ${item.original.text}` })));
      }
      if (Date.now() - item.hiddenAt < unhideWindowMs) {
        box.appendChild(el('button', {
          type: 'button', class: 'btn btn-secondary btn-small staff-unhide', text: st('tombUnhide'),
          onclick: async () => {
            const o = await ctx.actions.unhide(room, item.seq);
            ctx.app.announce(o.ok ? st('done') : errText(o.code));
          },
        }));
      }
      return box.childNodes.length > 0 ? box : null;
    },
  };
}

// A safety alert's link lands here with the message's seq: it is scrolled to and outlined once
// it is in the log (history may still be on its way).
function showTarget(host: HTMLElement, seq: string | undefined): boolean {
  if (!seq) return true;
  const li = host.querySelector<HTMLElement>(`.log li[data-seq="${CSS.escape(seq)}"]`);
  if (!li) return false;
  host.querySelectorAll('.log li.is-target').forEach((x) => x.classList.remove('is-target'));
  li.classList.add('is-target');
  li.scrollIntoView({ block: 'center' });
  return true;
}

export function StaffRoom(props: { ctx: StaffContext; room: string; tab?: string; seq?: string }) {
  const ctx = props.ctx;
  const room = props.room;
  const tab = props.tab;
  const seq = props.seq;
  const session = ctx.app.session;
  useChanges(session.changes, ctx.queues.changes);
  const bump = useReducer((n: number) => n + 1, 0)[1];
  const currentPair = useState<Tab>((tabs.find((x) => x[0] === tab)?.[0]) ?? 'log');
  const current = currentPair[0];
  const setTab = currentPair[1];
  const store = session.room(room);
  const info = store?.info ?? session.rooms?.find((r) => r.id === room);
  const logHost = useRef<HTMLDivElement>(null);
  const tabsId = useId('tabs');

  // Sit in the room as staff (the server uses the display name and adds the badge). The seat is
  // read now, not from this render: a `joined` may have come in between, and a second join would
  // only earn `already_in_room`.
  useEffect(() => {
    if (session.room(room) || session.isJoining(room) || !info || !ctx.staff.me) return;
    session.join(info, { nick: ctx.staff.me.name, listening: false, affirmed: true });
  });
  useEffect(() => {
    if (!store || !logHost.current) return;
    const screen = new RoomScreen(store, {
      session,
      announce: ctx.app.announce,
      leave: (id) => { session.leave(id); ctx.go('staff'); },
      toRooms: (id) => { session.forget(id); ctx.go('staff'); },
      staff: logTools(ctx, room, () => setTab('queue')),
    });
    logHost.current.appendChild(screen.el);
    const host = logHost.current;
    let found = showTarget(host, seq);
    const off = store.changes.on((c) => {
      if (c.type === 'presence' || c.type === 'status' || c.type === 'item' || c.type === 'joined') bump(0);
      if (!found && c.type === 'item') found = showTarget(host, seq);
    });
    return () => {
      off();
      screen.dispose();
      screen.el.remove();
    };
  }, [store]);

  const counts = ctx.queues.counts(room);
  const waiting = counts.reports + counts.asks + counts.held;
  return (
    <div class="staff-room">
      <div class="staff-room-head">
        <div class="room-head-row">
          <button type="button" class="btn btn-quiet room-leave" onClick={() => ctx.go('staff')}>{st('backHome')}</button>
          <h1 id={tabsId + '-h'} class="room-title" tabIndex={-1}>{info ? pick(info.name).text : room}</h1>
        </div>
        <div class="staff-tabs" role="tablist" aria-label={st('staffTitle')}>
          {tabs.map((x) => { const k = x[0]; const label = x[1]; return (
            <button type="button" role="tab" id={`${tabsId}-${k}`} aria-selected={current === k ? 'true' : 'false'}
              aria-controls={`${tabsId}-${k}-panel`} class={`staff-tab tab-${k}`} onClick={() => setTab(k)}>
              {st(label)}{k === 'queue' && waiting > 0 ? <span class="count-badge">{waiting}</span> : null}
            </button>
          ); })}
        </div>
      </div>
      <div id={`${tabsId}-log-panel`} role="tabpanel" aria-labelledby={`${tabsId}-log`} class="staff-log-host" ref={logHost} hidden={current !== 'log'}>
        {!store ? <p class="muted staff-joining">{info ? st('roomJoining') : st('roomMissing')}</p> : null}
      </div>
      {current === 'people' ? (
        <div id={`${tabsId}-people-panel`} role="tabpanel" aria-labelledby={`${tabsId}-people`} class="staff-panel">
          {store ? <People ctx={ctx} store={store} /> : null}
        </div>) : null}
      {current === 'controls' ? (
        <div id={`${tabsId}-controls-panel`} role="tabpanel" aria-labelledby={`${tabsId}-controls`} class="staff-panel">
          {store ? <Controls ctx={ctx} store={store} /> : null}
        </div>) : null}
      {current === 'queue' ? (
        <div id={`${tabsId}-queue-panel`} role="tabpanel" aria-labelledby={`${tabsId}-queue`} class="staff-panel">
          <QueueList ctx={ctx} room={room} />
        </div>) : null}
    </div>
  );
}

function People(props: { ctx: StaffContext; store: RoomStore }) {
  const ctx = props.ctx;
  const store = props.store;
  const people = peopleOf(store);
  return (
    <div>
      <p class="muted small">{st('peopleLead')}</p>
      {people.length === 0 ? <p class="muted">{st('peopleEmpty')}</p> : (
        <ul class="people-list staff-people">{people.map((p) => <PersonRow key={p.member} ctx={ctx} store={store} p={p} />)}</ul>
      )}
    </div>
  );
}

const suggestKey: Record<string, StaffKey> = { remind: 'actRemind', mute: 'actMute', remove: 'actRemove', ban: 'actBan' };

function PersonRow(props: { ctx: StaffContext; store: RoomStore; p: Person }) {
  const ctx = props.ctx;
  const store = props.store;
  const p = props.p;
  const standingPair = useState<StandingAnswer | null>(null);
  const standing = standingPair[0];
  const setStanding = standingPair[1];
  const openPair = useState(false);
  const open = openPair[0];
  const setOpen = openPair[1];
  const notePair = useState('');
  const note = notePair[0];
  const setNote = notePair[1];
  const saidPair = useState('');
  const said = saidPair[0];
  const setSaid = saidPair[1];
  const noteId = useId('note');
  const room = store.id;
  const a = ctx.actions;
  const loadStanding = async () => {
    const s = await a.standing(room, p.member);
    setStanding(s);
    setNote(s?.standing.note ?? '');
  };
  const toggle = () => {
    if (!open) void loadStanding();
    setOpen(!open);
  };
  const ask = (kind: 'remind' | 'mute' | 'remove' | 'ban') => ctx.dialogs.open({
    kind, title: st(`dlg_${kind}` as StaffKey, { nick: p.nick }),
    run: async (v) => {
      const o = kind === 'remind' ? await a.remind(room, p.member, v.template, v.text)
        : kind === 'mute' ? await a.mute(room, p.member, v.minutes, v.reason, v.note)
          : kind === 'remove' ? await a.remove(room, p.member, v.minutes, v.reason, v.note)
            : await a.ban(room, p.member, v.hours, v.reason, v.note);
      if (o.ok && open) void loadStanding();
      return o;
    },
  });
  const s = standing?.standing;
  return (
    <li class="person staff-person" data-member={p.member}>
      <span class="person-nick">{p.nick}</span>
      <span class="row-buttons">
        <button type="button" class="btn btn-secondary btn-small act-remind" onClick={() => ask('remind')}>{st('actRemind')}</button>
        <button type="button" class="btn btn-secondary btn-small act-mute" onClick={() => ask('mute')}>{st('actMute')}</button>
        <button type="button" class="btn btn-secondary btn-small act-remove" onClick={() => ask('remove')}>{st('actRemove')}</button>
        <button type="button" class="btn btn-secondary btn-small act-ban" onClick={() => ask('ban')}>{st('actBan')}</button>
        <button type="button" class="btn btn-quiet btn-small act-standing" aria-expanded={open ? 'true' : 'false'} onClick={toggle}>{st('actStanding')}</button>
      </span>
      {open ? (
        <div class="standing card quiet">
          {standing ? <p class="standing-suggest"><strong>{st('suggestNext', { action: st(suggestKey[standing.suggest] ?? 'actRemind') })}</strong></p> : null}
          <p class="small">{s && (s.reminders || s.mutes || s.removes || s.bans)
            ? st('standingCounts', { r: s.reminders ?? 0, m: s.mutes ?? 0, x: s.removes ?? 0, b: s.bans ?? 0 })
            : st('standingNone')}</p>
          <label for={noteId} class="field-hint">{st('standingNote')}</label>
          <textarea id={noteId} class="text-input" rows={2} maxLength={300} value={note}
            onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
          <div class="row-buttons">
            <button type="button" class="btn btn-secondary btn-small" onClick={async () => {
              const o = await a.standingNote(room, p.member, note);
              setSaid(o.ok ? st('saved') : errText(o.code));
            }}>{st('standingSave')}</button>
            <span role="status" class="small">{said}</span>
          </div>
        </div>
      ) : null}
    </li>
  );
}

function Controls(props: { ctx: StaffContext; store: RoomStore }) {
  const ctx = props.ctx;
  const store = props.store;
  const info = store.info;
  const room = store.id;
  const ask = (control: Control) => ctx.dialogs.open({
    kind: control === 'pin' ? 'pin' : control === 'slow_mode' ? 'slow' : 'reason',
    title: st('dlg_control', { what: st(`ctl_${control}` as StaffKey) }),
    initialSeconds: info.slow_mode_s || 30,
    run: (v) => ctx.actions.control(room, control, v.reason, { seconds: v.seconds, text: v.text }),
  });
  const state = ['open', 'locked', 'paused', 'closed'].includes(info.state) ? info.state : 'open';
  const pair = (on: boolean, a: Control, b: Control) => (
    <button type="button" class={`btn btn-secondary ctl ctl-${on ? b : a}`} onClick={() => ask(on ? b : a)}>{st(`ctl_${on ? b : a}` as StaffKey)}</button>
  );
  return (
    <div class="staff-controls">
      <p><strong>{st('controlsState', { state: st(`state_${state}` as StaffKey) })}</strong>
        {info.slow_mode_s > 0 ? <span> · {t('roomSlowMode', { s: info.slow_mode_s })}</span> : null}
        {info.shield ? <span> · {st('shieldOn')}</span> : null}
        {info.supporter_present ? <span> · {st('supporterPresentOn')}</span> : null}
      </p>
      {info.pin ? <p class="room-pin">{t('roomPinned')}: {info.pin}</p> : null}
      <div class="control-grid">
        <button type="button" class="btn btn-secondary ctl ctl-slow_mode" onClick={() => ask('slow_mode')}>{st('ctl_slow_mode')}</button>
        {pair(state === 'locked', 'lock', 'unlock')}
        {pair(state === 'paused', 'pause', 'resume')}
        {pair(state === 'closed', 'close', 'open')}
        <button type="button" class="btn btn-secondary ctl ctl-pin" onClick={() => ask('pin')}>{st('ctl_pin')}</button>
        {info.pin ? <button type="button" class="btn btn-secondary ctl ctl-unpin" onClick={() => ask('unpin')}>{st('ctl_unpin')}</button> : null}
        {pair(info.shield === true, 'shield_on', 'shield_off')}
        {pair(info.supporter_present === true, 'supporter_present_on', 'supporter_present_off')}
      </div>
    </div>
  );
}
