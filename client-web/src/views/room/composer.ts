// The room's dock: a quiet note line, the stamp row and the text box with its send button.
// The text box is never cleared by a reconnect; it is kept on the RoomStore (in memory only)
// so a room shown again finds its draft.

import { h, nextId } from '../../dom';
import { t } from '../../i18n';
import { StampKey, stampKeys } from '../../protocol';
import { RoomStore } from '../../state/room-store';
import { stampButton } from './stamps';

export class Composer {
  readonly el: HTMLElement;
  private readonly note: HTMLParagraphElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly sendBtn: HTMLButtonElement;
  private readonly stampBtns: HTMLButtonElement[];

  constructor(private readonly store: RoomStore, private readonly afterSend: () => void) {
    this.note = h('p', { class: 'dock-note', 'aria-live': 'polite' });
    this.stampBtns = stampKeys.map((key) => stampButton(key, () => this.sendStamp(key)));
    const stampRow = h('div', { class: 'stamps', role: 'group', 'aria-label': t('roomStampsLabel') }, this.stampBtns);

    const taId = nextId('composer');
    this.textarea = h('textarea', {
      id: taId,
      class: 'composer-input',
      rows: '1',
      maxlength: '2000',
      autocomplete: 'off',
      autocapitalize: 'sentences',
      placeholder: t('roomComposerPlaceholder'),
    });
    this.textarea.value = store.draft;
    this.textarea.addEventListener('input', () => {
      store.draft = this.textarea.value;
      this.grow();
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
    this.el = h('div', { class: 'dock' }, this.note, stampRow, form);
  }

  say(text: string): void {
    this.note.textContent = text;
  }

  setBlocked(blocked: boolean): void {
    this.sendBtn.disabled = blocked;
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
    if (this.store.say(text) === 'not_connected') {
      this.note.textContent = t('roomNotConnected');
      return;
    }
    this.setText('');
    this.note.textContent = '';
    this.afterSend();
    this.textarea.focus();
  }

  private setText(text: string): void {
    this.textarea.value = text;
    this.store.draft = text;
    this.grow();
  }

  private grow(): void {
    // Setting a size from script is allowed by the CSP (it is CSSOM, not a style attribute).
    this.textarea.style.height = 'auto';
    this.textarea.style.height = Math.min(this.textarea.scrollHeight + 2, 180) + 'px';
  }
}
