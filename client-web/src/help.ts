// The help directory: hotlines and local windows, read from /help/directory.json so organisers
// can edit it without touching code. Loaded once per page, on the first screen.

import { h } from './dom';
import { glyph } from './icons';
import { pick, t } from './i18n';
import { Text2 } from './protocol';

export interface HelpEntry {
  id: string;
  name: Text2;
  about?: Text2;
  tel: string;
  hours: Text2 | null;
  featured?: boolean;
}

export interface Directory {
  emergency: { name: Text2; tel: string } | null;
  entries: HelpEntry[];
}

function isText2(v: unknown): v is Text2 {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

// Keeps only well-formed entries: a typo in the data file must not break the page.
export function parseDirectory(raw: unknown): Directory {
  const out: Directory = { emergency: null, entries: [] };
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as Record<string, unknown>;
  const em = r.emergency as Record<string, unknown> | undefined;
  if (em && typeof em.tel === 'string' && isText2(em.name)) out.emergency = { tel: em.tel, name: em.name };
  if (Array.isArray(r.entries)) {
    for (const e of r.entries as Record<string, unknown>[]) {
      if (!e || typeof e.tel !== 'string' || !isText2(e.name)) continue;
      out.entries.push({
        id: typeof e.id === 'string' ? e.id : e.tel,
        name: e.name,
        about: isText2(e.about) ? e.about : undefined,
        tel: e.tel,
        hours: isText2(e.hours) ? e.hours : null,
        featured: e.featured === true,
      });
    }
  }
  return out;
}

let loading: Promise<Directory> | null = null;

export function loadDirectory(): Promise<Directory> {
  if (!loading) {
    loading = fetch('/help/directory.json', { cache: 'no-cache', credentials: 'omit' })
      .then((res) => {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      })
      .then(parseDirectory)
      .catch((err) => {
        loading = null; // allow a retry
        throw err;
      });
  }
  return loading;
}

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
