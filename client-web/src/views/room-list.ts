// The room list, grouped by organisation (when several share the service) and by audience,
// with live counts, each room's state, and an event room's next time (issue 14).

import { h, nextId } from '../dom';
import { glyph } from '../icons';
import { Key, lang, pick, t } from '../i18n';
import { RoomInfo } from '../protocol';
import { eventLine, parseWindow, phaseOf } from '../state/event-clock';
import { AudienceGroup, groupRooms } from '../state/room-groups';
import { Org } from '../state/schedule';
import { defaultZone } from '../state/zone-time';
import { langButton, title } from './common';

const groupTitle: Record<AudienceGroup, Key> = {
  open: 'groupOpen', age: 'groupAge', women: 'groupWomen', lgbtq: 'groupLgbtq', family: 'groupFamily',
};

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

// `peek` (the room list only): a look inside before joining, read only (issue 13).
export function roomCard(room: RoomInfo, choose: (room: RoomInfo) => void, headingTag: 'h3' | 'h4' = 'h3',
  peek?: (room: RoomInfo) => void): HTMLLIElement {
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
  // An event room: when it starts, or until when it runs.
  const w = parseWindow(room.event);
  const evLine = w && phaseOf(w, Date.now()) !== 'over' ? eventLine(w, Date.now(), defaultZone, lang()) : null;
  return h('li', { class: `room-card ${status.cls}`, 'data-room': room.id },
    h(headingTag, { class: 'room-name' }, btn),
    desc,
    h('p', { class: 'room-meta', id: statId },
      h('span', { class: 'room-count', text: countText(room) }),
      h('span', { class: 'room-state', text: status.text }),
      room.limited ? h('span', { class: 'room-limited', text: t('limitedBadge') }) : null,
      evLine ? h('span', { class: 'room-event-when', text: t(evLine.key, evLine.vars) }) : null),
    peek
      ? h('button', {
        type: 'button', class: 'btn btn-secondary btn-small room-peek', 'data-peek': room.id,
        'aria-label': t('roomPeekNamed', { room: name.text }), text: t('roomPeek'), onclick: () => peek(room),
      })
      : null,
  );
}

export function roomList(opts: {
  rooms: RoomInfo[] | null;
  orgs?: Org[] | null;
  choose: (room: RoomInfo) => void;
  peek?: (room: RoomInfo) => void;
  back: () => void;
  schedule?: () => void;
  refresh: () => void;
  switchLang: () => void;
}): HTMLElement {
  const body: HTMLElement[] = [];
  if (!opts.rooms) {
    body.push(h('p', { class: 'muted loading', text: t('roomsLoading') }));
  } else if (opts.rooms.length === 0) {
    body.push(h('p', { class: 'muted', text: t('roomsEmpty') }));
  } else {
    const sections = groupRooms(opts.rooms, opts.orgs ?? null);
    for (const sec of sections) {
      const groups = sec.groups.map((g) => {
        const gid = nextId('group');
        const heading = sec.org ? 'h3' : 'h2';
        // Inside an organisation a plain group (not a landmark: "どなたでも" comes once per organisation).
        return h(sec.org ? 'div' : 'section', { class: 'room-group', 'aria-labelledby': sec.org ? null : gid },
          h(heading, { id: gid, class: 'group-title', text: t(groupTitle[g.group]) }),
          h('ul', { class: 'room-cards' }, g.rooms.map((r) => roomCard(r, opts.choose, sec.org ? 'h4' : 'h3', opts.peek))));
      });
      if (!sec.org) {
        body.push(...groups);
        continue;
      }
      const oid = nextId('org');
      const name = pick(sec.name);
      const oh = h('h2', { id: oid, class: 'org-title', text: name.text || sec.org });
      if (name.text && name.lang !== lang()) oh.setAttribute('lang', name.lang);
      body.push(h('section', { class: 'org-group', 'aria-labelledby': oid, 'data-org': sec.org }, oh, groups));
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
    opts.schedule
      ? h('button', { type: 'button', class: 'btn btn-quiet btn-wide rooms-schedule', text: t('landingScheduleOpen'), onclick: opts.schedule })
      : null,
  );
}
