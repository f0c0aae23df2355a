// Pieces every screen uses: its title (focused when the screen opens) and the language switch.

import { h } from '../dom';
import { lang, t } from '../i18n';

export function title(text: string): HTMLHeadingElement {
  return h('h1', { class: 'screen-title', tabindex: '-1', text });
}

export function langButton(onSwitch: () => void): HTMLButtonElement {
  const target = lang() === 'ja' ? 'en' : 'ja';
  return h('button', {
    type: 'button', class: 'btn btn-quiet lang-switch', lang: target,
    'aria-label': t('switchLangLabel'), text: t('switchLang'), onclick: onSwitch,
  });
}
