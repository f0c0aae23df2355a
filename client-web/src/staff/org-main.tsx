// The organiser screens' entry (issue 14): a chunk of its own that staff-main.tsx loads with
// import() on #/staff/org/..., so a supporter's screens stay as light as before and a
// participant never sees any of it. It adds its own stylesheet (dist/org-*.css, named by the
// build) the first time, builds the organiser's stores and registers the `staff-org` screen.

import { VNode } from 'preact';
import { StaffContext } from './context';
// A real import of the staff entry (for its shell) and a deliberate one: this chunk then reaches
// every module the staff screens reach, so esbuild keeps the participant's shared chunk exactly
// as it was instead of splitting i18n.ts and friends into a chunk of their own (which would make
// the first screen a little heavier).
import { mountInShell } from './staff-main';
import { OrgApi } from './state/org-api';
import { OrgData } from './state/org-data';
import { readRoom } from './state/org-records';
import { AuditView } from './views/org-audit';
import { EventsView } from './views/org-events';
import { ConfirmHost } from './views/org-fields';
import { HelpView } from './views/org-help';
import { RoomsView } from './views/org-rooms';
import { OrgCtx, OrgFrame, OrgView, orgViews } from './views/org-screen';
import { SupportersView } from './views/org-supporters';
import { useChanges } from './views/common';
import { ot } from './org-strings';

// Filled in by build.mjs (the hashed name of src/staff/org.css's output).
declare const __ORG_CSS__: string;

let opened: { ctx: StaffContext; o: OrgCtx; off: () => void } | null = null;

function addStylesheet(): void {
  const href = '/' + (typeof __ORG_CSS__ === 'string' ? __ORG_CSS__ : 'org.css');
  if (document.querySelector(`link[data-org-css]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.setAttribute('data-org-css', '');
  document.head.appendChild(link);
}

function orgOf(ctx: StaffContext): OrgCtx {
  if (opened && opened.ctx === ctx) {
    // Another account may have signed in since: its organisation, fresh data.
    const org = ctx.staff.me?.org ?? 'main';
    if (opened.o.data.api.org === org) return opened.o;
  }
  const api = new OrgApi((m, p, b, h) => ctx.staff.call(m, p, b, h), ctx.staff.me?.org ?? 'main');
  const data = new OrgData(api, Date.now, () => (ctx.app.session.rooms ?? []).map((r) => readRoom({ ...r, org: api.org })));
  const o: OrgCtx = { app: ctx.app, ctx, data, confirm: new ConfirmHost() };
  opened?.off();
  opened = { ctx, o, off: ctx.app.session.changes.on((c) => { if (c.type === 'rooms') data.refreshFallback(); }) };
  return o;
}

// Waits for the account (after a reload /api/me answers a moment later): the organisation
// comes from it.
function OrgRoot(props: { ctx: StaffContext; view: OrgView }) {
  useChanges(props.ctx.staff.changes);
  if (!props.ctx.staff.me) return <section class="screen org-screen"><p class="muted" role="status">{ot('loading')}</p></section>;
  const o = orgOf(props.ctx);
  return <OrgFrame o={o} view={props.view} key={o.data.api.org + props.view}>{body(o, props.view)}</OrgFrame>;
}

function body(o: OrgCtx, view: OrgView): VNode {
  switch (view) {
    case 'events': return <EventsView o={o} />;
    case 'supporters': return <SupportersView o={o} />;
    case 'help': return <HelpView o={o} />;
    case 'audit': return <AuditView o={o} />;
    default: return <RoomsView o={o} />;
  }
}

// Opens an organiser screen inside staff-main's shell.
export function openOrg(ctx: StaffContext, view: string): void {
  addStylesheet();
  const router = ctx.app.router;
  if (!router.has('staff-org')) {
    router.register('staff-org', {
      enter: () => {
        ctx.app.startConnection();
        ctx.app.askRooms();
      },
      build: (p) => {
        const v = (orgViews as string[]).includes(p.view ?? '') ? (p.view as OrgView) : 'rooms';
        return mountInShell(ctx, <OrgRoot ctx={ctx} view={v} />);
      },
    });
  }
  router.go('staff-org', { view });
}
