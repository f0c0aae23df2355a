// Issue 14's participant screens, registered with the router from their own file: the
// schedule (「これからの集まり」) and the closing screen of an event room. The room list's
// organisation names and the schedule share one `OrgNames`; `participant.ts` calls this once.

import { AppContext } from './app-context';
import { RoomInfo } from './protocol';
import { OrgNames } from './state/room-groups';
import { ScheduleStore } from './state/schedule';
import { eventEnded } from './views/event-ended';
import { presetScheduleFilter, ScheduleScreen } from './views/schedule-screen';

const roomsRefreshMs = 20000;

export interface ScheduleParts {
  readonly schedule: ScheduleStore;
  readonly orgNames: OrgNames;
  // An event room closed: what the closing screen says (kept in memory until shown).
  ended(roomName: string, cancelled: boolean): void;
}

export function registerSchedule(ctx: AppContext, choose: (room: RoomInfo) => void): ScheduleParts {
  const router = ctx.router;
  const schedule = new ScheduleStore();
  const orgNames = new OrgNames();
  schedule.changes.on(() => {
    if (schedule.schedule) orgNames.learn(schedule.schedule.orgs);
  });
  let closing = { room: '', cancelled: false };

  router.register('schedule', {
    remember: 'save',
    enter: (params) => {
      if (params.audience !== undefined) presetScheduleFilter({ audience: params.audience });
      // Fresh each time it is opened: the list is small, and plans change.
      schedule.fetch();
      // The live room list tells which of a gathering's rooms are open now.
      ctx.startConnection();
      ctx.askRooms();
    },
    build: () => {
      const screen = new ScheduleScreen({
        store: schedule,
        rooms: () => ctx.session.rooms,
        enter: choose,
        toRooms: () => router.go('rooms'),
        back: () => router.go('landing'),
        switchLang: ctx.switchLang,
      });
      const off = ctx.session.changes.on((c) => {
        if (c.type === 'rooms') screen.roomsChanged();
      });
      const timer = setInterval(ctx.askRooms, roomsRefreshMs);
      // Besides the slow refresh, ask again just after the next gathering opens, so its
      // "enter" appears when the room does (the server opens it within a second).
      let opening: ReturnType<typeof setTimeout> | undefined;
      const armOpening = () => {
        if (opening !== undefined) clearTimeout(opening);
        opening = undefined;
        const now = Date.now();
        const next = (schedule.schedule?.items ?? [])
          .map((i) => i.opens)
          .filter((t) => t > now)
          .sort((a, b) => a - b)[0];
        // Timers beyond a day are left to the next visit (and setTimeout's 32-bit limit).
        if (next !== undefined && next - now < 86_400_000) {
          opening = setTimeout(() => {
            ctx.askRooms();
            armOpening();
          }, next - now + 1500);
        }
      };
      const offSchedule = schedule.changes.on(armOpening);
      armOpening();
      return {
        el: screen.el,
        dispose: () => {
          off();
          offSchedule();
          clearInterval(timer);
          if (opening !== undefined) clearTimeout(opening);
          screen.dispose();
        },
      };
    },
  });

  router.register('eventEnded', {
    remember: 'clear',
    build: () => ({
      el: eventEnded({
        room: closing.room,
        cancelled: closing.cancelled,
        schedule: () => router.go('schedule'),
        rooms: () => router.go('rooms'),
        openHelp: ctx.openHelp,
      }),
    }),
  });

  return {
    schedule,
    orgNames,
    ended: (roomName, cancelled) => {
      closing = { room: roomName, cancelled };
      router.go('eventEnded');
    },
  };
}
