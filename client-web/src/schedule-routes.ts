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
      return {
        el: screen.el,
        dispose: () => {
          off();
          clearInterval(timer);
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
