// 「これからの集まり」 / "Upcoming gatherings": the public schedule, by day in each event's own
// zone (the screen says which), narrowed by audience and, when several organisations share
// the service, by organisation — on the device, with nothing sent. Each gathering shows its
// title, time, online or in person, for whom; a paired event is one item with its two rooms;
// "add to my calendar" is a plain link to our own .ics file (no third party). The filter
// choice lives in memory for this page only.

import { h, nextId } from '../dom';
import { glyph } from '../icons';
import { Key, lang, pick, t } from '../i18n';
import { RoomInfo, Text2 } from '../protocol';
import {
  audiencesIn, DayGroup, filterItems, groupByDay, Org, orgsIn, ScheduleFilter, ScheduleItem, ScheduleRoom, ScheduleStore,
} from '../state/schedule';
import { clockIn, dayLabel, defaultZone, zoneLabel } from '../state/zone-time';
import { langButton, title } from './common';
import { canEnter } from './room-list';

export interface ScheduleOpts {
  store: ScheduleStore;
  rooms: () => RoomInfo[] | null; // the live room list, to know which rooms are open now
  enter: (room: RoomInfo) => void;
  toRooms: () => void;
  back: () => void;
  switchLang: () => void;
  now?: () => number;
}

// Kept while the page lives (a language switch builds the screen again), never stored.
const filter: ScheduleFilter = {};

// Opened for someone in particular (the families' path opens it for families).
export function presetScheduleFilter(f: ScheduleFilter): void {
  filter.audience = f.audience ?? '';
  filter.org = f.org ?? '';
}

function textEl(tag: 'h3' | 'p' | 'span', cls: string, v: Text2 | null | undefined): HTMLElement | null {
  const p = pick(v);
  if (!p.text) return null;
  const el = h(tag, { class: cls, text: p.text });
  if (p.lang !== lang()) el.setAttribute('lang', p.lang);
  return el;
}

export function audienceName(a: string): string {
  const key = ('audience_' + a) as Key;
  try {
    const s = t(key);
    if (typeof s === 'string') return s;
  } catch {
    // an audience this client has no words for
  }
  return a;
}

export function sideName(side: string): string {
  return t(side === 'lived' ? 'sideLived' : side === 'family' ? 'sideFamily' : 'sideRoom');
}

export class ScheduleScreen {
  readonly el: HTMLElement;
  private readonly body: HTMLDivElement;
  private readonly filters: HTMLDivElement;
  private readonly off: () => void;
  private readonly now: () => number;

  constructor(private readonly opts: ScheduleOpts) {
    this.now = opts.now ?? Date.now;
    this.body = h('div', { class: 'schedule-body' });
    this.filters = h('div', { class: 'schedule-filters' });
    this.el = h('section', { class: 'screen schedule' },
      h('div', { class: 'screen-top' },
        h('button', { type: 'button', class: 'btn btn-quiet', onclick: opts.back },
          glyph('back'), h('span', { text: t('backToLanding') })),
        langButton(opts.switchLang)),
      title(t('scheduleTitle')),
      h('p', { class: 'lead', text: t('scheduleLead') }),
      this.filters,
      this.body,
      h('button', { type: 'button', class: 'btn btn-secondary btn-wide', text: t('scheduleToRooms'), onclick: opts.toRooms }));
    this.off = opts.store.changes.on(() => this.render());
    this.render();
  }

  dispose(): void {
    this.off();
  }

  // The live room list changed: only the "enter" buttons depend on it.
  roomsChanged(): void {
    if (this.opts.store.schedule) this.renderBody();
  }

  private render(): void {
    this.renderFilters();
    this.renderBody();
  }

  private renderFilters(): void {
    this.filters.textContent = '';
    const s = this.opts.store.schedule;
    if (!s || s.items.length === 0) return;
    const audiences = audiencesIn(s.items);
    const orgs = orgsIn(s);
    if (filter.audience && !audiences.includes(filter.audience)) filter.audience = '';
    if (filter.org && !orgs.some((o) => o.id === filter.org)) filter.org = '';
    const parts: HTMLElement[] = [];
    if (audiences.length > 1) {
      parts.push(this.select('scheduleFilterAudience', filter.audience ?? '',
        audiences.map((a) => ({ value: a, label: audienceName(a) })), (v) => (filter.audience = v)));
    }
    if (orgs.length > 1) {
      parts.push(this.select('scheduleFilterOrg', filter.org ?? '',
        orgs.map((o: Org) => ({ value: o.id, label: pick(o.name).text || o.id })), (v) => (filter.org = v)));
    }
    if (parts.length === 0) return;
    this.filters.append(h('fieldset', { class: 'schedule-filter-set' },
      h('legend', { class: 'visually-hidden', text: t('scheduleFilters') }), parts));
  }

  private select(labelKey: Key, value: string, options: { value: string; label: string }[], set: (v: string) => void): HTMLElement {
    const id = nextId('sf');
    const sel = h('select', {
      id, class: 'select-input',
      onchange: () => {
        set(sel.value);
        this.renderBody();
      },
    },
    h('option', { value: '', text: t('scheduleFilterAll') }),
    options.map((o) => h('option', { value: o.value, text: o.label })));
    sel.value = value;
    return h('div', { class: 'field schedule-filter' },
      h('label', { class: 'field-label', for: id, text: t(labelKey) }), sel);
  }

  private renderBody(): void {
    const s = this.opts.store.schedule;
    const out: (HTMLElement | null)[] = [];
    if (!s) {
      out.push(this.opts.store.failed
        ? h('div', { class: 'schedule-failed' },
          h('p', { class: 'muted', text: t('scheduleFailed') }),
          h('button', { type: 'button', class: 'btn btn-secondary', text: t('scheduleRetry'), onclick: () => this.opts.store.fetch() }))
        : h('p', { class: 'muted loading', text: t('scheduleLoading') }));
    } else if (s.items.length === 0) {
      out.push(h('div', { class: 'card quiet schedule-empty' }, glyph('leaf', 'point-icon'), h('p', { text: t('scheduleEmpty') })));
    } else {
      const items = filterItems(s.items, filter);
      const zones = [...new Set(items.map((i) => i.zone))];
      out.push(h('p', { class: 'muted small schedule-zone', text: t('scheduleZone', { zone: zones.map((z) => zoneLabel(z, lang())).join('・') || zoneLabel(defaultZone, lang()) }) }));
      if (items.length === 0) out.push(h('p', { class: 'muted schedule-empty', text: t('scheduleEmptyFiltered') }));
      const manyOrgs = orgsIn(s).length > 1;
      for (const g of groupByDay(items)) out.push(this.day(g, manyOrgs ? orgsIn(s) : null));
      if (items.length > 0) {
        out.push(h('p', { class: 'schedule-all' },
          h('a', { class: 'calendar-link', href: '/calendar.ics', download: 'ibasho.ics', text: t('scheduleCalendarAll') })));
      }
    }
    this.body.textContent = '';
    for (const el of out) if (el) this.body.appendChild(el);
  }

  private day(g: DayGroup, orgs: Org[] | null): HTMLElement {
    const id = nextId('day');
    return h('section', { class: 'schedule-day', 'aria-labelledby': id },
      h('h2', { id, class: 'group-title schedule-day-title', text: dayLabel(g.items[0].start, g.zone, lang()) }),
      h('ul', { class: 'event-cards' }, g.items.map((it) => this.item(it, orgs))));
  }

  private item(it: ScheduleItem, orgs: Org[] | null): HTMLLIElement {
    const titleText = pick(it.title).text;
    const titleId = nextId('evt');
    const heading = textEl('h3', 'event-title', it.title);
    if (heading) heading.id = titleId;
    const org = orgs?.find((o) => o.id === it.org);
    const meta = h('p', { class: 'event-meta' },
      h('span', { class: 'event-kind', text: it.online ? t('scheduleOnline') : t('scheduleInPerson') }),
      it.audience.length > 0 ? h('span', { class: 'event-for', text: t('scheduleFor', { who: it.audience.map(audienceName).join('・') }) }) : null,
      org ? h('span', { class: 'event-org', text: t('scheduleOrg', { org: pick(org.name).text || org.id }) }) : null);
    const place = !it.online && it.place ? pick(it.place).text : '';
    return h('li', { class: 'event-card' + (it.paired ? ' event-paired' : ''), 'data-event': it.event },
      heading,
      h('p', { class: 'event-time' },
        h('span', { text: t('scheduleTime', { start: clockIn(it.start, it.zone), end: clockIn(it.end, it.zone) }) })),
      meta,
      textEl('p', 'event-desc', it.description),
      place ? h('p', { class: 'event-place', text: t('schedulePlace', { place }) }) : null,
      it.paired ? h('p', { class: 'event-pair-note small', text: t('schedulePaired') }) : null,
      it.rooms.length > 0 ? h('ul', { class: 'event-rooms' }, it.rooms.map((r) => this.room(it, r, titleId))) : null,
      it.ics ? h('a', {
        class: 'calendar-link', href: it.ics, download: it.event + '.ics',
        'aria-label': t('scheduleCalendarLabel', { title: titleText }), text: t('scheduleCalendar'),
      }) : null);
  }

  // One room of the gathering: a way in while it is open, else when it opens.
  private room(it: ScheduleItem, r: ScheduleRoom, titleId: string): HTMLLIElement {
    const now = this.now();
    const info = (this.opts.rooms() ?? []).find((x) => x.id === r.room);
    const openNow = !!info && now >= it.opens && now < it.end && canEnter(info);
    const label = sideName(r.side);
    return h('li', { class: 'event-room' + (r.side ? ' side-' + r.side : '') },
      openNow && info
        ? h('button', { type: 'button', class: 'btn btn-primary event-enter', 'data-room': r.room, 'aria-describedby': titleId, onclick: () => this.opts.enter(info) },
          h('span', { text: label }))
        : h('span', { class: 'event-room-name', text: label }),
      h('span', { class: 'event-room-when small', text: openNow ? t('scheduleRoomOpen') : t('scheduleRoomOpens', { time: clockIn(it.opens, it.zone) }) }));
  }
}
