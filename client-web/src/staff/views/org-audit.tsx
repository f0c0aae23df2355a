// The audit log (organisers): filters by action, room, staff member and date range (days in
// the organisation's zone), newest first, a page at a time ("show more").

import { useEffect, useState } from 'preact/hooks';
import { lang, pick } from '../../i18n';
import { AuditFilter } from '../state/org-api';
import { AuditEntry } from '../state/org-records';
import { addDays, dayStart, isoUtc, parseDateKey, whenLabel } from '../state/zone-time';
import { actionName, auditActions, failureText, ot } from '../org-strings';
import { SelectField, TextField } from './org-fields';
import { OrgScreenProps } from './org-screen';
import { Title, useChanges } from './common';

interface Form {
  action: string;
  room: string;
  staff: string;
  from: string; // YYYY-MM-DD
  to: string;
}

const blank: Form = { action: '', room: '', staff: '', from: '', to: '' };

export function AuditView(props: OrgScreenProps) {
  const o = props.o;
  useChanges(o.data.changes);
  useEffect(() => o.data.ensure(['org', 'rooms', 'staff']), []);
  const formPair = useState<Form>(blank);
  const appliedPair = useState<Form>(blank);
  const itemsPair = useState<AuditEntry[]>([]);
  const nextPair = useState<string | null>(null);
  const statePair = useState<'loading' | 'idle' | 'failed'>('loading');
  const errPair = useState('');
  const f = formPair[0];
  const zone = o.data.zone;

  const filterOf = (x: Form): AuditFilter => {
    const day = (k: string, plus: number) => (parseDateKey(k) ? isoUtc(dayStart(addDays(k, plus), zone)) : undefined);
    return { action: x.action || undefined, room: x.room || undefined, staff: x.staff || undefined, from: day(x.from, 0), to: day(x.to, 1) };
  };
  const load = async (x: Form, before: string | null) => {
    statePair[1]('loading');
    const r = await o.data.api.audit(filterOf(x), before);
    if (!r.ok) {
      statePair[1]('failed');
      errPair[1](failureText(r.code, r.message));
      return;
    }
    statePair[1]('idle');
    itemsPair[1]((before ? itemsPair[0] : []).concat(r.value.items));
    nextPair[1](r.value.next);
  };
  useEffect(() => { void load(blank, null); }, []);
  const apply = (e: Event) => {
    e.preventDefault();
    appliedPair[1](f);
    void load(f, null);
  };
  const set = (k: keyof Form) => (v: string) => formPair[1]({ ...f, [k]: v });
  const roomOpts: [string, string][] = [['', ot('auditAny')] as [string, string]].concat(o.data.rooms.value.map((r) => [r.id, pick(r.name).text || r.id] as [string, string]));
  const staffOpts: [string, string][] = [['', ot('auditAny')] as [string, string]].concat(o.data.staff.value.map((s) => [s.name, s.name] as [string, string]));
  const actionOpts: [string, string][] = [['', ot('auditAny')] as [string, string]].concat(auditActions.map((a) => [a, actionName(a)] as [string, string]));
  const items = itemsPair[0];
  const l = lang();
  const at = (e: AuditEntry) => {
    const ms = Date.parse(e.at.length === 17 ? e.at.replace('Z', ':00Z') : e.at);
    return Number.isFinite(ms) ? whenLabel(ms, zone, l) : e.at;
  };
  return (
    <section class="screen org-screen org-audit">
      <Title>{ot('auditTitle')}</Title>
      <p class="lead">{ot('auditLead')}</p>
      <form class="card org-filters" onSubmit={apply} noValidate>
        <div class="org-filter-grid">
          <SelectField label={ot('auditAction')} field="action" options={actionOpts} value={f.action} onChange={set('action')} />
          <SelectField label={ot('auditRoom')} field="room" options={roomOpts} value={f.room} onChange={set('room')} />
          <SelectField label={ot('auditStaff')} field="staff" options={staffOpts} value={f.staff} onChange={set('staff')} />
          <TextField label={ot('auditFrom')} field="from" type="date" value={f.from} onInput={set('from')} />
          <TextField label={ot('auditTo')} field="to" type="date" value={f.to} onInput={set('to')} />
        </div>
        <div class="row-buttons">
          <button type="submit" class="btn btn-primary btn-small audit-apply">{ot('auditApply')}</button>
          <button type="button" class="btn btn-quiet btn-small audit-clear" onClick={() => { formPair[1](blank); appliedPair[1](blank); void load(blank, null); }}>{ot('auditClear')}</button>
        </div>
      </form>
      {statePair[0] === 'failed' ? <p class="form-error" role="alert">{errPair[0]}</p> : null}
      <p class="muted small" role="status" aria-live="polite">
        {statePair[0] === 'loading' ? ot('loading') : items.length === 0 ? ot('auditNone') : ot('auditCount', { n: items.length })}
      </p>
      {items.length > 0 ? (
        <table class="org-table">
          <thead>
            <tr>
              <th scope="col">{ot('auditWhen')}</th><th scope="col">{ot('auditAction')}</th><th scope="col">{ot('auditStaff')}</th>
              <th scope="col">{ot('auditRoom')}</th><th scope="col">{ot('auditMember')}</th><th scope="col">{ot('auditReason')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr data-entry={e.id}>
                <td data-label={ot('auditWhen')}>{at(e)}</td>
                <td data-label={ot('auditAction')}>{actionName(e.action)}</td>
                <td data-label={ot('auditStaff')}>{e.staff}</td>
                <td data-label={ot('auditRoom')}>{e.room ? pick(o.data.room(e.room)?.name).text || e.room : ''}</td>
                <td data-label={ot('auditMember')}>{e.member}</td>
                <td data-label={ot('auditReason')}>{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {nextPair[0] ? (
        <button type="button" class="btn btn-secondary audit-more" disabled={statePair[0] === 'loading'}
          onClick={() => void load(appliedPair[0], nextPair[0])}>{ot('auditMore')}</button>
      ) : null}
    </section>
  );
}
