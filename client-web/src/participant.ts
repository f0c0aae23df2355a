// The participant's screens, registered with the router: first screen → room list → "before
// you enter" → room, and the stopped states. Each screen is built from the stores and keeps
// itself in step through their change events; nothing here is shared with later screens.

import { AppContext } from './app-context';
import { Key, lang, pick, t, when } from './i18n';
import { suggestNick } from './names';
import { RoomInfo } from './protocol';
import { Route, Screen } from './router';
import { registerSchedule } from './schedule-routes';
import { JoinForm, joinScreen } from './views/join-form';
import { familyRooms, familyScreen } from './views/family';
import { landing } from './views/landing';
import { notice } from './views/notice';
import { RoomScreen } from './views/room/room-screen';
import { canEnter, roomList } from './views/room-list';
import { h } from './dom';
import { glyph } from './icons';
import { langButton, title } from './views/common';

const joinErrors: Record<string, Key> = {
  room_full: 'err_room_full',
  too_many_rooms: 'err_too_many_rooms',
  room_locked: 'err_room_locked',
  room_closed: 'err_room_closed',
  bad_nick: 'err_bad_nick',
  no_such_room: 'err_no_such_room',
  service_degraded: 'err_service_degraded',
  affirmation_required: 'joinAffirmNeeded',
  banned: 'err_banned',
  removed: 'err_removed',
  forbidden: 'err_forbidden',
  wrong_room: 'err_wrong_room',
  nickname_taken: 'err_nickname_taken',
};

const roomsRefreshMs = 20000;

// The nickname last typed on the join form, offered again for the next room of this visit.
let lastNick: string | null = null;

export function registerParticipant(ctx: AppContext): void {
  const router = ctx.router;
  const session = ctx.session;
  const directory = ctx.directory;
  // The room chosen on the list, as it was then (the join screen shows its rules).
  let chosen: RoomInfo | null = null;
  // Issue 14: the schedule and the event rooms' closing screen (their own file).
  // Where the join screen's "back" leads: the list the room was chosen from.
  let joinBack = 'rooms';
  const events = registerSchedule(ctx, (room) => {
    chosen = room;
    joinBack = 'schedule';
    router.go('join', { room: room.id });
  });

  router.register('landing', {
    remember: 'clear',
    build: () => {
      const view = () => landing({
        enter: () => router.go('rooms'),
        families: () => router.go('family'),
        schedule: () => router.go('schedule', { audience: '' }),
        openHelp: ctx.openHelp,
        switchLang: ctx.switchLang,
        directory: directory.directory,
        directoryFailed: directory.failed,
        retryDirectory: () => directory.fetch(),
      });
      const el = view();
      // The directory arrives after the first paint: replace its card without moving focus.
      const off = directory.changes.on(() => {
        const old = el.querySelector('.card.now');
        if (!old) return;
        const hadFocus = old.contains(document.activeElement);
        const fresh = view().querySelector('.card.now') as HTMLElement;
        old.replaceWith(fresh);
        if (hadFocus) fresh.querySelector<HTMLElement>('a, button')?.focus();
      });
      return { el, dispose: off };
    },
  });

  router.register('rooms', {
    remember: 'save',
    enter: () => {
      ctx.startConnection();
      ctx.askRooms();
    },
    build: () => {
      const view = () => roomList({
        rooms: session.rooms,
        orgs: events.orgNames.orgs,
        choose: (room) => {
          chosen = room;
          joinBack = 'rooms';
          router.go('join', { room: room.id });
        },
        peek: (room) => {
          chosen = room;
          router.go('preview', { room: room.id });
        },
        back: () => router.go('landing'),
        schedule: () => router.go('schedule', { audience: '' }),
        refresh: ctx.askRooms,
        switchLang: ctx.switchLang,
      });
      const el = view();
      events.orgNames.need(session.rooms);
      // Live counts change often: update the list in place so focus and scroll stay put.
      const redraw = () => {
        const old = el.querySelector('.room-groups');
        if (!old) return;
        const focusedRoom = (document.activeElement as HTMLElement | null)?.getAttribute('data-room');
        const fresh = view().querySelector('.room-groups') as HTMLElement;
        old.replaceWith(fresh);
        if (focusedRoom) fresh.querySelector<HTMLElement>(`button[data-room="${CSS.escape(focusedRoom)}"]`)?.focus();
      };
      const off = session.changes.on((c) => {
        if (c.type !== 'rooms') return;
        events.orgNames.need(session.rooms);
        redraw();
      });
      const offOrgs = events.orgNames.changes.on(redraw);
      const timer = setInterval(ctx.askRooms, roomsRefreshMs);
      return {
        el,
        dispose: () => {
          off();
          offOrgs();
          clearInterval(timer);
        },
      };
    },
  });

  // 「ご家族の方へ」: the family rooms and the families' help, live like the room list.
  router.register('family', {
    remember: 'clear',
    enter: () => {
      ctx.startConnection();
      ctx.askRooms();
    },
    build: () => {
      const choose = (room: RoomInfo) => {
        chosen = room;
        joinBack = 'rooms';
        router.go('join', { room: room.id });
      };
      const el = familyScreen({
        rooms: session.rooms,
        choose,
        allRooms: () => router.go('rooms'),
        schedule: () => router.go('schedule', { audience: 'family' }),
        directory: directory.directory,
        directoryFailed: directory.failed,
        retryDirectory: () => directory.fetch(),
        openHelp: ctx.openHelp,
        back: () => router.go('landing'),
        switchLang: ctx.switchLang,
      });
      const offRooms = session.changes.on((c) => {
        if (c.type !== 'rooms') return;
        const old = el.querySelector('.family-rooms');
        if (!old) return;
        const focusedRoom = (document.activeElement as HTMLElement | null)?.getAttribute('data-room');
        const fresh = familyRooms(session.rooms, choose);
        old.replaceWith(fresh);
        if (focusedRoom) fresh.querySelector<HTMLElement>(`button[data-room="${CSS.escape(focusedRoom)}"]`)?.focus();
      });
      const offHelp = directory.changes.on(() => router.refresh(false));
      const timer = setInterval(ctx.askRooms, roomsRefreshMs);
      return {
        el,
        dispose: () => {
          offRooms();
          offHelp();
          clearInterval(timer);
        },
      };
    },
  });

  // Issue 13: a read-only look into a room (views/preview.ts, a chunk of its own). The heading
  // is here so it can take focus before the chunk arrives.
  router.register('preview', {
    enter: () => ctx.startConnection(),
    build: (params) => {
      const room = chosen?.id === params.room ? chosen : session.rooms?.find((r) => r.id === params.room);
      if (!room) return null;
      const el = h('section', { class: 'screen preview' },
        h('div', { class: 'screen-top' },
          h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => router.go('rooms') },
            glyph('back'), h('span', { text: t('joinBack') })),
          langButton(ctx.switchLang)),
        title(t('roomPeekNamed', { room: pick(room.name).text })));
      let stop: (() => void) | null = null;
      let gone = false;
      void import('./views/preview').then((view) => {
        if (gone) return;
        stop = view.fillPreview(el, {
          room,
          requests: session.requests,
          enter: canEnter(room)
            ? () => {
              chosen = room;
              joinBack = 'rooms';
              router.go('join', { room: room.id });
            }
            : null,
        });
      });
      return {
        el,
        dispose: () => {
          gone = true;
          stop?.();
        },
      };
    },
  });

  router.register('join', {
    enter: () => ctx.startConnection(),
    build: (params) => {
      const room = chosen?.id === params.room ? chosen : session.rooms?.find((r) => r.id === params.room);
      if (!room) return null;
      const form: JoinForm = joinScreen({
        room,
        nick: lastNick ?? suggestNick(lang()),
        suggest: (avoid) => suggestNick(lang(), avoid),
        submit: (v) => {
          lastNick = v.nick; // in memory only: a nickname is never written to the device
          form.setBusy(true);
          ctx.startConnection();
          // Sent now, or when the welcome arrives.
          session.join(room, { nick: v.nick, listening: v.listening, affirmed: v.affirm });
        },
        back: () => router.go(joinBack),
      });
      const screen: Screen = {
        el: form.el,
        opened: (id) => {
          if (id !== room.id) return false;
          router.go('room', { room: id });
          return true;
        },
        joinFailed: (id, code, retryAfterMs, suggestions) => {
          if (id !== room.id || !(code in joinErrors)) return;
          form.setBusy(false);
          if (code === 'nickname_taken') {
            form.showTaken(suggestions ?? []);
            return;
          }
          const field = code === 'bad_nick' ? 'nick' : code === 'affirmation_required' ? 'affirm' : undefined;
          form.showError(t(joinErrors[code], { until: when(Date.now() + (retryAfterMs ?? 0)) }), field);
          if (code === 'no_such_room') ctx.askRooms();
        },
        held: (id) => {
          if (id === room.id) form.showError(t('joinHeld'));
        },
      };
      return screen;
    },
  });

  router.register('room', {
    remember: 'save',
    bodyClass: 'in-room',
    enter: () => ctx.startConnection(),
    build: (params) => {
      const store = session.room(params.room);
      if (!store) return null;
      return new RoomScreen(store, {
        session,
        announce: ctx.announce,
        openHelp: ctx.openHelp,
        switchLang: ctx.switchLang,
        leave: (id) => {
          session.leave(id);
          router.go('rooms');
        },
        toRooms: (id) => {
          session.forget(id);
          router.go('rooms');
        },
        eventEnded: (id, cancelled) => {
          const name = pick(session.room(id)?.info.name).text;
          session.forget(id);
          events.ended(name, cancelled);
        },
      });
    },
  });

  router.register('replaced', {
    build: () => ({
      el: notice({
        titleKey: 'replacedTitle', textKey: 'replacedText',
        button: { key: 'replacedButton', action: () => continueHere(ctx) },
      }),
    }),
  });

  router.register('removed', {
    build: () => {
      const el = notice({
        titleKey: 'removedTitle', textKey: 'removedText', directory: directory.directory,
        button: { key: 'removedHome', action: () => router.go('landing') },
      });
      const off = directory.changes.on(() => router.refresh(false));
      return { el, dispose: off };
    },
  });
}

// Another tab had taken the session over; this one takes it back, into the saved room.
function continueHere(ctx: AppContext): void {
  const first = ctx.session.restore()[0];
  if (first) ctx.router.go('room', { room: first.id });
  else ctx.router.go('rooms');
  ctx.startConnection();
}

// After a reload: back into the room (recent history comes with the join), or to the list, or
// the first screen when there is no session to come back to.
export function resumeParticipant(ctx: AppContext, saved: Route | null, hasSession: boolean): void {
  if (hasSession && saved?.name === 'room') {
    ctx.session.restore();
    if (ctx.session.room(saved.params.room ?? '')) {
      ctx.router.go('room', saved.params, { focus: false });
      ctx.startConnection();
      return;
    }
  }
  if (hasSession && saved?.name === 'rooms') ctx.router.go('rooms');
  else if (saved?.name === 'schedule') ctx.router.go('schedule');
  else ctx.router.go('landing', {}, { focus: false });
}
