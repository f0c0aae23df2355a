// The screens other than the room: the first screen, the room list, the "before you enter"
// screen (nickname, rules, affirmation) and the help directory.

import { h, nextId } from './dom';
import { callLink, Directory, emergencyLine, entryCard } from './help';
import { glyph } from './icons';
import { Key, lang, pick, t } from './i18n';
import { RoomInfo } from './protocol';

export function title(text: string): HTMLHeadingElement {
  return h('h1', { class: 'screen-title', tabindex: '-1', text });
}

function langButton(onSwitch: () => void): HTMLButtonElement {
  const target = lang() === 'ja' ? 'en' : 'ja';
  return h('button', {
    type: 'button', class: 'btn btn-quiet lang-switch', lang: target,
    'aria-label': t('switchLangLabel'), text: t('switchLang'), onclick: onSwitch,
  });
}

// ---- first screen ----------------------------------------------------------------------

export function landing(opts: {
  enter: () => void;
  openHelp: () => void;
  switchLang: () => void;
  directory: Directory | null;
  directoryFailed: boolean;
  retryDirectory: () => void;
}): HTMLElement {
  const featured = opts.directory?.entries.find((e) => e.featured) ?? opts.directory?.entries[0];
  const nowBody: HTMLElement[] = [];
  if (featured) {
    const hours = featured.hours ? pick(featured.hours).text : '';
    nowBody.push(h('div', { class: 'featured' },
      h('p', { class: 'featured-name', text: pick(featured.name).text + (hours ? (lang() === 'ja' ? `（${hours}）` : ` (${hours})`) : '') }),
      callLink(featured, 'call call-wide')));
  } else if (opts.directoryFailed) {
    nowBody.push(h('p', { class: 'muted', text: t('helpFailed') }),
      h('button', { type: 'button', class: 'btn btn-secondary', text: t('helpRetry'), onclick: opts.retryDirectory }));
  } else {
    nowBody.push(h('p', { class: 'muted', text: t('helpLoading') }));
  }
  const nowId = nextId('now');
  const privId = nextId('priv');
  return h('section', { class: 'screen landing' },
    h('div', { class: 'screen-top' }, langButton(opts.switchLang)),
    title(t('landingTitle')),
    h('p', { class: 'lead', text: t('landingLead') }),
    h('ul', { class: 'points' },
      (['landingPoint1', 'landingPoint2', 'landingPoint3', 'landingPoint4'] as Key[]).map((k) =>
        h('li', null, glyph('leaf', 'point-icon'), h('span', { text: t(k) })))),
    h('button', { type: 'button', class: 'btn btn-primary btn-wide enter', onclick: opts.enter, text: t('landingEnter') }),
    h('section', { class: 'card now', 'aria-labelledby': nowId },
      h('h2', { id: nowId, class: 'card-title', text: t('landingNowTitle') }),
      h('p', { text: t('landingNowLead') }),
      nowBody,
      h('button', { type: 'button', class: 'btn btn-secondary btn-wide', text: t('landingMoreHelp'), onclick: opts.openHelp })),
    h('section', { class: 'card quiet', 'aria-labelledby': privId },
      h('h2', { id: privId, class: 'card-title', text: t('landingPrivacyTitle') }),
      h('p', { class: 'small', text: t('landingPrivacy') })),
  );
}

// ---- room list -------------------------------------------------------------------------

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

// ---- before entering a room ------------------------------------------------------------

export interface JoinForm {
  el: HTMLElement;
  showError(text: string, field?: 'nick' | 'affirm'): void;
  setBusy(busy: boolean): void;
}

export function joinScreen(opts: {
  room: RoomInfo;
  nick: string;
  suggest: (avoid: string) => string;
  submit: (v: { nick: string; affirm: boolean; listening: boolean }) => void;
  back: () => void;
}): JoinForm {
  const room = opts.room;
  const name = pick(room.name).text;
  const errId = nextId('err');
  const err = h('p', { id: errId, class: 'form-error', 'aria-live': 'polite' });

  const nickId = nextId('nick');
  const hintId = nextId('hint');
  const nick = h('input', {
    id: nickId, class: 'text-input', type: 'text', value: opts.nick, maxlength: '24',
    autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false', 'aria-describedby': hintId,
  });
  const other = h('button', {
    type: 'button', class: 'btn btn-secondary btn-small', text: t('joinNickOther'),
    onclick: () => { nick.value = opts.suggest(nick.value); nick.focus(); },
  });

  const affirmId = nextId('affirm');
  const affirm = h('input', { id: affirmId, type: 'checkbox', class: 'check' });
  const listenId = nextId('listen');
  const listen = h('input', { id: listenId, type: 'checkbox', class: 'check', checked: true });
  const enter = h('button', { type: 'submit', class: 'btn btn-primary btn-wide', text: t('joinEnter') });

  const audience = room.audience.filter((a) => a !== 'open').map((a) => t(('audience_' + a) as Key));
  const rules = pick(room.rules);
  const desc = pick(room.description);

  const form = h('form', {
    class: 'join-form', autocomplete: 'off', novalidate: true,
    onsubmit: (e: Event) => {
      e.preventDefault();
      err.textContent = '';
      nick.removeAttribute('aria-invalid');
      affirm.removeAttribute('aria-invalid');
      if (room.limited && !affirm.checked) {
        api.showError(t('joinAffirmNeeded'), 'affirm');
        return;
      }
      if (nick.value.trim() === '') {
        api.showError(t('nickEmpty'), 'nick');
        return;
      }
      opts.submit({ nick: nick.value.trim(), affirm: room.limited ? affirm.checked : false, listening: listen.checked });
    },
  },
    room.limited
      ? h('div', { class: 'card affirm-card' },
        h('p', { class: 'for-whom', text: t('joinFor', { who: audience.join(lang() === 'ja' ? '・' : ', ') }) }),
        rules.text ? h('h2', { class: 'card-title', text: t('joinRules') }) : null,
        rules.text ? h('p', { class: 'rules', lang: rules.lang !== lang() ? rules.lang : null, text: rules.text }) : null,
        h('div', { class: 'check-row' }, affirm, h('label', { for: affirmId, text: t('joinAffirm') })))
      : rules.text
        ? h('div', { class: 'card' },
          h('h2', { class: 'card-title', text: t('joinRules') }),
          h('p', { class: 'rules', lang: rules.lang !== lang() ? rules.lang : null, text: rules.text }))
        : null,
    h('div', { class: 'field' },
      h('label', { for: nickId, class: 'field-label', text: t('joinNick') }),
      h('div', { class: 'nick-row' }, nick, other),
      h('p', { id: hintId, class: 'field-hint', text: t('joinNickHint') })),
    h('div', { class: 'check-row' }, listen, h('label', { for: listenId, text: t('joinListen') })),
    err,
    enter,
    h('button', { type: 'button', class: 'btn btn-quiet btn-wide', text: t('joinBack'), onclick: opts.back }),
  );

  const el = h('section', { class: 'screen join' },
    title(t('joinTitle', { room: name })),
    desc.text ? h('p', { class: 'lead', lang: desc.lang !== lang() ? desc.lang : null, text: desc.text }) : null,
    form,
  );

  const api: JoinForm = {
    el,
    showError(text: string, field?: 'nick' | 'affirm') {
      err.textContent = text;
      const target = field === 'nick' ? nick : field === 'affirm' ? affirm : null;
      if (target) {
        target.setAttribute('aria-invalid', 'true');
        target.setAttribute('aria-describedby', field === 'nick' ? `${hintId} ${errId}` : errId);
        target.focus();
      }
    },
    setBusy(busy: boolean) {
      enter.disabled = busy;
      enter.textContent = busy ? t('joinJoining') : t('joinEnter');
    },
  };
  return api;
}

// ---- help directory --------------------------------------------------------------------

export function helpScreen(opts: {
  directory: Directory | null;
  failed: boolean;
  retry: () => void;
  close: () => void;
}): HTMLElement {
  const body: (HTMLElement | null)[] = [];
  if (opts.directory) {
    body.push(emergencyLine(opts.directory));
    body.push(h('ul', { class: 'help-list' }, opts.directory.entries.map((e) => entryCard(e))));
    body.push(h('p', { class: 'muted small', text: t('helpNote') }));
  } else if (opts.failed) {
    body.push(h('p', { class: 'muted', text: t('helpFailed') }),
      h('button', { type: 'button', class: 'btn btn-secondary', text: t('helpRetry'), onclick: opts.retry }));
  } else {
    body.push(h('p', { class: 'muted', text: t('helpLoading') }));
  }
  return h('div', { class: 'screen help' },
    h('div', { class: 'screen-top' },
      h('button', { type: 'button', class: 'btn btn-quiet help-close', onclick: opts.close },
        glyph('back'), h('span', { text: t('helpClose') }))),
    title(t('helpTitle')),
    h('p', { class: 'lead', text: t('helpLead') }),
    body,
    h('button', { type: 'button', class: 'btn btn-secondary btn-wide', text: t('helpClose'), onclick: opts.close }),
  );
}

// ---- stopped states --------------------------------------------------------------------

export function notice(opts: {
  titleKey: Key;
  textKey: Key;
  button: { key: Key; action: () => void };
  directory?: Directory | null;
}): HTMLElement {
  return h('section', { class: 'screen notice' },
    title(t(opts.titleKey)),
    h('p', { class: 'lead', text: t(opts.textKey) }),
    opts.directory ? h('ul', { class: 'help-list' }, opts.directory.entries.map((e) => entryCard(e))) : null,
    h('button', { type: 'button', class: 'btn btn-primary btn-wide', text: t(opts.button.key), onclick: opts.button.action }),
  );
}
