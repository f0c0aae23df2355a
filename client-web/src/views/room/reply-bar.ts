// Issue 13: the quoted reply above the text box — "replying to くも: 「…」" and a way to cancel.
// The seq answered goes with the say as `re`; the quote itself is drawn by each reader from
// their own log (message-parts.ts), so nothing of the original is sent again.

import { h } from '../../dom';
import { t } from '../../i18n';
import { RoomStore } from '../../state/room-store';
import { quoteEl } from './message-parts';

export class ReplyBar {
  readonly el: HTMLDivElement;
  seq: number | null = null;

  constructor(private readonly store: RoomStore, private readonly back: () => void) {
    this.el = h('div', { class: 'reply-bar', hidden: true });
  }

  set(seq: number): void {
    this.seq = seq;
    const q = this.store.quoted(seq);
    this.el.replaceChildren(
      h('p', { class: 'reply-to', text: t('replyTo', { nick: q?.nick ?? '' }) }),
      quoteEl(this.store, seq),
      h('button', {
        type: 'button', class: 'btn btn-quiet btn-small reply-cancel', text: t('replyCancel'),
        onclick: () => {
          this.clear();
          this.back();
        },
      }));
    this.el.hidden = false;
  }

  clear(): void {
    this.seq = null;
    this.el.hidden = true;
    this.el.replaceChildren();
  }
}
