// The room: the message log, presence, listening or talking, stamps, the composer, hiding a
// person for oneself, and the bookkeeping that makes a reconnect lose nothing and repeat
// nothing (dedupe by seq, resend by client id, keep the draft).

import { h, clear, nextId } from './dom';
import { glyph, stamps } from './icons';
import { lang, pick, t, Key } from './i18n';
import {
  ErrorFrame, Gap, Joined, MessageEvent as Msg, newId, Presence, RoomInfo, StampEvent, StampKey, stampKeys,
} from './protocol';
import * as storage from './storage';

export interface RoomHost {
  send(msg: object): boolean;
  connected(): boolean;
  announce(text: string): void;
  leaveRoom(): void;
  toRooms(): void;
  rejoin(): void;
  saveRoom(): void;
}

type Item =
  | { kind: 'message'; ev: Msg }
  | { kind: 'stamp'; ev: StampEvent }
  | { kind: 'note'; text: string };

type Outgoing =
  | { kind: 'say'; text: string }
  | { kind: 'stamp'; stamp: StampKey; on?: number };

const maxItems = 400;

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

export class RoomScreen {
  readonly el: HTMLElement;
  info: RoomInfo;
  member = '';
  nick: string;
  listening: boolean;
  affirmed: boolean;
  lastSeq = 0;
  joined = false;
  closed = false;

  private myMembers = new Set<string>();
  private items: Item[] = [];
  private hidden: Record<string, string>;
  private outbox = new Map<string, Outgoing>();
  private presence: Presence | null = null;
  private resendTimer: ReturnType<typeof setTimeout> | undefined;
  private catchUpFrom = -1; // seq after which replayed events count as "new while away"
  private catchUpCount = 0;
  private joinedSeq = 0;
  private stick = true;

  // DOM
  private title!: HTMLHeadingElement;
  private peopleBtn!: HTMLButtonElement;
  private peopleText!: HTMLSpanElement;
  private peoplePanel!: HTMLDivElement;
  private radioListen!: HTMLInputElement;
  private radioTalk!: HTMLInputElement;
  private logWrap!: HTMLDivElement;
  private log!: HTMLOListElement;
  private pendingList!: HTMLOListElement;
  private newBelow!: HTMLButtonElement;
  private note!: HTMLParagraphElement;
  private stateNote!: HTMLParagraphElement;
  private textarea!: HTMLTextAreaElement;
  private sendBtn!: HTMLButtonElement;
  private stampBtns: HTMLButtonElement[] = [];

  constructor(
    private readonly host: RoomHost,
    info: RoomInfo,
    opts: { nick: string; listening: boolean; affirmed: boolean },
  ) {
    this.info = info;
    this.nick = opts.nick;
    this.listening = opts.listening;
    this.affirmed = opts.affirmed;
    this.hidden = storage.load<Record<string, string>>('hidden.' + info.id) ?? {};
    this.el = this.build();
    this.renderAll();
    this.renderPresence();
    this.renderState();
  }

  get id(): string {
    return this.info.id;
  }

  // ---- building ----------------------------------------------------------------------

  private build(): HTMLElement {
    const titleId = nextId('room-title');
    const name = pick(this.info.name);
    this.title = h('h1', { id: titleId, class: 'room-title', tabindex: '-1', text: name.text });
    if (name.lang !== lang()) this.title.lang = name.lang;

    const leave = h(
      'button',
      { type: 'button', class: 'btn btn-quiet room-leave', onclick: () => this.host.leaveRoom() },
      glyph('back'),
      h('span', { text: t('roomLeave') }),
    );

    const panelId = nextId('people');
    this.peopleText = h('span', { class: 'people-text' });
    this.peopleBtn = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-quiet people-toggle',
        'aria-expanded': 'false',
        'aria-controls': panelId,
        onclick: () => this.togglePeople(),
      },
      glyph('people'),
      h('span', { class: 'visually-hidden', text: t('roomPeople') + ' ' }),
      this.peopleText,
    );
    this.peoplePanel = h('div', { id: panelId, class: 'people-panel', hidden: true });

    const group = nextId('status');
    const listenId = nextId('listen');
    const talkId = nextId('talk');
    this.radioListen = h('input', {
      type: 'radio', name: group, id: listenId, value: 'listening', checked: this.listening,
      onchange: () => this.setListening(true),
    });
    this.radioTalk = h('input', {
      type: 'radio', name: group, id: talkId, value: 'talking', checked: !this.listening,
      onchange: () => this.setListening(false),
    });
    const status = h(
      'fieldset',
      { class: 'status-switch' },
      h('legend', { class: 'visually-hidden', text: t('roomMyStatus') }),
      h('span', { class: 'seg' },
        this.radioListen, h('label', { for: listenId, text: t('roomListening') }),
        this.radioTalk, h('label', { for: talkId, text: t('roomTalking') })),
    );

    this.stateNote = h('p', { class: 'room-state-note', hidden: true });

    const head = h(
      'div',
      { class: 'room-head' },
      h('div', { class: 'room-head-row' }, leave, this.title),
      h('div', { class: 'room-head-row room-head-row2' }, this.peopleBtn, status),
      this.stateNote,
      this.peoplePanel,
    );

    this.log = h('ol', { class: 'log' });
    this.pendingList = h('ol', { class: 'log log-pending', 'aria-label': t('roomSending') });
    this.newBelow = h('button', {
      type: 'button', class: 'btn new-below', hidden: true, text: t('roomNewBelow') + ' ↓',
      onclick: () => this.scrollToEnd(),
    });
    // Focusable so the log can be scrolled from a keyboard; a labelled region for screen readers.
    this.logWrap = h('div', { class: 'log-wrap', tabindex: '0', role: 'region', 'aria-label': t('roomMessagesLabel') },
      this.log, this.pendingList, this.newBelow);
    this.logWrap.addEventListener('scroll', this.onScroll, { passive: true });
    window.addEventListener('scroll', this.onScroll, { passive: true });

    this.note = h('p', { class: 'dock-note', 'aria-live': 'polite' });

    this.stampBtns = stampKeys.map((key) => this.stampButton(key, () => this.sendStamp(key)));
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
    this.textarea.addEventListener('input', () => this.grow());
    this.textarea.addEventListener('keydown', (e: KeyboardEvent) => {
      // Enter makes a new line on a phone; Ctrl/Cmd+Enter sends from a keyboard.
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.sendText();
      }
    });
    this.sendBtn = h('button', { type: 'submit', class: 'btn btn-primary send', text: t('roomSend') });
    const composer = h(
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

    const dock = h('div', { class: 'dock' }, this.note, stampRow, composer);
    return h('section', { class: 'screen room', 'aria-labelledby': titleId }, head, this.logWrap, dock);
  }

  private stampButton(key: StampKey, onclick: () => void, small = false): HTMLButtonElement {
    const look = stamps[key];
    const label = t(look.label as Key);
    return h(
      'button',
      { type: 'button', class: small ? 'stamp-btn stamp-btn-small' : 'stamp-btn', 'data-stamp': key, onclick },
      look.glyph ? glyph(look.glyph, 'stamp-glyph') : null,
      h('span', { text: label }),
    );
  }

  private stampPill(key: string): HTMLElement {
    const look = stamps[key as StampKey];
    if (!look) return h('span', { class: 'stamp-pill', text: key });
    return h(
      'span',
      { class: 'stamp-pill', 'data-stamp': key },
      look.glyph ? glyph(look.glyph, 'stamp-glyph') : null,
      h('span', { text: t(look.label as Key) }),
    );
  }

  focusTitle(): void {
    this.title.focus();
  }

  // ---- connection lifecycle ----------------------------------------------------------

  // The `join` to send now: with `since` after a reconnect, so only what was missed comes.
  joinFrame(): Record<string, unknown> {
    const frame: Record<string, unknown> = { type: 'join', room: this.id, nick: this.nick, listening: this.listening };
    if (this.affirmed) frame.affirm = true;
    if (this.lastSeq > 0) frame.since = this.lastSeq;
    return frame;
  }

  onJoined(j: Joined): void {
    const wasJoined = this.member !== '';
    this.member = j.member;
    this.myMembers.add(j.member);
    this.nick = j.nick;
    this.joined = true;
    this.closed = false;
    if (typeof j.listening === 'boolean') this.setListeningUi(j.listening);
    if (j.seq < this.lastSeq) {
      // The room's sequence started again (its history was wiped): begin counting afresh.
      this.addNote(t('roomReset'));
      this.lastSeq = 0;
    }
    this.joinedSeq = j.seq;
    this.catchUpFrom = wasJoined ? this.lastSeq : -1;
    this.catchUpCount = 0;
    this.renderState();
    this.host.saveRoom();
    this.note.textContent = '';
    // Anything sent but not confirmed before the drop goes again with the same id once the
    // replay is in; the server answers `duplicate` for what had already gone through.
    if (this.resendTimer !== undefined) clearTimeout(this.resendTimer);
    this.resendTimer = setTimeout(() => this.resend(), 1200);
  }

  onDisconnected(): void {
    this.joined = false;
  }

  private resend(): void {
    this.resendTimer = undefined;
    if (!this.joined) return;
    this.outbox.forEach((out, id) => {
      if (out.kind === 'say') this.host.send({ type: 'say', room: this.id, text: out.text, id });
      else this.host.send({ type: 'stamp', room: this.id, stamp: out.stamp, id, ...(out.on !== undefined ? { on: out.on } : {}) });
    });
  }

  // ---- events ------------------------------------------------------------------------

  onEvent(ev: Msg | StampEvent): void {
    // Never show the same event twice, whatever the network did.
    if (ev.seq <= this.lastSeq) return;
    this.lastSeq = ev.seq;
    const mine = this.myMembers.has(ev.from);
    if (mine && this.outbox.has(ev.id)) {
      this.outbox.delete(ev.id);
      this.pendingList.querySelector(`[data-id="${ev.id}"]`)?.remove();
      // Writing is taking part: the server has switched us to talking, and so do we.
      if (ev.type === 'message' && this.listening) this.setListeningUi(false);
    }
    const item: Item = ev.type === 'message' ? { kind: 'message', ev } : { kind: 'stamp', ev };
    this.push(item);
    const fromOther = !mine && this.hidden[ev.from] === undefined;
    if (ev.seq <= this.joinedSeq) {
      // History or replay: do not read out every old line; say how many came while away.
      if (this.catchUpFrom >= 0 && ev.seq > this.catchUpFrom && fromOther) this.catchUpCount += 1;
      if (ev.seq === this.joinedSeq && this.catchUpCount > 0) {
        this.host.announce(t('roomCatchUp', { n: this.catchUpCount }));
        this.catchUpCount = 0;
      }
      return;
    }
    if (!fromOther) return;
    this.host.announce(
      ev.type === 'message'
        ? t('announceMessage', { nick: ev.nick, text: ev.text })
        : t('announceStamp', { nick: ev.nick, stamp: t(stamps[ev.stamp as StampKey]?.label ?? 'stamp_like') }),
    );
  }

  onGap(g: Gap): void {
    this.addNote(t('roomGap'));
    if (g.to > this.lastSeq) this.lastSeq = g.to;
  }

  onPresence(p: Presence): void {
    this.presence = p;
    this.renderPresence();
    // The replay is complete once presence follows it: resend now rather than wait.
    if (this.resendTimer !== undefined && this.outbox.size > 0) {
      clearTimeout(this.resendTimer);
      this.resend();
    } else if (this.resendTimer !== undefined) {
      clearTimeout(this.resendTimer);
      this.resendTimer = undefined;
    }
  }

  onRoomInfo(info: RoomInfo): void {
    this.info = info;
    this.renderState();
    if (!this.presence) this.renderPresence();
  }

  onLeftByServer(): void {
    this.joined = false;
    this.closed = true;
    this.renderState();
    this.addNote(t('roomLeftByServer'), h('button', {
      type: 'button', class: 'btn btn-secondary', text: t('roomToList'), onclick: () => this.host.toRooms(),
    }));
  }

  // An error that answers something we sent (its `ref` is in our outbox).
  ownsRef(ref: string | undefined): boolean {
    return !!ref && this.outbox.has(ref);
  }

  onSendError(e: ErrorFrame): void {
    const ref = e.ref as string;
    const out = this.outbox.get(ref);
    this.outbox.delete(ref);
    this.pendingList.querySelector(`[data-id="${ref}"]`)?.remove();
    if (!out || e.code === 'duplicate') return; // already delivered: the replay shows it
    if (out.kind === 'say') this.restoreDraft(out.text);
    const secs = e.retry_after_ms ? Math.max(1, Math.ceil(e.retry_after_ms / 1000)) : 0;
    const msg: Record<string, string> = {
      slow_mode: t('err_slow_mode', { s: secs || 5 }),
      rate_limited: t('err_rate_limited'),
      room_paused: t('err_room_paused'),
      room_closed: t('err_room_closed'),
      text_too_long: t('err_text_too_long'),
      empty_text: t('err_empty_text'),
      service_degraded: t('err_service_degraded'),
    };
    this.note.textContent = msg[e.code] ?? t('err_generic');
    if (e.code === 'not_in_room') this.host.rejoin();
  }

  private restoreDraft(text: string): void {
    const now = this.textarea.value;
    this.textarea.value = now.trim() === '' ? text : text + '\n' + now;
    this.grow();
  }

  // ---- sending -----------------------------------------------------------------------

  private sendText(): void {
    const text = this.textarea.value;
    if (text.trim() === '') {
      this.textarea.focus();
      return;
    }
    if (!this.joined || !this.host.connected()) {
      this.note.textContent = t('roomNotConnected');
      return;
    }
    const id = newId('m');
    this.outbox.set(id, { kind: 'say', text });
    this.host.send({ type: 'say', room: this.id, text, id });
    this.textarea.value = '';
    this.grow();
    this.note.textContent = '';
    this.pendingList.appendChild(
      h('li', { class: 'ev msg mine is-pending', 'data-id': id },
        h('div', { class: 'bubble' },
          h('p', { class: 'ev-meta' }, h('span', { class: 'nick', text: t('roomSending') })),
          h('p', { class: 'ev-text', text }))),
    );
    this.scrollToEnd();
    this.textarea.focus();
  }

  private sendStamp(stamp: StampKey, on?: number): void {
    if (!this.joined || !this.host.connected()) {
      this.note.textContent = t('roomNotConnected');
      return;
    }
    const id = newId('s');
    const out: Outgoing = on !== undefined ? { kind: 'stamp', stamp, on } : { kind: 'stamp', stamp };
    this.outbox.set(id, out);
    this.host.send({ type: 'stamp', room: this.id, stamp, id, ...(on !== undefined ? { on } : {}) });
    this.note.textContent = '';
  }

  private setListening(listening: boolean): void {
    if (listening === this.listening) return;
    this.listening = listening;
    if (this.joined) this.host.send({ type: 'status', room: this.id, listening });
    this.host.saveRoom();
    this.note.textContent = listening ? t('statusListeningNow') : t('statusTalkingNow');
  }

  private setListeningUi(listening: boolean): void {
    this.listening = listening;
    this.radioListen.checked = listening;
    this.radioTalk.checked = !listening;
    this.host.saveRoom();
  }

  draft(): string {
    return this.textarea.value;
  }

  // ---- hiding a person (for oneself only; nothing is sent) ---------------------------

  private hide(member: string, nick: string): void {
    this.hidden[member] = nick;
    storage.save('hidden.' + this.id, this.hidden);
    this.renderAll();
    this.renderPresence();
    this.addNote(t('roomHidden', { nick }), h('button', {
      type: 'button', class: 'btn btn-secondary btn-small', text: t('roomUnhide'),
      'aria-label': t('roomUnhideNamed', { nick }), onclick: () => this.unhide(member),
    }));
    this.note.textContent = t('roomHidden', { nick });
    // Not the text box: on a phone that would open the keyboard, as if asking them to write.
    this.logWrap.focus({ preventScroll: true });
  }

  private unhide(member: string): void {
    delete this.hidden[member];
    storage.save('hidden.' + this.id, this.hidden);
    this.renderAll();
    this.renderPresence();
  }

  // ---- rendering ---------------------------------------------------------------------

  private push(item: Item): void {
    this.items.push(item);
    if (this.items.length > maxItems) {
      this.items.shift();
      this.log.firstElementChild?.remove();
    }
    const near = this.isNearEnd();
    this.log.querySelector('.empty')?.remove();
    const li = this.renderItem(item);
    if (li) {
      this.log.appendChild(li);
      this.followNew(near);
    }
  }

  private addNote(text: string, extra?: HTMLElement): void {
    this.push({ kind: 'note', text });
    if (extra) this.log.lastElementChild?.appendChild(extra);
  }

  private renderAll(): void {
    clear(this.log);
    let shown = 0;
    for (const item of this.items) {
      const li = this.renderItem(item);
      if (li) {
        this.log.appendChild(li);
        shown += 1;
      }
    }
    if (shown === 0) this.log.appendChild(h('li', { class: 'note empty', text: t('roomEmpty') }));
    if (!this.flowMode()) this.scrollToEnd();
  }

  private renderItem(item: Item): HTMLLIElement | null {
    if (item.kind === 'note') return h('li', { class: 'note' }, h('span', { text: item.text }));
    const ev = item.ev;
    if (this.hidden[ev.from] !== undefined) return null;
    const mine = this.myMembers.has(ev.from);
    const time = h('time', { datetime: new Date(ev.ts).toISOString(), text: clock(ev.ts) });
    const nick = h('span', { class: 'nick', text: mine ? t('roomYouNick', { nick: ev.nick }) : ev.nick });
    let body: HTMLElement;
    if (item.kind === 'message') {
      body = h('div', { class: 'bubble' }, h('p', { class: 'ev-meta' }, nick, time), h('p', { class: 'ev-text', text: item.ev.text }));
    } else {
      const on = item.ev.on !== undefined ? this.findText(item.ev.on) : null;
      body = h('p', { class: 'stamp-line' },
        nick, ' ', this.stampPill(item.ev.stamp),
        on ? h('span', { class: 'stamp-on', text: ' ' + t('roomStampOn', { text: snippet(on) }) }) : null,
        ' ', time);
    }
    const li = h('li', {
      class: `ev ${item.kind === 'message' ? 'msg' : 'stampev'}${mine ? ' mine' : ''}`,
      'data-seq': ev.seq, 'data-from': ev.from,
    }, body);
    if (!mine) this.moreMenu(ev, item.kind === 'message').forEach((n) => li.appendChild(n));
    return li;
  }

  private findText(seq: number): string | null {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const it = this.items[i];
      if (it.kind === 'message' && it.ev.seq === seq) return it.ev.text;
    }
    return null;
  }

  // "…" on someone else's message: answer it with a stamp, or hide the person for oneself.
  private moreMenu(ev: Msg | StampEvent, isMessage: boolean): HTMLElement[] {
    const menuId = nextId('actions');
    const actions = h('div', { id: menuId, class: 'ev-actions', hidden: true });
    const btn = h('button', {
      type: 'button', class: 'ev-more', 'aria-expanded': 'false', 'aria-controls': menuId,
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
        actions.appendChild(h('p', { class: 'ev-actions-label', text: t('roomReplyStamp') }));
        actions.appendChild(h('div', { class: 'stamps stamps-small' },
          stampKeys.map((k) => this.stampButton(k, () => { close(); this.sendStamp(k, ev.seq); btn.focus(); }, true))));
      }
      actions.appendChild(h('button', {
        type: 'button', class: 'btn btn-secondary btn-small hide-person', text: t('roomHide'),
        onclick: () => this.hide(ev.from, ev.nick),
      }));
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

  private renderPresence(): void {
    const p = this.presence;
    const count = p ? p.count : this.info.members;
    const listening = p ? p.listening : this.info.listening;
    this.peopleText.textContent = t('roomPresence', { n: count, l: listening });
    clear(this.peoplePanel);
    const names = this.info.presence === 'names' && p?.members;
    if (names && p?.members) {
      const ul = h('ul', { class: 'people-list', 'aria-label': t('roomPeople') });
      for (const m of p.members) {
        const isHidden = this.hidden[m.member] !== undefined;
        const me = this.myMembers.has(m.member);
        ul.appendChild(h('li', { class: 'person' },
          h('span', { class: 'person-nick', text: me ? t('roomYouNick', { nick: m.nick }) : m.nick }),
          h('span', { class: `tag ${m.listening ? 'tag-listening' : 'tag-talking'}`, text: m.listening ? t('listeningTag') : t('talkingTag') }),
          !me
            ? h('button', {
              type: 'button', class: 'btn btn-secondary btn-small',
              text: isHidden ? t('roomUnhide') : t('roomHideShort'),
              'aria-label': isHidden ? t('roomUnhideNamed', { nick: m.nick }) : t('roomHideNamed', { nick: m.nick }),
              onclick: () => (isHidden ? this.unhide(m.member) : this.hide(m.member, m.nick)),
            })
            : null));
      }
      this.peoplePanel.appendChild(ul);
    } else {
      this.peoplePanel.appendChild(h('p', { class: 'muted', text: t('roomPresenceCountsOnly') }));
    }
    this.peoplePanel.appendChild(h('p', { class: 'muted small', text: t('roomHideExplain') }));
    const hiddenIds = Object.keys(this.hidden);
    if (hiddenIds.length > 0) {
      this.peoplePanel.appendChild(h('h2', { class: 'panel-title', text: t('roomHiddenPeople') }));
      this.peoplePanel.appendChild(h('ul', { class: 'people-list' }, hiddenIds.map((id) =>
        h('li', { class: 'person' }, h('span', { class: 'person-nick', text: this.hidden[id] }),
          h('button', {
            type: 'button', class: 'btn btn-secondary btn-small', text: t('roomUnhide'),
            'aria-label': t('roomUnhideNamed', { nick: this.hidden[id] }), onclick: () => this.unhide(id),
          })))));
    }
  }

  private togglePeople(): void {
    const open = this.peoplePanel.hidden;
    this.peoplePanel.hidden = !open;
    this.peopleBtn.setAttribute('aria-expanded', String(open));
  }

  private renderState(): void {
    const state = this.info.state;
    let text = '';
    let info = false;
    if (this.closed || state === 'closed') text = t('stateClosed');
    else if (state === 'paused') text = t('statePaused');
    else if (this.info.slow_mode_s > 0) {
      text = t('roomSlowMode', { s: this.info.slow_mode_s });
      info = true;
    }
    this.stateNote.textContent = text;
    this.stateNote.hidden = text === '';
    this.stateNote.classList.toggle('is-info', info);
    const blocked = this.closed;
    this.sendBtn.disabled = blocked;
    this.stampBtns.forEach((b) => (b.disabled = blocked));
  }

  // ---- scrolling ---------------------------------------------------------------------

  // Normally the log scrolls inside the screen; when the screen is short for the text size
  // (see app.css) the whole page scrolls instead.
  private flowMode(): boolean {
    const overflow = getComputedStyle(this.logWrap).overflowY;
    return overflow !== 'auto' && overflow !== 'scroll';
  }

  private isNearEnd(): boolean {
    if (this.flowMode()) {
      const s = document.scrollingElement ?? document.documentElement;
      return s.scrollHeight - s.scrollTop - window.innerHeight < 120;
    }
    const s = this.logWrap;
    return s.scrollHeight - s.scrollTop - s.clientHeight < 80;
  }

  private readonly onScroll = (): void => {
    if (!this.el.isConnected) return;
    this.stick = this.isNearEnd();
    if (this.stick) this.newBelow.hidden = true;
  };

  // The person left the room screen: let go of window listeners and timers.
  dispose(): void {
    window.removeEventListener('scroll', this.onScroll);
    if (this.resendTimer !== undefined) clearTimeout(this.resendTimer);
    this.resendTimer = undefined;
    this.joined = false;
  }

  private followNew(wasNearEnd: boolean): void {
    if (this.flowMode() ? wasNearEnd : this.stick) this.scrollToEnd();
    else this.newBelow.hidden = false;
  }

  private scrollToEnd(): void {
    if (!this.el.isConnected) return;
    if (this.flowMode()) {
      const s = document.scrollingElement ?? document.documentElement;
      window.scrollTo(0, s.scrollHeight);
    } else {
      this.logWrap.scrollTop = this.logWrap.scrollHeight;
    }
    this.stick = true;
    this.newBelow.hidden = true;
  }

  private grow(): void {
    // Setting a size from script is allowed by the CSP (it is CSSOM, not a style attribute).
    this.textarea.style.height = 'auto';
    this.textarea.style.height = Math.min(this.textarea.scrollHeight + 2, 180) + 'px';
  }
}
