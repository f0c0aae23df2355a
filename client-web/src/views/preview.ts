// Issue 13, "looking without being seen": the read-only look into a room before joining. An
// open room shows its last messages and how many are there (listeners only as a number); a
// gated room only its description and rules. Nobody in the room is told. Loaded with import()
// from participant.ts (its own chunk: the first screen stays small), with its own words.

import { h } from '../dom';
import { clockTime, lang, pick } from '../i18n';
import { RoomInfo } from '../protocol';
import { PreviewLine, PreviewShown, PreviewStore } from '../state/preview';
import { Requests } from '../state/requests';

const words = {
  ja: {
    lead: 'ここで読んでいても、部屋の人には伝わりません。ニックネームもいりません。',
    recent: '最近のメッセージ',
    none: 'いまは、まだ誰も書いていません。',
    counts: 'いまここにいる人 {n}人（聞いている人 {q}人）',
    countsNone: 'いまは、誰もいません。',
    loading: '読みこんでいます…',
    about: 'この部屋は、入ってから読めるようになっています。どんな部屋かは、こちらをごらんください。',
    closed: 'この部屋はいま開いていません。どんな部屋かは、こちらをごらんください。',
    description: 'どんな部屋か',
    rules: 'この部屋の約束',
    failed: 'いまは読みこめませんでした。少ししてから、もう一度どうぞ。',
    slow: '続けてのぞくと、少しお待ちいただくことがあります。{s}秒ほどしてから、もう一度どうぞ。',
    hidden: 'このメッセージは、見守りの人が非表示にしました。',
    refresh: '新しくする',
    enter: 'この部屋に入る',
    regionLabel: '最近のメッセージ（読むだけ）',
  },
  en: {
    lead: 'Reading here is not shown to anyone in the room. No nickname needed.',
    recent: 'Recent messages',
    none: 'Nobody has written here yet.',
    counts: '{n} here now ({q} listening)',
    countsNone: 'Nobody is here right now.',
    loading: 'Loading…',
    about: 'This room can be read once you are inside. Here is what it is about.',
    closed: 'This room is not open right now. Here is what it is about.',
    description: 'About this room',
    rules: 'This room’s agreements',
    failed: 'This could not be loaded just now. Please try again in a little while.',
    slow: 'Looking several times in a row asks for a short wait. Please try again in about {s} seconds.',
    hidden: 'A supporter hid this message.',
    refresh: 'Refresh',
    enter: 'Enter this room',
    regionLabel: 'Recent messages (read only)',
  },
};
type Word = keyof typeof words.ja;

function w(key: Word, vars?: Record<string, string | number>): string {
  let s: string = words[lang()][key];
  for (const k of Object.keys(vars ?? {})) s = s.split(`{${k}}`).join(String((vars ?? {})[k]));
  return s;
}

function line(l: PreviewLine): HTMLLIElement {
  const time = h('time', { datetime: new Date(l.ts).toISOString(), text: clockTime(l.ts) });
  if (l.hidden) return h('li', { class: 'note tombstone' }, h('span', { text: w('hidden') }), ' ', time);
  return h('li', { class: `ev msg${l.badge ? ' by-staff' : ''}` },
    h('div', { class: 'bubble' },
      h('p', { class: 'ev-meta' }, h('span', { class: 'nick', text: l.nick }), time),
      h('p', { class: 'ev-text', text: l.text })));
}

function aboutCard(room: RoomInfo): HTMLElement {
  const desc = pick(room.description);
  const rules = pick(room.rules);
  return h('div', { class: 'card preview-about' },
    desc.text ? h('h2', { class: 'card-title', text: w('description') }) : null,
    desc.text ? h('p', { lang: desc.lang !== lang() ? desc.lang : null, text: desc.text }) : null,
    rules.text ? h('h2', { class: 'card-title', text: w('rules') }) : null,
    rules.text ? h('p', { class: 'rules', lang: rules.lang !== lang() ? rules.lang : null, text: rules.text }) : null);
}

function body(room: RoomInfo, shown: PreviewShown): HTMLElement[] {
  switch (shown.kind) {
    case 'loading':
      return [h('p', { class: 'muted loading', text: w('loading') })];
    case 'failed':
      return [h('p', {
        class: 'muted',
        text: shown.code === 'rate_limited' ? w('slow', { s: Math.max(1, Math.ceil((shown.retryAfterMs ?? 2000) / 1000)) }) : w('failed'),
      })];
    case 'about':
      return [h('p', { class: 'preview-gated', text: room.state === 'closed' ? w('closed') : w('about') }), aboutCard(room)];
    case 'messages':
      return [
        h('p', { class: 'preview-counts', text: shown.count > 0 ? w('counts', { n: shown.count, q: shown.quiet }) : w('countsNone') }),
        h('h2', { class: 'panel-title', text: w('recent') }),
        shown.lines.length === 0
          ? h('p', { class: 'muted', text: w('none') })
          : h('ul', { class: 'log preview-log', 'aria-label': w('regionLabel') }, shown.lines.map(line)),
      ];
  }
}

// Fills `screen` (built by participant.ts with the way back, the language switch and the
// heading, so the heading is there to focus before this chunk arrives) and starts the first
// look. The returned function lets go of the store.
export function fillPreview(screen: HTMLElement, opts: {
  room: RoomInfo;
  requests: Requests;
  enter: (() => void) | null; // null: the room cannot be entered now
}): () => void {
  const store = new PreviewStore(opts.requests, opts.room.id);
  const content = h('div', { class: 'preview-body', 'aria-live': 'polite' });
  const draw = (shown: PreviewShown) => {
    content.replaceChildren(...body(opts.room, shown));
  };
  draw(store.shown);
  const off = store.changes.on(draw);
  screen.append(
    h('p', { class: 'lead', text: w('lead') }),
    content,
    h('button', { type: 'button', class: 'btn btn-secondary preview-refresh', text: w('refresh'), onclick: () => void store.look() }),
  );
  if (opts.enter) screen.append(h('button', { type: 'button', class: 'btn btn-primary btn-wide preview-enter', text: w('enter'), onclick: opts.enter }));
  void store.look();
  return () => {
    off();
    store.dispose();
  };
}
