// The queues, for all of a supporter's rooms (home) or one room: open reports, asks waiting for
// a one to one, joiners held by the shield, and reviews after a mute lifted. Each shows how
// long it has waited; the oldest comes first.

import { Key, t } from '../../i18n';
import { Report, reportReasons } from '../../protocol';
import { StaffContext } from '../context';
import { errText, st } from '../strings';
import { choiceText, roomName, useChanges, useTick, waitedText } from './common';

function reasonText(ctx: StaffContext, id: string): string {
  const c = ctx.staff.reasons.find((r) => r.id === id);
  if (c) return choiceText(c);
  return (reportReasons as readonly string[]).includes(id) ? t(('reason_' + id) as Key) : id;
}

export function ReportCard(props: { ctx: StaffContext; r: Report; showRoom: boolean }) {
  const ctx = props.ctx;
  const r = props.r;
  const showRoom = props.showRoom;
  const close = (outcome: 'resolved' | 'dismissed') => ctx.dialogs.open({
    kind: 'reason', title: st(outcome === 'resolved' ? 'dlg_resolve' : 'dlg_dismiss'),
    run: (v) => ctx.queues.resolve(r.id, outcome, v.reason),
  });
  return (
    <li class="queue-item report-item" data-report={r.id}>
      <p class="queue-meta">
        {showRoom ? <span class="tag">{roomName(ctx, r.room)}</span> : null}
        <span class="tag tag-alert">{reasonText(ctx, r.reason)}</span>
        <span class="muted">{waitedText(ctx, r)}</span>
      </p>
      <p class="queue-about">{st('reportAbout', { nick: r.nick })}</p>
      {r.text ? <blockquote class="queue-quote">{r.text}</blockquote> : null}
      {r.note ? <p class="small"><span class="muted">{st('reportNoteLabel')}: </span>{r.note}</p> : null}
      <div class="row-buttons">
        <button type="button" class="btn btn-secondary btn-small report-resolve" onClick={() => close('resolved')}>{st('reportResolve')}</button>
        <button type="button" class="btn btn-quiet btn-small report-dismiss" onClick={() => close('dismissed')}>{st('reportDismiss')}</button>
        <button type="button" class="btn btn-quiet btn-small" onClick={() => ctx.dialogs.open({
          kind: 'reason', title: st('dlg_hide'), run: (v) => ctx.actions.hide(r.room, r.seq, v.reason, v.note),
        })}>{st('reportHide')}</button>
      </div>
    </li>
  );
}

export function QueueList(props: { ctx: StaffContext; room?: string }) {
  const ctx = props.ctx;
  const room = props.room;
  useChanges(ctx.queues.changes, ctx.app.session.privateWord.changes);
  useTick(30000);
  const q = ctx.queues;
  const reports = q.reports(room);
  const asks = q.asks(room);
  const held = q.held.filter((w) => !room || w.room === room);
  const reviews = q.reviews.filter((w) => !room || w.room === room);
  const threads = ctx.app.session.privateWord.threads().filter((th) => th.me === 'staff' && (!room || th.room === room));
  const accept = async (id: string) => {
    const o = await ctx.app.session.privateWord.accept(id);
    if (o.ok || o.code === 'no_such_ask') q.takeAsk(id);
    if (!o.ok) ctx.app.announce(errText(o.code));
  };
  if (reports.length + asks.length + held.length + reviews.length + threads.length === 0) {
    return <p class="muted queue-empty">{st('queueEmpty')}</p>;
  }
  return (
    <div class="queues">
      {threads.length > 0 ? (
        <section aria-label={st('threadsTitle')}>
          <h2 class="panel-title">{st('threadsTitle')}</h2>
          <ul class="queue">{threads.map((th) => (
            <li class="queue-item">
              <button type="button" class="btn btn-secondary btn-small thread-open"
                onClick={() => ctx.go('staff-thread', { thread: th.id })}>{st('threadTitle', { nick: th.nick })}</button>
            </li>))}
          </ul>
        </section>) : null}
      {asks.length > 0 ? (
        <section>
          <h2 class="panel-title">{st('asksTitle')}</h2>
          <ul class="queue">{asks.map((a) => (
            <li class="queue-item ask-item" data-ask={a.id}>
              <p class="queue-meta">
                {!room ? <span class="tag">{roomName(ctx, a.room)}</span> : null}
                <span class="queue-about">{a.nick}</span> <span class="muted">{waitedText(ctx, a)}</span>
              </p>
              <button type="button" class="btn btn-primary btn-small ask-accept" onClick={() => void accept(a.id)}>{st('askAccept')}</button>
            </li>))}
          </ul>
        </section>) : null}
      {reports.length > 0 ? (
        <section>
          <h2 class="panel-title">{st('reportsTitle')}</h2>
          <ul class="queue">{reports.map((r) => <ReportCard ctx={ctx} r={r} showRoom={!room} />)}</ul>
        </section>) : null}
      {held.length > 0 ? (
        <section>
          <h2 class="panel-title">{st('heldTitle')}</h2>
          <ul class="queue">{held.map((w) => (
            <li class="queue-item">
              <span class="queue-about">{w.nick}</span>{' '}
              <button type="button" class="btn btn-secondary btn-small" onClick={async () => {
                const o = await ctx.actions.admit(w.room, w.member);
                if (o.ok) q.admitted(w.room, w.member);
                else ctx.app.announce(errText(o.code));
              }}>{st('admit')}</button>
            </li>))}
          </ul>
        </section>) : null}
      {reviews.length > 0 ? (
        <section>
          <h2 class="panel-title">{st('reviewsTitle')}</h2>
          <ul class="queue">{reviews.map((r) => (
            <li class="queue-item">
              <span>{st('reviewText', { nick: r.nick, reason: reasonText(ctx, r.reason ?? '') })}</span>{' '}
              <button type="button" class="btn btn-quiet btn-small" onClick={() => q.dismissReview(r)}>{st('alertDismiss')}</button>
            </li>))}
          </ul>
        </section>) : null}
    </div>
  );
}
