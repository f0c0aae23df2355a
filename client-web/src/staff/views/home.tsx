// "My rooms": the rooms this supporter looks after (from /api/me; organisers: every room of the
// room list) with live counts and what waits in each, the queues of all of them, the alerts,
// the alert settings, and logging out here or everywhere.

import { useEffect } from 'preact/hooks';
import { pick } from '../../i18n';
import { RoomInfo } from '../../protocol';
import { StaffContext } from '../context';
import { st } from '../strings';
import { Title, useChanges } from './common';
import { AlertSettings } from './alerts';
import { QueueList } from './queue';

export function myRooms(ctx: StaffContext): RoomInfo[] {
  const me = ctx.staff.me;
  const all = ctx.app.session.rooms ?? [];
  if (!me) return [];
  if (me.role === 'organiser') return all;
  return all.filter((r) => me.rooms.includes(r.id));
}

export function Home(props: { ctx: StaffContext }) {
  const ctx = props.ctx;
  useChanges(ctx.app.session.changes, ctx.queues.changes, ctx.staff.changes);
  const me = ctx.staff.me;
  const rooms = myRooms(ctx);
  useEffect(() => {
    ctx.app.askRooms();
    const timer = setInterval(ctx.app.askRooms, 20000);
    return () => clearInterval(timer);
  }, []);
  const ids = rooms.map((r) => r.id).join(',');
  useEffect(() => {
    for (const r of rooms) {
      const q = encodeURIComponent(r.id);
      void ctx.staff.call('GET', `/api/reports?room=${q}`).then((a) => ctx.queues.loadReports(a));
      void ctx.staff.call('GET', `/api/asks?room=${q}`).then((a) => ctx.queues.loadAsks(a));
    }
  }, [ids]);
  return (
    <section class="screen staff-home">
      <Title>{st('homeTitle')}</Title>
      {me ? <p class="lead">{st('homeHello', { name: me.name, role: st(me.role === 'organiser' ? 'role_organiser' : 'role_supporter') })}</p> : null}
      <p class="muted small">{st('onDutyNote')}</p>
      {me && me.role === 'organiser' ? <a class="btn btn-secondary org-open" href="#/staff/org/events">{st('homeOrg')}</a> : null}
      {rooms.length === 0 ? <p class="muted">{st('homeNoRooms')}</p> : (
        <ul class="room-cards staff-rooms">
          {rooms.map((r) => {
            const c = ctx.queues.counts(r.id);
            return (
              <li class="room-card" data-room={r.id}>
                <h2 class="room-name">{pick(r.name).text}</h2>
                <p class="room-meta">
                  <span>{st('homeCounts', { n: r.members, s: r.staff ?? 0 })}</span>
                  {c.reports > 0 ? <span class="tag-alert">{st('homeOpenReports', { n: c.reports })}</span> : null}
                  {c.asks > 0 ? <span class="tag-alert">{st('homeWaitingAsks', { n: c.asks })}</span> : null}
                  {c.held > 0 ? <span class="tag-alert">{st('homeHeld', { n: c.held })}</span> : null}
                  {ctx.queues.openSafety(r.id) > 0 ? <span class="tag-alert">{st('homeAlerts', { n: ctx.queues.openSafety(r.id) })}</span> : null}
                </p>
                <button type="button" class="btn btn-primary btn-small staff-enter" data-room={r.id}
                  onClick={() => ctx.go('staff-room', { room: r.id })}>{st('homeEnter')}</button>
              </li>
            );
          })}
        </ul>
      )}
      <h2 class="group-title">{st('homeQueues')}</h2>
      <QueueList ctx={ctx} />
      <AlertSettings />
      <div class="row-buttons staff-logout">
        <button type="button" class="btn btn-secondary" onClick={() => void ctx.staff.logout()}>{st('logout')}</button>
        <button type="button" class="btn btn-quiet" onClick={() => {
          if (window.confirm(st('logoutAllConfirm'))) void ctx.staff.logout(true);
        }}>{st('logoutAll')}</button>
      </div>
    </section>
  );
}
