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
  const docLang = document.documentElement.lang;
  // The label only beside real hours: "受付時間：24時間", never "受付 受付時間は…".
  const hoursLine = hours && hours.text
    ? h('p', { class: 'help-hours' },
      h('span', { class: 'help-hours-label', text: t('helpHours') }),
      h('span', { text: hours.text, lang: hours.lang !== docLang ? hours.lang : null }))
    : e.tel ? h('p', { class: 'help-hours', text: t('helpHoursUnknown') }) : null;
  return h(
    'li',
    { class: 'help-entry' + (e.tel ? '' : ' help-kind') },
    textEl(headingTag, 'help-name', e.name),
    textEl('p', 'help-about', e.about),
    textEl('p', 'help-find', e.find),
    hoursLine,
    e.tel ? callLink({ name: e.name, tel: e.tel }) : null,
    e.url ? siteLink(e.name, e.url) : null,
  );
}

// A window's own site, opened without telling it where the person came from.
function siteLink(name: Text2, url: string): HTMLAnchorElement {
  return h('a', {
    class: 'site-link', href: url, target: '_blank', rel: 'noopener noreferrer',
    'aria-label': t('helpSite', { name: pick(name).text }),
  }, h('span', { text: t('helpSiteShort') }));
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
