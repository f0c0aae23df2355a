// 「ご家族の方へ」: the families' path from the first screen. The family rooms (audience
// `family` in the rooms file) and the help directory's entries marked `for: "family"`, on one
// calm page, so a worried parent need not read the whole room list or every hotline first.

import { h, nextId } from '../dom';
import { glyph } from '../icons';
import { t } from '../i18n';
import { RoomInfo } from '../protocol';
import { Directory, familyEntries } from '../state/help-directory';
import { entryCard } from './help-entries';
import { langButton, title } from './common';
import { roomCard } from './room-list';

export function isFamilyRoom(room: RoomInfo): boolean {
  return (room.audience ?? []).includes('family');
}

// The part that changes with the live room list, rebuilt in place by the screen's owner.
export function familyRooms(rooms: RoomInfo[] | null, choose: (room: RoomInfo) => void): HTMLElement {
  const mine = (rooms ?? []).filter(isFamilyRoom);
  return h('div', { class: 'family-rooms' },
    !rooms
      ? h('p', { class: 'muted loading', text: t('roomsLoading') })
      : mine.length === 0
        ? h('p', { class: 'muted', text: t('familyRoomsNone') })
        : h('ul', { class: 'room-cards' }, mine.map((r) => roomCard(r, choose))));
}

export function familyHelp(opts: { directory: Directory | null; failed: boolean; retry: () => void }): HTMLElement {
  const entries = familyEntries(opts.directory);
  return h('div', { class: 'family-help' },
    opts.directory
      ? h('ul', { class: 'help-list' }, entries.map((e) => entryCard(e, 'h3')))
      : opts.failed
        ? [h('p', { class: 'muted', text: t('helpFailed') }),
          h('button', { type: 'button', class: 'btn btn-secondary', text: t('helpRetry'), onclick: opts.retry })]
        : h('p', { class: 'muted', text: t('helpLoading') }));
}

export function familyScreen(opts: {
  rooms: RoomInfo[] | null;
  choose: (room: RoomInfo) => void;
  allRooms: () => void;
  directory: Directory | null;
  directoryFailed: boolean;
  retryDirectory: () => void;
  openHelp: () => void;
  back: () => void;
  switchLang: () => void;
  schedule?: () => void; // issue 14: the gatherings for families
}): HTMLElement {
  const roomsId = nextId('famrooms');
  const helpId = nextId('famhelp');
  return h('section', { class: 'screen family' },
    h('div', { class: 'screen-top' },
      h('button', { type: 'button', class: 'btn btn-quiet', onclick: opts.back },
        glyph('back'), h('span', { text: t('backToLanding') })),
      langButton(opts.switchLang)),
    title(t('familyTitle')),
    h('p', { class: 'lead', text: t('familyLead') }),
    h('section', { class: 'family-section', 'aria-labelledby': roomsId },
      h('h2', { id: roomsId, class: 'group-title', text: t('familyRoomsTitle') }),
      familyRooms(opts.rooms, opts.choose),
      opts.schedule
        ? h('button', { type: 'button', class: 'btn btn-secondary btn-wide family-schedule', text: t('familySchedule'), onclick: opts.schedule })
        : null,
      h('button', { type: 'button', class: 'btn btn-quiet btn-wide family-all-rooms', text: t('familyAllRooms'), onclick: opts.allRooms })),
    h('section', { class: 'family-section', 'aria-labelledby': helpId },
      h('h2', { id: helpId, class: 'group-title', text: t('familyHelpTitle') }),
      h('p', { text: t('familyHelpLead') }),
      familyHelp({ directory: opts.directory, failed: opts.directoryFailed, retry: opts.retryDirectory })),
    h('section', { class: 'card family-now' },
      h('h2', { class: 'card-title', text: t('landingNowTitle') }),
      h('p', { text: t('landingNowLead') }),
      h('button', { type: 'button', class: 'btn btn-secondary btn-wide', text: t('landingMoreHelp'), onclick: opts.openHelp })),
  );
}
