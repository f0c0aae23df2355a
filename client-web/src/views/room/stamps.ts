// Stamp buttons (in the dock and in a message's menu) and the stamp shown in the log.

import { h } from '../../dom';
import { Key, t } from '../../i18n';
import { glyph, stamps } from '../../icons';
import { StampKey } from '../../protocol';

export function stampButton(key: StampKey, onclick: () => void, small = false): HTMLButtonElement {
  const look = stamps[key];
  const label = t(look.label as Key);
  return h(
    'button',
    { type: 'button', class: small ? 'stamp-btn stamp-btn-small' : 'stamp-btn', 'data-stamp': key, onclick },
    look.glyph ? glyph(look.glyph, 'stamp-glyph') : null,
    h('span', { text: label }),
  );
}

export function stampPill(key: string): HTMLElement {
  const look = stamps[key as StampKey];
  if (!look) return h('span', { class: 'stamp-pill', text: key });
  return h(
    'span',
    { class: 'stamp-pill', 'data-stamp': key },
    look.glyph ? glyph(look.glyph, 'stamp-glyph') : null,
    h('span', { text: t(look.label as Key) }),
  );
}

export function stampLabel(key: string): string {
  return t((stamps[key as StampKey]?.label ?? 'stamp_like') as Key);
}
