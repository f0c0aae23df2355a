// Supporters (organisers): the organisation's staff accounts, an invitation link to copy (the
// rooms the new supporter will look after chosen first), deactivating an account (confirmed),
// and changing the rooms someone looks after.

import { useEffect, useRef, useState } from 'preact/hooks';
import { lang, pick } from '../../i18n';
import { Invitation } from '../state/org-api';
import { StaffAccount } from '../state/org-records';
import { whenLabel } from '../state/zone-time';
import { failureText, ot } from '../org-strings';
import { Checks } from './org-fields';
import { OrgCtx, OrgScreenProps } from './org-screen';
import { Title, useChanges } from './common';

function roomOptions(o: OrgCtx): [string, string][] {
  return o.data.rooms.value.map((r) => [r.id, pick(r.name).text || r.id]);
}

export function SupportersView(props: OrgScreenProps) {
  const o = props.o;
  useChanges(o.data.changes);
  useEffect(() => o.data.ensure(['org', 'staff', 'rooms']), []);
  const notePair = useState('');
  const staff = o.data.staff;
  return (
    <section class="screen org-screen org-supporters">
      <Title>{ot('supportersTitle')}</Title>
      <p class="lead">{ot('supportersLead')}</p>
      <InviteBox o={o} />
      <p class="muted small" role="status">{notePair[0]}</p>
      {staff.loading && staff.at === 0 ? <p class="muted">{ot('loading')}</p> : null}
      {staff.failure ? <p class="form-error" role="alert">{ot('loadFailed', { code: staff.failure.code })}</p> : null}
      {staff.at > 0 && staff.value.length === 0 ? <p class="muted">{ot('staffNone')}</p> : null}
      <ul class="org-list">
        {staff.value.map((a) => <StaffRow o={o} a={a} note={notePair[1]} />)}
      </ul>
    </section>
  );
}

function InviteBox(props: { o: OrgCtx }) {
  const o = props.o;
  const roomsPair = useState<string[]>([]);
  const invPair = useState<Invitation | null>(null);
  const errPair = useState('');
  const copiedPair = useState('');
  const busyPair = useState(false);
  const linkRef = useRef<HTMLInputElement>(null);
  const inv = invPair[0];
  useEffect(() => {
    if (inv) linkRef.current?.focus();
  }, [inv]);
  const make = async (e: Event) => {
    e.preventDefault();
    busyPair[1](true);
    errPair[1]('');
    copiedPair[1]('');
    const r = await o.data.api.invite(roomsPair[0]);
    busyPair[1](false);
    if (r.ok) invPair[1](r.value);
    else errPair[1](failureText(r.code, r.message));
  };
  const absolute = inv ? new URL(inv.link, location.origin).href : '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(absolute);
      copiedPair[1](ot('copied'));
    } catch {
      linkRef.current?.select();
      copiedPair[1](ot('copyHand'));
    }
  };
  return (
    <form class="card org-invite" onSubmit={make} noValidate>
      <Checks legend={ot('inviteRooms')} field="rooms" options={roomOptions(o)} value={roomsPair[0]} onChange={roomsPair[1]} />
      <button type="submit" class="btn btn-primary invite-make" disabled={busyPair[0]}>{ot('inviteMake')}</button>
      <p class="form-error" role="alert">{errPair[0]}</p>
      {inv ? (
        <div class="field org-invite-link">
          <label class="field-label" for="org-invite-link">{ot('inviteLink', { until: whenLabel(inv.expires_ms, o.data.zone, lang()) })}</label>
          <div class="org-copy-row">
            <input id="org-invite-link" class="text-input invite-link" readOnly value={absolute} ref={linkRef} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
            <button type="button" class="btn btn-secondary invite-copy" onClick={() => void copy()}>{ot('copy')}</button>
          </div>
          <p class="muted small" role="status">{copiedPair[0]}</p>
        </div>
      ) : null}
    </form>
  );
}

function StaffRow(props: { o: OrgCtx; a: StaffAccount; note: (t: string) => void }) {
  const o = props.o;
  const a = props.a;
  const assignPair = useState<string[] | null>(null);
  const errPair = useState('');
  const roomName = (id: string) => pick(o.data.room(id)?.name).text || id;
  const me = o.ctx.staff.me;
  const save = async (e: Event) => {
    e.preventDefault();
    const r = await o.data.api.setStaffRooms(a.id, assignPair[0] ?? []);
    if (!r.ok) return errPair[1](failureText(r.code, r.message));
    assignPair[1](null);
    errPair[1]('');
    props.note(ot('saved'));
    o.data.ensure(['staff'], true);
  };
  return (
    <li class={'card org-item org-staff' + (a.active ? '' : ' is-inactive')} data-staff={a.id}>
      <h2 class="card-title">{a.name} <span class="muted small">{ot(a.role === 'organiser' ? 'role_organiser' : 'role_supporter')}</span></h2>
      <p class="org-tags">
        {a.active ? null : <span class="org-tag org-tag-warn">{ot('staffInactive')}</span>}
        {a.must_change ? <span class="org-tag">{ot('staffMustChange')}</span> : null}
        {a.totp ? <span class="org-tag">{ot('staffTotp')}</span> : null}
      </p>
      <p class="small">{a.rooms.length > 0 ? ot('staffRooms', { rooms: a.rooms.map(roomName).join('、') }) : ot('staffNoRooms')}</p>
      {assignPair[0] ? (
        <form onSubmit={save} noValidate>
          <Checks legend={ot('staffAssign')} field="rooms" options={roomOptions(o)} value={assignPair[0]} onChange={assignPair[1]} />
          <p class="form-error" role="alert">{errPair[0]}</p>
          <div class="row-buttons">
            <button type="submit" class="btn btn-primary btn-small staff-assign-save">{ot('staffAssignSave')}</button>
            <button type="button" class="btn btn-quiet btn-small" onClick={() => assignPair[1](null)}>{ot('cancel')}</button>
          </div>
        </form>
      ) : a.active ? (
        <div class="row-buttons">
          {a.role === 'organiser' ? null : (
            <button type="button" class="btn btn-secondary btn-small staff-assign" aria-label={`${ot('staffAssign')}: ${a.name}`}
              onClick={() => assignPair[1]([...a.rooms])}>{ot('staffAssign')}</button>
          )}
          {me && me.id === a.id ? null : (
            <button type="button" class="btn btn-quiet btn-small staff-deactivate" aria-label={`${ot('staffDeactivate')}: ${a.name}`}
              onClick={() => o.confirm.open({
                text: ot('staffDeactivateConfirm', { name: a.name }), doLabel: ot('staffDeactivateDo'),
                run: async () => {
                  const r = await o.data.api.deactivate(a.id);
                  if (!r.ok) return failureText(r.code, r.message);
                  props.note(ot('staffDeactivated', { name: a.name }));
                  o.app.announce(ot('staffDeactivated', { name: a.name }));
                  o.data.ensure(['staff'], true);
                  return null;
                },
              })}>{ot('staffDeactivate')}</button>
          )}
        </div>
      ) : null}
    </li>
  );
}
