// The frame of every organiser screen: the menu among rooms, events, supporters, help lines and
// the audit log (organisers only; a supporter who opens one is sent back to their own rooms),
// and the confirm dialog.

import { ComponentChildren } from 'preact';
import { AppContext } from '../../app-context';
import { StaffContext } from '../context';
import { OrgData } from '../state/org-data';
import { OrgKey, ot } from '../org-strings';
import { ConfirmDialog, ConfirmHost } from './org-fields';
import { useChanges } from './common';

export type OrgView = 'rooms' | 'events' | 'supporters' | 'help' | 'audit';
export const orgViews: OrgView[] = ['rooms', 'events', 'supporters', 'help', 'audit'];

export interface OrgCtx {
  app: AppContext;
  ctx: StaffContext;
  data: OrgData;
  confirm: ConfirmHost;
}

export interface OrgScreenProps {
  o: OrgCtx;
}

const navKey: Record<OrgView, OrgKey> = {
  rooms: 'navRooms', events: 'navEvents', supporters: 'navSupporters', help: 'navHelp', audit: 'navAudit',
};

export function orgHash(view: OrgView): string {
  return '#/staff/org/' + view;
}

export function OrgFrame(props: { o: OrgCtx; view: OrgView; children: ComponentChildren }) {
  const o = props.o;
  useChanges(o.ctx.staff.changes);
  const me = o.ctx.staff.me;
  if (me && me.role !== 'organiser') {
    return (
      <section class="screen org-screen">
        <p class="card quiet" role="status">{ot('orgOnly')}</p>
        <a class="btn btn-secondary" href="#/staff">{ot('navHome')}</a>
      </section>
    );
  }
  return (
    <div class="org">
      <nav class="org-nav" aria-label={ot('orgNav')}>
        <ul>
          <li><a class="org-nav-link" href="#/staff">{ot('navHome')}</a></li>
          {orgViews.map((v) => (
            <li>
              <a class={'org-nav-link nav-' + v} href={orgHash(v)} aria-current={v === props.view ? 'page' : undefined}>{ot(navKey[v])}</a>
            </li>
          ))}
        </ul>
      </nav>
      {props.children}
      <ConfirmDialog host={o.confirm} />
    </div>
  );
}
