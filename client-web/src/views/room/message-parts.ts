// Issue 13: the small parts of a message line — the quote of the message it answers, a long
// text folded behind "read more", the "new since you were here" line, and the grouping of one
// person's consecutive messages (one name, one time, for a run of lines).

import { h } from '../../dom';
import { t } from '../../i18n';
import { RoomStore } from '../../state/room-store';

// Past either, a message shows its beginning and a "read more" button.
const foldChars = 360;
const foldLines = 8;
// Lines of one person within this long of each other read as one run.
const groupMs = 5 * 60 * 1000;

function snippet(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > max ? chars.slice(0, max).join('') + '…' : chars.join('');
}

// "くもさん：「今日は外に…」" from the log, or "a reply to an earlier message" when the original
// is not held (older than the log, or hidden).
export function quoteEl(store: RoomStore, re: number): HTMLElement {
  const q = store.quoted(re);
  return h('p', { class: 'ev-quote', 'data-re': re },
    q ? t('quoteOf', { nick: q.nick, text: snippet(q.text, 40) }) : t('quoteEarlier'));
}

// Whether a text is long enough to fold, and where: in code points, never inside a character.
export function foldAt(text: string): number {
  const chars = Array.from(text);
  let cut = chars.length > foldChars ? foldChars : -1;
  let lines = 0;
  for (let i = 0; i < chars.length && (cut < 0 || i < cut); i++) {
    if (chars[i] === '\n' && ++lines >= foldLines) {
      cut = i;
      break;
    }
  }
  return cut;
}

// The text of a message: whole, or its beginning with "read more" / "show less".
export function messageText(text: string): HTMLElement {
  const cut = foldAt(text);
  const p = h('p', { class: 'ev-text', text });
  if (cut < 0) return p;
  const short = Array.from(text).slice(0, cut).join('') + '…';
  p.textContent = short;
  const btn = h('button', { type: 'button', class: 'btn btn-quiet btn-small read-more', 'aria-expanded': 'false', text: t('readMore') });
  btn.addEventListener('click', () => {
    const open = btn.getAttribute('aria-expanded') !== 'true';
    p.textContent = open ? text : short;
    btn.setAttribute('aria-expanded', String(open));
    btn.textContent = open ? t('readLess') : t('readMore');
  });
  return h('div', { class: 'ev-fold' }, p, btn);
}

// A list item of its own (a role on an <li> would break the list for screen readers); its words
// are read like any line, and the arrow keys stop on it.
export function dividerEl(): HTMLLIElement {
  return h('li', { class: 'new-since', tabindex: '-1' }, h('span', { text: t('newSince') }));
}

// Marks each message that follows one of the same person closely as `grouped` (its name and
// time are not repeated). Run over the whole log: it is at most a few hundred lines.
export function markGroups(log: HTMLElement): void {
  let prevFrom = '';
  let prevTs = 0;
  for (const li of Array.from(log.children) as HTMLElement[]) {
    const isMsg = li.classList.contains('msg');
    const from = isMsg ? li.getAttribute('data-from') ?? '' : '';
    const ts = Number(li.getAttribute('data-ts') ?? 0);
    li.classList.toggle('grouped', isMsg && from !== '' && from === prevFrom && ts - prevTs < groupMs);
    prevFrom = from;
    prevTs = ts;
  }
}
