// The room's log on screen: messages and stamps from the RoomStore's items, notes, sends still
// on their way, a "new below" button, and following new lines only when the reader is at the
// end. Each message of someone else has a "…" menu (answer with a stamp, hide the person).

import { clear, h, nextId } from '../../dom';
import { glyph } from '../../icons';
import { Key, t } from '../../i18n';
import { MessageEvent as Msg, ReportReason, StampEvent, StampKey, stampKeys } from '../../protocol';
import { Outcome } from '../../state/requests';
import { Item, RoomStore, Tombstone } from '../../state/room-store';
import { EarlierControl } from './earlier-control';
import { keyboardLog } from './log-keys';
import { dividerEl, markGroups, messageText, quoteEl } from './message-parts';
import { reportForm } from './report-form';
import { stampButton, stampPill } from './stamps';

export interface LogActions {
  stamp(key: StampKey, on: number): void;
  hide(member: string, nick: string): void;
  unhide(member: string): void;
  toRooms(): void;
  report(seq: number, reason: ReportReason, note: string): Promise<Outcome>;
  say(text: string): void; // a quiet line in the dock
  reply(ev: Msg): void; // issue 13: answer this message with words (a quoted reply)
}

// What a supporter's screen adds to the log (issue 11): tools in each message's menu and on
// each tombstone. The participant's screen passes none.
export interface StaffLogTools {
  messageTools(ev: Msg | StampEvent, close: () => void): HTMLElement[];
  tombstoneTools(item: Tombstone): HTMLElement | null;
  // A small mark beside a message's time (issue 12: contact details masked).
  messageMark?(ev: Msg): HTMLElement | null;
}

export function badgeEl(badge: string | undefined): HTMLElement | null {
  if (badge !== 'supporter' && badge !== 'organiser') return null;
  return h('span', { class: 'badge', text: t(('badge_' + badge) as Key) });
}

function two(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function clock(ts: number): string {
  const d = new Date(ts);
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
}

function snippet(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > 16 ? chars.slice(0, 16).join('') + '…' : chars.join('');
}

export class RoomLog {
  readonly wrap: HTMLDivElement;
  private readonly log: HTMLOListElement;
  private readonly pendingList: HTMLOListElement;
  private readonly newBelow: HTMLButtonElement;
  private stick = true;
  // Issue 13: lines from others that came while the reader was further up; the older history
  // control at the top.
  private newCount = 0;
  readonly earlier: EarlierControl;

  constructor(private readonly store: RoomStore, private readonly actions: LogActions,
    private readonly staff: StaffLogTools | null = null) {
    this.log = h('ol', { class: 'log' });
    this.pendingList = h('ol', { class: 'log log-pending', 'aria-label': t('roomSending') });
    this.newBelow = h('button', {
      type: 'button', class: 'btn new-below', hidden: true, text: t('roomNewBelow') + ' ↓',
      onclick: () => this.scrollToEnd(),
    });
    this.earlier = new EarlierControl(store);
    // Focusable so the log can be scrolled from a keyboard; a labelled region for screen readers.
    // One tab stop: the arrow keys move between its lines (log-keys.ts).
    const hintId = nextId('log-keys');
    this.wrap = h('div', {
      class: 'log-wrap', tabindex: '0', role: 'region', 'aria-label': t('roomMessagesLabel'), 'aria-describedby': hintId,
    }, h('p', { id: hintId, class: 'visually-hidden', text: t('roomLogKeys') }),
    this.earlier.el, this.log, this.pendingList, this.newBelow);
    keyboardLog(this.wrap, this.log);
    this.wrap.addEventListener('scroll', this.onScroll, { passive: true });
    window.addEventListener('scroll', this.onScroll, { passive: true });
    for (const p of store.pending()) this.pendingAdded(p.id);
  }

  dispose(): void {
    window.removeEventListener('scroll', this.onScroll);
  }

  // ---- from the store ----------------------------------------------------------------

  appended(item: Item, dropped: boolean): void {
    if (dropped) this.log.querySelector(':scope > li:not(.new-since)')?.remove();
    const near = this.isNearEnd();
    this.log.querySelector('.empty')?.remove();
    const li = this.renderItem(item);
    if (li) {
      if (this.needsDivider(item)) this.log.appendChild(dividerEl());
      this.log.appendChild(li);
      markGroups(this.log);
      if (this.log.childElementCount === 1) this.earlier.render(); // the first line: older may exist
      if (this.fromOther(item) && !(this.flowMode() ? near : this.stick)) this.newCount += 1;
      this.followNew(near);
    }
  }

  // Issue 13: older history came in at the top. The reader's view stays on what they were
  // reading: the scroll position grows by what was added above it.
  prepended(items: Item[]): void {
    this.log.querySelector('.empty')?.remove();
    const flow = this.flowMode();
    const s = flow ? (document.scrollingElement ?? document.documentElement) : this.wrap;
    const before = s.scrollHeight;
    const top = s.scrollTop;
    const frag = document.createDocumentFragment();
    for (const item of items) {
      const li = this.renderItem(item);
      if (li) frag.appendChild(li);
    }
    this.log.insertBefore(frag, this.log.firstChild);
    markGroups(this.log);
    const grown = s.scrollHeight - before;
    if (flow) window.scrollTo(0, top + grown);
    else this.wrap.scrollTop = top + grown;
  }

  // The "new since you were here" line moved (a rejoin, the room shown again): draw it again.
  dividerMoved(): void {
    this.log.querySelector(':scope > .new-since')?.remove();
    const after = this.store.dividerAfter;
    if (after < 0) return;
    for (const li of Array.from(this.log.children) as HTMLElement[]) {
      const seq = Number(li.getAttribute('data-seq') ?? 0);
      const from = li.getAttribute('data-from');
      if (seq > after && from && !this.store.isMine(from)) {
        this.log.insertBefore(dividerEl(), li);
        return;
      }
    }
  }

  private fromOther(item: Item): boolean {
    return (item.kind === 'message' || item.kind === 'stamp') && !this.store.isMine(item.ev.from) && !this.store.isHidden(item.ev.from);
  }

  private needsDivider(item: Item): boolean {
    const after = this.store.dividerAfter;
    if (after < 0 || !this.fromOther(item) || this.log.querySelector(':scope > .new-since')) return false;
    return (item as { ev: { seq: number } }).ev.seq > after;
  }

  // A supporter hid or restored the entry with this seq: swap its line in place.
  replaced(seq: number, item: Item): void {
    const old = this.log.querySelector(`li[data-seq="${seq}"]`);
    if (!old) return;
    const li = this.renderItem(item);
    if (li) old.replaceWith(li);
    else old.remove();
  }

  renderAll(): void {
    clear(this.log);
    let shown = 0;
    for (const item of this.store.items) {
      const li = this.renderItem(item);
      if (li) {
        this.log.appendChild(li);
        shown += 1;
      }
    }
    if (shown === 0) this.log.appendChild(h('li', { class: 'note empty', text: t('roomEmpty') }));
    this.dividerMoved();
    markGroups(this.log);
    this.earlier.render();
    if (!this.flowMode()) this.scrollToEnd();
  }

  pendingAdded(id: string): void {
    const p = this.store.pending().find((x) => x.id === id);
    if (!p || p.out.kind !== 'say') return; // a stamp shows once it is confirmed
    const queued = this.store.isQueued(id);
    this.pendingList.appendChild(
      h('li', { class: `ev msg mine is-pending${queued ? ' is-queued' : ''}`, 'data-id': id },
        h('div', { class: 'bubble' },
          h('p', { class: 'ev-meta' }, h('span', { class: 'nick', text: queued ? t('draftQueuedMark') : t('roomSending') })),
          h('p', { class: 'ev-text', text: p.out.text }))),
    );
  }

  // Says written offline are on their way now: their mark says "sending" like any other.
  queuedSent(): void {
    this.pendingList.querySelectorAll('.is-queued').forEach((li) => {
      li.classList.remove('is-queued');
      const nick = li.querySelector('.nick');
      if (nick) nick.textContent = t('roomSending');
    });
  }

  pendingGone(id: string): void {
    this.pendingList.querySelector(`[data-id="${id}"]`)?.remove();
  }

  focus(): void {
    // Not the text box: on a phone that would open the keyboard, as if asking them to write.
    this.wrap.focus({ preventScroll: true });
  }

  // ---- rendering ---------------------------------------------------------------------

  private renderNote(item: Extract<Item, { kind: 'note' }>): HTMLLIElement {
    const li = h('li', { class: 'note', tabindex: '-1' });
    if (item.note === 'gap') li.appendChild(h('span', { text: t('roomGap') }));
    else if (item.note === 'reset') li.appendChild(h('span', { text: t('roomReset') }));
    else if (item.note === 'left') {
      const why = item.reason === 'removed' ? 'roomLeftRemoved' : item.reason === 'banned' ? 'roomLeftBanned' : 'roomLeftByServer';
      li.appendChild(h('span', { text: t(why) }));
      li.appendChild(h('button', {
        type: 'button', class: 'btn btn-secondary', text: t('roomToList'), onclick: () => this.actions.toRooms(),
      }));
    } else {
      const nick = item.nick ?? '';
      const member = item.member ?? '';
      li.appendChild(h('span', { text: t('roomHidden', { nick }) }));
      // The way back stays beside the note while the person is still hidden.
      if (this.store.isHidden(member)) {
        li.appendChild(h('button', {
          type: 'button', class: 'btn btn-secondary btn-small', text: t('roomUnhide'),
          'aria-label': t('roomUnhideNamed', { nick }), onclick: () => this.actions.unhide(member),
        }));
      }
    }
    return li;
  }

  private renderTombstone(item: Tombstone): HTMLLIElement {
    const li = h('li', { class: 'note tombstone', tabindex: '-1', 'data-seq': item.seq },
      h('span', { text: t('roomTombstone') }),
      h('time', { datetime: new Date(item.ts).toISOString(), text: clock(item.ts) }));
    const tools = this.staff?.tombstoneTools(item);
    if (tools) li.appendChild(tools);
    return li;
  }

  // Issue 12: a message of one's own that the others did not get (a word the organisers hide):
  // shown to the writer where it was written, marked, never as if it had gone out.
  private renderNotShown(item: Extract<Item, { kind: 'note' }>): HTMLLIElement {
    const ts = item.ts ?? Date.now();
    return h('li', { class: 'ev msg mine not-shown', 'data-id': item.id ?? '' },
      h('div', { class: 'bubble' },
        h('p', { class: 'ev-meta' },
          h('span', { class: 'nick', text: t('roomYouNick', { nick: this.store.nick }) }),
          h('time', { datetime: new Date(ts).toISOString(), text: clock(ts) })),
        h('p', { class: 'ev-text', text: item.text ?? '' }),
        h('p', { class: 'not-shown-mark', text: t('notShownMark') })));
  }

  private renderItem(item: Item): HTMLLIElement | null {
    if (item.kind === 'note') return item.note === 'notShown' ? this.renderNotShown(item) : this.renderNote(item);
    if (item.kind === 'tombstone') return this.renderTombstone(item);
    const ev = item.ev;
    if (this.store.isHidden(ev.from)) return null;
    const mine = this.store.isMine(ev.from);
    const time = h('time', { datetime: new Date(ev.ts).toISOString(), text: clock(ev.ts) });
    const nick = h('span', { class: 'nick' }, mine ? t('roomYouNick', { nick: ev.nick }) : ev.nick, badgeEl(ev.badge));
    let body: HTMLElement;
    if (item.kind === 'message') {
      const mark = this.staff?.messageMark?.(item.ev) ?? null;
      body = h('div', { class: 'bubble' }, h('p', { class: 'ev-meta' }, nick, time, mark),
        item.ev.re !== undefined ? quoteEl(this.store, item.ev.re) : null,
        messageText(item.ev.text));
    } else {
      const on = item.ev.on !== undefined ? this.store.findText(item.ev.on) : null;
      body = h('p', { class: 'stamp-line' },
        nick, ' ', stampPill(item.ev.stamp),
        on ? h('span', { class: 'stamp-on', text: ' ' + t('roomStampOn', { text: snippet(on) }) }) : null,
        ' ', time);
    }
    const li = h('li', {
      class: `ev ${item.kind === 'message' ? 'msg' : 'stampev'}${mine ? ' mine' : ''}${ev.badge ? ' by-staff' : ''}`,
      'data-seq': ev.seq, 'data-from': ev.from, 'data-ts': ev.ts, tabindex: '-1',
    }, body);
    if (!mine) this.moreMenu(ev, item.kind === 'message').forEach((n) => li.appendChild(n));
    return li;
  }

  // "…" on someone else's message: answer it with a stamp, or hide the person for oneself.
  private moreMenu(ev: Msg | StampEvent, isMessage: boolean): HTMLElement[] {
    const menuId = nextId('actions');
    const actions = h('div', { id: menuId, class: 'ev-actions', hidden: true });
    // Not a tab stop of its own: the line is reached with the arrow keys and Enter opens this.
    const btn = h('button', {
      type: 'button', class: 'ev-more', tabindex: '-1', 'aria-expanded': 'false', 'aria-controls': menuId,
      'aria-label': t('roomMore', { nick: ev.nick }),
    }, glyph('more'));
    const close = () => {
      actions.hidden = true;
      btn.setAttribute('aria-expanded', 'false');
    };
    btn.addEventListener('click', () => {
      const open = actions.hidden;
      this.log.querySelectorAll<HTMLElement>('.ev-actions').forEach((a) => {
        if (a !== actions && !a.hidden) {
          a.hidden = true;
          a.parentElement?.querySelector(':scope > .ev-more')?.setAttribute('aria-expanded', 'false');
        }
      });
      if (!open) return close();
      clear(actions);
      if (isMessage) {
        actions.appendChild(h('button', {
          type: 'button', class: 'btn btn-secondary btn-small reply-open', text: t('replyAction'),
          onclick: () => { close(); this.actions.reply(ev as Msg); },
        }));
        actions.appendChild(h('p', { class: 'ev-actions-label', text: t('roomReplyStamp') }));
        actions.appendChild(h('div', { class: 'stamps stamps-small' },
          stampKeys.map((k) => stampButton(k, () => { close(); this.actions.stamp(k, ev.seq); btn.focus(); }, true))));
      }
      actions.appendChild(h('button', {
        type: 'button', class: 'btn btn-secondary btn-small hide-person', text: t('roomHide'),
        onclick: () => this.actions.hide(ev.from, ev.nick),
      }));
      const reportBtn = h('button', {
        type: 'button', class: 'btn btn-secondary btn-small report-open', text: t('roomReport'),
        onclick: () => {
          const form = reportForm({
            send: (reason, note) => this.actions.report(ev.seq, reason, note),
            done: (text) => { close(); this.actions.say(text); btn.focus(); },
            cancel: () => { form.replaceWith(reportBtn); reportBtn.focus(); },
          });
          reportBtn.replaceWith(form);
          form.querySelector<HTMLInputElement>('input')?.focus();
        },
      });
      actions.appendChild(reportBtn);
      if (this.staff) this.staff.messageTools(ev, () => { close(); btn.focus(); }).forEach((n) => actions.appendChild(n));
      actions.hidden = false;
      btn.setAttribute('aria-expanded', 'true');
      (actions.querySelector('button') as HTMLButtonElement | null)?.focus();
    });
    actions.addEventListener('keydown', (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        close();
        btn.focus();
      }
    });
    return [btn, actions];
  }

  // ---- scrolling ---------------------------------------------------------------------

  // Normally the log scrolls inside the screen; when the screen is short for the text size
  // (see app.css) the whole page scrolls instead.
  private flowMode(): boolean {
    const overflow = getComputedStyle(this.wrap).overflowY;
    return overflow !== 'auto' && overflow !== 'scroll';
  }

  private isNearEnd(): boolean {
    if (this.flowMode()) {
      const s = document.scrollingElement ?? document.documentElement;
      return s.scrollHeight - s.scrollTop - window.innerHeight < 120;
    }
    const s = this.wrap;
    return s.scrollHeight - s.scrollTop - s.clientHeight < 80;
  }

  private readonly onScroll = (): void => {
    if (!this.wrap.isConnected) return;
    this.stick = this.isNearEnd();
    if (this.stick) {
      this.newBelow.hidden = true;
      this.newCount = 0;
    }
  };

  private followNew(wasNearEnd: boolean): void {
    if (this.flowMode() ? wasNearEnd : this.stick) this.scrollToEnd();
    else {
      // Reading further up: the view stays put, and the button says how many came.
      this.newBelow.textContent = (this.newCount > 0 ? t('roomNewBelowN', { n: this.newCount }) : t('roomNewBelow')) + ' ↓';
      this.newBelow.hidden = false;
    }
  }

  scrollToEnd(): void {
    if (!this.wrap.isConnected) return;
    if (this.flowMode()) {
      const s = document.scrollingElement ?? document.documentElement;
      window.scrollTo(0, s.scrollHeight);
    } else {
      this.wrap.scrollTop = this.wrap.scrollHeight;
    }
    this.stick = true;
    this.newCount = 0;
    this.newBelow.hidden = true;
  }
}
