// The participant's private word with a supporter, inside the room screen: the "ask a
// supporter" button (only while a supporter is in the room), the waiting state, and the 1:1
// thread with its own small text box. Plain DOM; the state is the session's PrivateWord.

import { clear, h, nextId } from '../../dom';
import { t } from '../../i18n';
import { Unsubscribe } from '../../state/emitter';
import { PrivateWord, Thread } from '../../state/private-word';
import { RoomStore } from '../../state/room-store';

export class PrivatePanel {
  // The row under the room's head: the ask button or the waiting line.
  readonly bar: HTMLDivElement;
  // The thread, shown in place of the room's log while open.
  readonly panel: HTMLElement;
  private readonly lines: HTMLOListElement;
  private readonly status: HTMLParagraphElement;
  private readonly input: HTMLTextAreaElement;
  private readonly form: HTMLFormElement;
  private readonly heading: HTMLHeadingElement;
  private readonly off: Unsubscribe;
  private shown = false;

  constructor(
    private readonly store: RoomStore,
    private readonly word: PrivateWord,
    private readonly showThread: (on: boolean) => void,
  ) {
    this.bar = h('div', { class: 'private-bar', 'aria-live': 'polite' });
    const headId = nextId('private');
    this.heading = h('h2', { id: headId, class: 'private-title', tabindex: '-1' });
    // Classes of their own (not .log, .composer): the room's log and dock stay the only ones.
    this.lines = h('ol', { class: 'private-log' });
    this.status = h('p', { class: 'note private-status', hidden: true });
    const inputId = nextId('pinput');
    this.input = h('textarea', { id: inputId, class: 'private-input', rows: '1', maxlength: '2000', autocomplete: 'off' });
    this.form = h('form', {
      class: 'private-composer', autocomplete: 'off',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const th = this.current();
        if (th && this.word.say(th.id, this.input.value)) this.input.value = '';
        else if (th) this.status.hidden = false;
        this.input.focus();
      },
    },
      h('label', { for: inputId, class: 'visually-hidden', text: t('privateLabel') }),
      this.input,
      h('button', { type: 'submit', class: 'btn btn-primary private-send', text: t('roomSend') }));
    this.panel = h('section', { class: 'private-panel', 'aria-labelledby': headId, hidden: true },
      h('div', { class: 'private-head' },
        this.heading,
        h('p', { class: 'muted small', text: t('privateLead') }),
        h('div', { class: 'row-buttons' },
          h('button', { type: 'button', class: 'btn btn-quiet btn-small', text: t('privateHide'), onclick: () => this.show(false) }),
          h('button', { type: 'button', class: 'btn btn-secondary btn-small private-end', text: t('privateEnd'), onclick: () => this.end() }))),
      h('div', { class: 'private-wrap', tabindex: '0', role: 'region', 'aria-labelledby': headId }, this.lines, this.status),
      h('div', { class: 'private-dock' }, this.form));
    this.off = word.changes.on((c) => {
      const th = this.current();
      if (c.type === 'ask' && c.room === store.id) this.render();
      else if (c.type === 'open' && th && th.id === c.thread) {
        this.render();
        this.show(true);
      } else if ((c.type === 'line' || c.type === 'ended') && th && th.id === c.thread) this.renderThread();
    });
    this.render();
  }

  dispose(): void {
    this.off();
  }

  // The room's staff count or settings changed: the ask button may come or go.
  refresh(): void {
    this.render();
  }

  private current(): Thread | undefined {
    const a = this.word.askIn(this.store.id);
    return a?.state === 'open' ? this.word.thread(a.thread) : undefined;
  }

  private show(on: boolean): void {
    this.shown = on;
    this.panel.hidden = !on;
    this.showThread(on);
    this.render();
    if (on) this.heading.focus();
  }

  private end(): void {
    const th = this.current();
    if (!th) return;
    if (th.ended) {
      this.word.close(th.id);
      this.show(false);
      return;
    }
    this.word.end(th.id);
  }

  private render(): void {
    clear(this.bar);
    const a = this.word.askIn(this.store.id);
    const th = this.current();
    if (th) {
      if (!this.shown) {
        this.bar.appendChild(h('button', { type: 'button', class: 'btn btn-secondary btn-small private-show', text: t('privateShow'), onclick: () => this.show(true) }));
      }
      this.renderThread();
      return;
    }
    if (this.shown) this.show(false);
    if (a && (a.state === 'asking' || a.state === 'waiting')) {
      this.bar.appendChild(h('p', { class: 'private-waiting', text: t('askWaiting') }));
      this.bar.appendChild(h('button', {
        type: 'button', class: 'btn btn-quiet btn-small', text: t('askCancel'),
        onclick: () => this.word.cancelAsk(this.store.id),
      }));
      return;
    }
    if (this.store.staff > 0 && this.store.joined && !this.store.badge) {
      this.bar.appendChild(h('button', {
        type: 'button', class: 'btn btn-secondary btn-small ask-supporter', 'aria-describedby': undefined,
        onclick: () => {
          this.word.ask(this.store.id).then((o) => {
            if (!o.ok) this.bar.appendChild(h('p', { class: 'form-error', text: t('askFailed') }));
          });
        },
      }, t('askButton'), h('span', { class: 'visually-hidden', text: ' ' + t('askExplain') })));
    }
  }

  private renderThread(): void {
    const th = this.current();
    if (!th) return;
    this.heading.textContent = t('privateTitle', { staff: th.staff });
    clear(this.lines);
    if (th.lines.length === 0) this.lines.appendChild(h('li', { class: 'note empty', text: t('privateEmpty') }));
    for (const l of th.lines) {
      const mine = l.from === th.me;
      this.lines.appendChild(h('li', { class: `ev msg${mine ? ' mine' : ''}${l.n === 0 ? ' is-pending' : ''}` },
        h('div', { class: 'bubble' },
          h('p', { class: 'ev-meta' }, h('span', { class: 'nick', text: mine ? t('roomYouNick', { nick: l.nick }) : l.nick })),
          h('p', { class: 'ev-text', text: l.text }))));
    }
    const ended = th.ended !== '';
    this.status.textContent = ended ? t(th.ended === 'staff' ? 'privateEndedStaff' : 'privateEndedMe') : t('roomNotConnected');
    this.status.hidden = !ended;
    this.form.hidden = ended;
    const endBtn = this.panel.querySelector('.private-end');
    if (endBtn) endBtn.textContent = ended ? t('privateClose') : t('privateEnd');
  }
}
