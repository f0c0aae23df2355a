// Who is here: the count in the room's head, and the panel with names (in rooms that show
// names), each with "hide for me", plus the people hidden so far.

import { clear, h } from '../../dom';
import { t } from '../../i18n';
import { RoomStore } from '../../state/room-store';
import { badgeEl } from './room-log';

export interface PeopleActions {
  hide(member: string, nick: string): void;
  unhide(member: string): void;
}

export function renderPeople(store: RoomStore, text: HTMLElement, panel: HTMLElement, actions: PeopleActions): void {
  const p = store.presence;
  const count = p ? p.count : store.info.members;
  // Issue 13: listeners are a number (`quiet`: not yet written or stamped in this visit).
  const listening = p ? p.quiet ?? p.listening : store.info.listening;
  text.textContent = t('roomPresence', { n: count, l: listening });
  clear(panel);
  if (store.info.presence === 'names' && p?.members) {
    const ul = h('ul', { class: 'people-list', 'aria-label': t('roomPeople') });
    for (const m of p.members) {
      const isHidden = store.isHidden(m.member);
      const me = store.isMine(m.member);
      ul.appendChild(h('li', { class: 'person' },
        h('span', { class: 'person-nick' }, me ? t('roomYouNick', { nick: m.nick }) : m.nick, badgeEl(m.badge)),
        h('span', { class: `tag ${m.listening ? 'tag-listening' : 'tag-talking'}`, text: m.listening ? t('listeningTag') : t('talkingTag') }),
        !me
          ? h('button', {
            type: 'button', class: 'btn btn-secondary btn-small',
            text: isHidden ? t('roomUnhide') : t('roomHideShort'),
            'aria-label': isHidden ? t('roomUnhideNamed', { nick: m.nick }) : t('roomHideNamed', { nick: m.nick }),
            onclick: () => (isHidden ? actions.unhide(m.member) : actions.hide(m.member, m.nick)),
          })
          : null));
    }
    panel.appendChild(ul);
    if ((p.quiet ?? 0) > 0) panel.appendChild(h('p', { class: 'people-quiet', text: t('roomQuietOthers', { q: p.quiet ?? 0 }) }));
  } else {
    panel.appendChild(h('p', { class: 'muted', text: t('roomPresenceCountsOnly') }));
  }
  if (p && !(p.members ?? []).some((m) => store.isMine(m.member))) panel.appendChild(h('p', { class: 'muted small you-quiet', text: t('roomYouQuiet', { nick: store.nick }) }));
  panel.appendChild(h('p', { class: 'muted small', text: t('roomHideExplain') }));
  const hidden = store.hidden;
  const hiddenIds = Object.keys(hidden);
  if (hiddenIds.length > 0) {
    panel.appendChild(h('h2', { class: 'panel-title', text: t('roomHiddenPeople') }));
    panel.appendChild(h('ul', { class: 'people-list' }, hiddenIds.map((id) =>
      h('li', { class: 'person' }, h('span', { class: 'person-nick', text: hidden[id] || t('roomHiddenSomeone') }),
        h('button', {
          type: 'button', class: 'btn btn-secondary btn-small', text: t('roomUnhide'),
          'aria-label': t('roomUnhideNamed', { nick: hidden[id] || t('roomHiddenSomeone') }), onclick: () => actions.unhide(id),
        })))));
  }
}
