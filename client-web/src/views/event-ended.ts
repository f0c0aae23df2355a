// The kind closing screen of an event room (issue 14): the gathering is over (or this session
// was called off), what was written is gone, and the way on leads to the schedule — with the
// room list and help one tap away. Nothing here hurries anyone.

import { h } from '../dom';
import { glyph } from '../icons';
import { t } from '../i18n';
import { title } from './common';

export function eventEnded(opts: {
  room: string; // the room's name as it was shown
  cancelled: boolean;
  schedule: () => void;
  rooms: () => void;
  openHelp: () => void;
}): HTMLElement {
  return h('section', { class: 'screen notice event-ended' },
    title(t(opts.cancelled ? 'evCancelledTitle' : 'evClosedTitle')),
    opts.room ? h('p', { class: 'event-ended-room muted', text: opts.room }) : null,
    h('p', { class: 'lead', text: t(opts.cancelled ? 'evCancelledText' : 'evClosedText') }),
    h('p', { class: 'event-ended-leaf' }, glyph('leaf', 'point-icon')),
    h('button', { type: 'button', class: 'btn btn-primary btn-wide to-schedule', text: t('evClosedSchedule'), onclick: opts.schedule }),
    h('button', { type: 'button', class: 'btn btn-secondary btn-wide', text: t('evClosedRooms'), onclick: opts.rooms }),
    h('section', { class: 'card now' },
      h('h2', { class: 'card-title', text: t('landingNowTitle') }),
      h('p', { text: t('landingNowLead') }),
      h('button', { type: 'button', class: 'btn btn-secondary btn-wide', text: t('landingMoreHelp'), onclick: opts.openHelp })),
  );
}
