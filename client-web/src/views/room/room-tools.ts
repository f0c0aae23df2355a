// Issue 13: what a person may want without leaving the room — the room's promises (its rules),
// the language switch, and the opt-in count on a background tab. One <details>, closed at first.

import { h, nextId } from '../../dom';
import { lang, pick, t } from '../../i18n';
import { RoomStore } from '../../state/room-store';
import { langButton } from '../common';
import { setTabCount, tabCountOn } from './tab-count';

export function roomTools(store: RoomStore, switchLang: (() => void) | undefined): HTMLElement {
  const rules = pick(store.info.rules);
  const boxId = nextId('tab-count');
  const box = h('input', {
    type: 'checkbox', id: boxId, class: 'tab-count-switch', checked: tabCountOn(),
    onchange: () => setTabCount(box.checked),
  });
  return h('details', { class: 'room-tools' },
    h('summary', { text: rules.text ? t('roomRulesTitle') : t('roomToolsTitle') }),
    rules.text ? h('p', { class: 'rules', lang: rules.lang !== lang() ? rules.lang : null, text: rules.text }) : null,
    switchLang ? langButton(switchLang) : null,
    h('p', { class: 'tab-count-row' }, box, h('label', { for: boxId, text: t('tabCountLabel') })));
}
