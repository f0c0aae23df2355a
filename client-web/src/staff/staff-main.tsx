// The staff side's entry (a chunk of its own, loaded by app.ts with import() on #/staff... and
// #/invite/...): builds the staff stores on the app's session, registers the staff screens
// with the app's router, and returns the function that opens a staff hash route.

import { ComponentChildren, render, VNode } from 'preact';
import { AppContext } from '../app-context';
import { Params, Screen } from '../router';
import * as storage from '../storage';
import { DialogHost, StaffContext } from './context';
import { StaffActions } from './state/actions';
import { browserFetcher } from './state/api';
import { StaffQueues } from './state/queues';
import { StaffSession } from './state/staff-session';
import { AlertStrip, signal } from './views/alerts';
import { Dialog, useChanges } from './views/common';
import { Home } from './views/home';
import { Invite, Login, PasswordChange } from './views/login';
import { StaffRoom } from './views/room';
import { ThreadView } from './views/thread';

type StaffRoute = 'staff' | 'staff-room' | 'staff-thread' | 'staff-invite' | 'staff-org';

function hashFor(name: StaffRoute, params: Params): string {
  if (name === 'staff-room') return '#/staff/room/' + encodeURIComponent(params.room ?? '');
  if (name === 'staff-invite') return '#/invite/' + encodeURIComponent(params.code ?? '');
  return '#/staff';
}

export function parseStaffHash(hash: string): { name: StaffRoute; params: Params } {
  const org = /^#\/staff\/org(?:\/([a-z]+))?/.exec(hash);
  if (org) return { name: 'staff-org', params: { view: org[1] ?? 'rooms' } };
  const room = /^#\/staff\/room\/([^/?#]+)/.exec(hash);
  if (room) return { name: 'staff-room', params: { room: decodeURIComponent(room[1]) } };
  const invite = /^#\/invite\/([^/?#]+)/.exec(hash);
  if (invite) return { name: 'staff-invite', params: { code: decodeURIComponent(invite[1]) } };
  return { name: 'staff', params: {} };
}

function Shell(props: { ctx: StaffContext; children: ComponentChildren; gated?: boolean }) {
  const ctx = props.ctx;
  const children = props.children;
  const gated = props.gated ?? true;
  useChanges(ctx.staff.changes);
  const s = ctx.staff.state;
  const body = !gated ? children : s === 'signed_out' ? <Login ctx={ctx} /> : s === 'must_change' ? <PasswordChange ctx={ctx} /> : children;
  return (
    <div class="staff">
      {s === 'signed_in' ? <AlertStrip ctx={ctx} /> : null}
      {body}
      <Dialog ctx={ctx} host={ctx.dialogs} />
    </div>
  );
}

function mount(vnode: VNode, extra: Partial<Screen> = {}): Screen {
  const el = document.createElement('div');
  el.className = 'staff-host';
  render(vnode, el);
  return { el, ...extra, dispose: () => render(null, el) };
}

// A screen inside the staff shell (sign-in gate, alerts, dialog), for the organiser chunk.
export function mountInShell(ctx: StaffContext, vnode: VNode): Screen {
  return mount(<Shell ctx={ctx}>{vnode}</Shell>);
}

export function registerStaff(app: AppContext): (hash: string) => void {
  const session = app.session;
  const staff = new StaffSession(browserFetcher, {
    load: () => storage.load<string>('staff'),
    save: (token) => (token ? storage.save('staff', token) : storage.remove('staff')),
  }, app.restartConnection);
  if (staff.token) staff.state = 'signed_in'; // until /api/me says otherwise (no login flash)
  const queues = new StaffQueues(session.requests, Date.now, session.privateWord);
  const actions = new StaffActions(session.requests);
  const dialogs = new DialogHost();
  const ctx: StaffContext = {
    app, staff, queues, actions, dialogs,
    go: (name, params = {}) => {
      history.replaceState(null, '', hashFor(name, params));
      app.router.go(name, params);
    },
  };

  session.frames.on((m) => {
    staff.onFrame(m);
    queues.apply(m);
  });
  queues.changes.on((c) => {
    if (c.type === 'alert' || c.type === 'safety') signal();
  });
  // A supporter accepted an ask here: the thread opens on their screen. Threads the server sends
  // again after hello (a reload, a sign-in) wait in the queue lists instead of taking the screen.
  session.privateWord.changes.on((c) => {
    if (c.type === 'open' && c.accepted && session.privateWord.thread(c.thread)?.me === 'staff') ctx.go('staff-thread', { thread: c.thread });
  });
  let was = staff.state;
  staff.changes.on((c) => {
    if (c.type !== 'state' || staff.state === was) return;
    was = staff.state;
    if (staff.state === 'signed_out') {
      dialogs.close();
      // No longer staff: leave the rooms sat in as staff (the server downgrades the socket too).
      for (const r of session.openRooms()) if (r.badge) session.leave(r.id);
    }
    const here = app.router.current?.name ?? '';
    if (here.startsWith('staff')) ctx.go('staff');
  });
  app.onQuickExit(() => {
    const token = staff.token;
    if (!token) return;
    // Best effort, not awaited: the page is going.
    void fetch('/api/logout', {
      method: 'POST', keepalive: true, credentials: 'omit', headers: { Authorization: `Bearer ${token}` },
    }).catch(() => undefined);
  });

  const router = app.router;
  router.register('staff', {
    enter: () => app.startConnection(),
    build: () => mount(<Shell ctx={ctx}><Home ctx={ctx} /></Shell>),
  });
  router.register('staff-invite', {
    enter: () => app.startConnection(),
    build: (p) => mount(<Shell ctx={ctx} gated={false}><Invite ctx={ctx} code={p.code ?? ''} /></Shell>),
  });
  router.register('staff-room', {
    bodyClass: 'in-room',
    enter: () => {
      app.startConnection();
      app.askRooms();
    },
    build: (p) => mount(<Shell ctx={ctx}><StaffRoom ctx={ctx} room={p.room ?? ''} tab={p.tab} seq={p.seq} /></Shell>, {
      opened: (room) => room === p.room,
    }),
  });
  router.register('staff-thread', {
    build: (p) => mount(<Shell ctx={ctx}><ThreadView ctx={ctx} thread={p.thread ?? ''} /></Shell>),
  });

  void staff.resume();
  // The organiser screens (issue 14) are a chunk of their own, loaded on #/staff/org/... only.
  let orgLoading: Promise<typeof import('./org-main')> | null = null;
  const openOrg = (view: string) => {
    if (!orgLoading) orgLoading = import('./org-main');
    orgLoading.then((m) => m.openOrg(ctx, view), () => {
      orgLoading = null;
    });
  };
  return (hash) => {
    const r = parseStaffHash(hash);
    app.startConnection();
    if (r.name === 'staff-org') return openOrg(r.params.view);
    // An invitation code should not stay in the address bar once read.
    if (r.name === 'staff-invite') history.replaceState(null, '', '#/staff');
    app.router.go(r.name, r.params);
  };
}
