// The room's dock: a quiet note line, the stamp row and the text box with its send button.
// The text box is never cleared by a reconnect; it is kept on the RoomStore (in memory only)
// so a room shown again finds its draft.

import { h, nextId } from '../../dom';
import { t } from '../../i18n';
import { StampKey, stampKeys } from '../../protocol';
import { RoomStore } from '../../state/room-store';
import { ReplyBar } from './reply-bar';
import { stampButton } from './stamps';

// The server's limit (protocol/limits.hpp), in code points; the counter shows from here on.
const maxChars = 2000;
const counterFrom = 1800;

export class Composer {
  readonly el: HTMLElement;
  private readonly note: HTMLParagraphElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly sendBtn: HTMLButtonElement;
  private readonly stampBtns: HTMLButtonElement[];
  private readonly counter: HTMLParagraphElement;
  readonly reply: ReplyBar;
  private blocked = false;

  constructor(private readonly store: RoomStore, private readonly afterSend: () => void) {
    this.note = h('p', { class: 'dock-note', 'aria-live': 'polite' });
    this.stampBtns = stampKeys.map((key) => stampButton(key, () => this.sendStamp(key)));
    const stampRow = h('div', { class: 'stamps', role: 'group', 'aria-label': t('roomStampsLabel') }, this.stampBtns);

    const taId = nextId('composer');
    this.textarea = h('textarea', {
      id: taId,
      class: 'composer-input',
      rows: '1',
      // No maxlength: a silent cut would lose words. The counter says when it is too long.
      autocomplete: 'off',
      autocapitalize: 'sentences',
      placeholder: t('roomComposerPlaceholder'),
    });
    this.textarea.value = store.draft;
    const counterId = nextId('counter');
    this.counter = h('p', { id: counterId, class: 'char-counter', 'aria-live': 'polite', hidden: true });
    this.textarea.setAttribute('aria-describedby', counterId);
    this.reply = new ReplyBar(store, () => this.textarea.focus());
    this.textarea.addEventListener('input', () => {
      store.draft = this.textarea.value;
      this.grow();
      this.count();
    });
    this.textarea.addEventListener('keydown', (e: KeyboardEvent) => {
      // Enter makes a new line on a phone; Ctrl/Cmd+Enter sends from a keyboard.
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.sendText();
      }
    });
    this.sendBtn = h('button', { type: 'submit', class: 'btn btn-primary send', text: t('roomSend') });
    const form = h(
      'form',
      {
        class: 'composer',
        autocomplete: 'off',
        onsubmit: (e: Event) => {
          e.preventDefault();
          this.sendText();
        },
      },
      h('label', { for: taId, class: 'visually-hidden', text: t('roomComposerLabel') }),
      this.textarea,
      this.sendBtn,
    );
    this.el = h('div', { class: 'dock' }, this.note, stampRow, this.reply.el, form, this.counter);
    this.count();
  }

  // Near the limit, how many are left; past it, how many too many (and sending waits).
  private count(): void {
    const n = Array.from(this.textarea.value).length;
    const over = n > maxChars;
    this.counter.hidden = n < counterFrom;
    this.counter.textContent = over ? t('charsOver', { n: n - maxChars }) : t('charsLeft', { n: maxChars - n });
    this.counter.classList.toggle('is-over', over);
    this.sendBtn.disabled = this.blocked || over;
  }

  // Answer this message with words: the quote sits above the box until sent or cancelled.
  replyTo(seq: number): void {
    this.reply.set(seq);
    this.textarea.focus();
  }

  say(text: string): void {
    this.note.textContent = text;
  }

  setBlocked(blocked: boolean): void {
    this.blocked = blocked;
    this.sendBtn.disabled = blocked || Array.from(this.textarea.value).length > maxChars;
    this.stampBtns.forEach((b) => (b.disabled = blocked));
  }

  // A send the server refused comes back into the box, before whatever is there now.
  restoreDraft(text: string): void {
    const now = this.textarea.value;
    this.setText(now.trim() === '' ? text : text + '\n' + now);
  }

  sendStamp(stamp: StampKey, on?: number): void {
    if (this.store.stamp(stamp, on) === 'not_connected') {
      this.note.textContent = t('roomNotConnected');
      return;
    }
    this.note.textContent = '';
  }

  private sendText(): void {
    const text = this.textarea.value;
    if (text.trim() === '') {
      this.textarea.focus();
      return;
    }
    if (Array.from(text).length > maxChars) {
      this.count();
      return;
    }
    const result = this.store.say(text, this.reply.seq ?? undefined);
    if (result === 'not_connected') {
      this.note.textContent = t('roomNotConnected');
      return;
    }
    this.setText('');
    this.reply.clear();
    // Written offline: kept in memory and sent by itself when the connection returns.
    this.note.textContent = result === 'queued' ? t('draftQueued') : '';
    this.afterSend();
    this.textarea.focus();
  }

  private setText(text: string): void {
    this.textarea.value = text;
    this.store.draft = text;
    this.grow();
    this.count();
  }

  private grow(): void {
    // Setting a size from script is allowed by the CSP (it is CSSOM, not a style attribute).
    this.textarea.style.height = 'auto';
    this.textarea.style.height = Math.min(this.textarea.scrollHeight + 2, 180) + 'px';
  }
}
