// The room list, grouped by audience, with live counts and each room's state.

import { h, nextId } from '../dom';
import { glyph } from '../icons';
import { Key, lang, pick, t } from '../i18n';
import { RoomInfo } from '../protocol';
import { langButton, title } from './common';

type Group = 'open' | 'age' | 'women' | 'lgbtq' | 'family';
const groupOrder: Group[] = ['open', 'age', 'women', 'lgbtq', 'family'];
const groupTitle: Record<Group, Key> = {
  open: 'groupOpen', age: 'groupAge', women: 'groupWomen', lgbtq: 'groupLgbtq', family: 'groupFamily',
};
const ageOrder = ['age_u20', 'age_20s', 'age_30s', 'age_40plus'];

function groupOf(room: RoomInfo): Group {
  const a = room.audience ?? [];
  if (a.includes('family')) return 'family';
  if (a.includes('women')) return 'women';
  if (a.includes('lgbtq')) return 'lgbtq';
  if (a.some((x) => x.startsWith('age_'))) return 'age';
  return 'open';
}

function ageRank(room: RoomInfo): number {
  const i = ageOrder.findIndex((a) => room.audience.includes(a));
  return i < 0 ? 99 : i;
}

export function canEnter(room: RoomInfo): boolean {
  const full = room.capacity > 0 && room.members >= room.capacity;
  return room.state !== 'closed' && room.state !== 'locked' && !full;
}

function roomStatus(room: RoomInfo): { text: string; cls: string } {
  const full = room.capacity > 0 && room.members >= room.capacity;
  if (room.state === 'closed') return { text: t('stateClosed'), cls: 'state-closed' };
  if (room.state === 'locked') return { text: t('stateLocked'), cls: 'state-locked' };
  if (full) return { text: t('stateFull'), cls: 'state-locked' };
  if (room.state === 'paused') return { text: t('statePaused'), cls: 'state-paused' };
  return { text: t('stateOpen'), cls: 'state-open' };
}

function countText(room: RoomInfo): string {
  if (room.members <= 0) return t('membersNone');
  return t('membersListening', { n: room.members, l: room.listening });
}

function textWithLang(tag: 'h3' | 'p' | 'span', cls: string, v: { ja?: string; en?: string }): HTMLElement {
  const p = pick(v);
  const el = h(tag, { class: cls, text: p.text });
  if (p.lang !== lang()) el.setAttribute('lang', p.lang);
  return el;
}

export function roomCard(room: RoomInfo, choose: (room: RoomInfo) => void): HTMLLIElement {
  const descId = nextId('desc');
  const statId = nextId('stat');
  const status = roomStatus(room);
  const name = pick(room.name);
  const btn = h('button', {
    type: 'button', class: 'room-open', 'data-room': room.id,
    'aria-describedby': `${descId} ${statId}`, disabled: !canEnter(room),
    onclick: () => choose(room),
  }, name.text);
  if (name.lang !== lang()) btn.setAttribute('lang', name.lang);
  const desc = textWithLang('p', 'room-desc', room.description);
  desc.id = descId;
  return h('li', { class: `room-card ${status.cls}`, 'data-room': room.id },
    h('h3', { class: 'room-name' }, btn),
    desc,
    h('p', { class: 'room-meta', id: statId },
      h('span', { class: 'room-count', text: countText(room) }),
      h('span', { class: 'room-state', text: status.text }),
      room.limited ? h('span', { class: 'room-limited', text: t('limitedBadge') }) : null),
  );
}

export function roomList(opts: {
  rooms: RoomInfo[] | null;
  choose: (room: RoomInfo) => void;
  back: () => void;
  refresh: () => void;
  switchLang: () => void;
}): HTMLElement {
  const body: HTMLElement[] = [];
  if (!opts.rooms) {
    body.push(h('p', { class: 'muted loading', text: t('roomsLoading') }));
  } else if (opts.rooms.length === 0) {
    body.push(h('p', { class: 'muted', text: t('roomsEmpty') }));
  } else {
    for (const g of groupOrder) {
      const rooms = opts.rooms.filter((r) => groupOf(r) === g);
      if (g === 'age') rooms.sort((a, b) => ageRank(a) - ageRank(b));
      if (rooms.length === 0) continue;
      const gid = nextId('group');
      body.push(h('section', { class: 'room-group', 'aria-labelledby': gid },
        h('h2', { id: gid, class: 'group-title', text: t(groupTitle[g]) }),
        h('ul', { class: 'room-cards' }, rooms.map((r) => roomCard(r, opts.choose)))));
    }
  }
  return h('section', { class: 'screen rooms' },
    h('div', { class: 'screen-top' },
      h('button', { type: 'button', class: 'btn btn-quiet', onclick: opts.back },
        glyph('back'), h('span', { text: t('backToLanding') })),
      langButton(opts.switchLang)),
    title(t('roomsTitle')),
    h('p', { class: 'lead', text: t('roomsLead') }),
    h('div', { class: 'room-groups' }, body),
    h('button', { type: 'button', class: 'btn btn-secondary refresh', text: t('refresh'), onclick: opts.refresh }),
  );
}
