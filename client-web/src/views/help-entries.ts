// The help directory's pieces on screen: a call link, one entry card, the emergency line.
// Numbers are links (tel:), so one tap calls.

import { h } from '../dom';
import { glyph } from '../icons';
import { pick, t } from '../i18n';
import { Text2 } from '../protocol';
import { Directory, HelpEntry } from '../state/help-directory';

function telHref(tel: string): string {
  return 'tel:' + tel.replace(/[^0-9+#*]/g, '');
}

function textEl(tag: 'h2' | 'h3' | 'p' | 'span', cls: string, text: Text2 | undefined): HTMLElement | null {
  const p = pick(text);
  if (!p.text) return null;
  const el = h(tag, { class: cls, text: p.text });
  if (p.lang !== document.documentElement.lang) el.setAttribute('lang', p.lang);
  return el;
}

export function callLink(entry: { name: Text2; tel: string }, cls = 'call'): HTMLAnchorElement {
  const name = pick(entry.name).text;
  return h(
    'a',
    { class: cls, href: telHref(entry.tel), 'aria-label': `${name} ${t('helpCall', { tel: entry.tel })}` },
    glyph('phone'),
    h('span', { class: 'call-number', text: entry.tel }),
  );
}

export function entryCard(e: HelpEntry, headingTag: 'h2' | 'h3' = 'h2'): HTMLElement {
  const hours = e.hours ? pick(e.hours) : null;
  return h(
    'li',
    { class: 'help-entry' },
    textEl(headingTag, 'help-name', e.name),
    textEl('p', 'help-about', e.about),
    h(
      'p',
      { class: 'help-hours' },
      h('span', { class: 'help-hours-label', text: t('helpHours') }),
      ' ',
      hours && hours.text
        ? h('span', { text: hours.text, lang: hours.lang !== document.documentElement.lang ? hours.lang : null })
        : h('span', { text: t('helpHoursUnknown') }),
    ),
    callLink(e),
  );
}

export function emergencyLine(d: Directory): HTMLElement | null {
  if (!d.emergency) return null;
  const tel = d.emergency.tel;
  const p = h('p', { class: 'help-emergency' });
  // The number sits inside the sentence, where each language puts it.
  const parts = t('helpEmergency', { tel: '\u0000' }).split('\u0000');
  p.append(parts[0], h('a', { href: telHref(tel), class: 'inline-call', text: tel }), parts[1] ?? '');
  return p;
}
