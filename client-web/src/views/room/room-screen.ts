// The room screen: its head (leave, title, who is here, listening or talking, the room's
// state), the log and the dock, all rendered from one RoomStore and kept in step through its
// change events. Building it again from the same store shows the same room (several rooms can
// be open in a session; only one is on screen).

import { h, nextId } from '../../dom';
import { glyph } from '../../icons';
import { clockTime, Key, lang, pick, t, when } from '../../i18n';
import { Notice } from '../../protocol';
import { Screen } from '../../router';
import { Unsubscribe } from '../../state/emitter';
import { RoomChange, RoomStore } from '../../state/room-store';
import { SessionStore } from '../../state/session-store';
import { Composer } from './composer';
import { EventBar, isEventNotice } from './event-bar';
import { HelpCardView } from './help-card';
import { PrivatePanel } from './private-panel';
import { renderPeople } from './room-people';
import { RoomLog, StaffLogTools } from './room-log';
import { roomTools } from './room-tools';
import { tabCountBump } from './tab-count';
import { stampLabel } from './stamps';

export interface RoomScreenHost {
  announce(text: string): void;
  leave(room: string): void;
  toRooms(room: string): void;
  session: SessionStore;
  // The full help screen (the help card links to it).
  openHelp?: () => void;
  // A supporter's screen (issue 11): tools on messages and tombstones; no "ask a supporter".
  staff?: StaffLogTools;
  // Issue 14: an event room closed at its end (or was called off): the closing screen.
  eventEnded?: (room: string, cancelled: boolean) => void;
  // Issue 13: the language switch inside the room.
  switchLang?: () => void;
}

export class RoomScreen implements Screen {
  readonly el: HTMLElement;
  private readonly title: HTMLHeadingElement;
  private readonly peopleBtn: HTMLButtonElement;
  private readonly peopleText: HTMLSpanElement;
  private readonly peoplePanel: HTMLDivElement;
  private readonly radioListen: HTMLInputElement;
  private readonly radioTalk: HTMLInputElement;
  private readonly stateNote: HTMLParagraphElement;
  private readonly log: RoomLog;
  private readonly composer: Composer;
  private readonly unsubscribe: Unsubscribe;
  private readonly pinNote: HTMLParagraphElement;
  private readonly readOnlyNote: HTMLParagraphElement;
  private readonly notices: HTMLDivElement;
  private readonly privateWord: PrivatePanel | null;
  private readonly helpCard: HelpCardView;
  private readonly noticeBoxes = new Map<Notice, HTMLElement>();
  private readonly eventBar: EventBar;

  constructor(private readonly store: RoomStore, private readonly host: RoomScreenHost) {
    const titleId = nextId('room-title');
    const name = pick(store.info.name);
    this.title = h('h1', { id: titleId, class: 'room-title', tabindex: '-1', text: name.text });
    if (name.lang !== lang()) this.title.lang = name.lang;

    const leave = h(
      'button',
      { type: 'button', class: 'btn btn-quiet room-leave', onclick: () => host.leave(store.id) },
      glyph('back'),
      h('span', { text: t('roomLeave') }),
    );

    const panelId = nextId('people');
    this.peopleText = h('span', { class: 'people-text' });
    this.peopleBtn = h(
      'button',
      {
        type: 'button', class: 'btn btn-quiet people-toggle', 'aria-expanded': 'false', 'aria-controls': panelId,
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
      type: 'radio', name: group, id: listenId, value: 'listening', checked: store.listening,
      onchange: () => store.setListening(true),
    });
    this.radioTalk = h('input', {
      type: 'radio', name: group, id: talkId, value: 'talking', checked: !store.listening,
      onchange: () => store.setListening(false),
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
    this.pinNote = h('p', { class: 'room-pin', hidden: true });
    this.readOnlyNote = h('p', { class: 'room-readonly', role: 'status', hidden: true, text: t('noSupporter') });
    this.notices = h('div', { class: 'room-notices', role: 'status' });
    this.eventBar = new EventBar(store, {
      ended: (room, cancelled) => host.eventEnded?.(room, cancelled),
      announce: host.announce,
    });
    this.privateWord = host.staff ? null : new PrivatePanel(store, host.session.privateWord, (on) => {
      this.log.wrap.hidden = on;
      this.composer.el.hidden = on;
      this.helpCard.el.hidden = on;
    });
    this.helpCard = new HelpCardView(store, host.staff ? null : host.session.privateWord, host.openHelp ?? null,
      (hadFocus) => {
        if (hadFocus) this.log.focus();
      });
    const head = h(
      'div',
      { class: 'room-head' },
      h('div', { class: 'room-head-row' }, leave, this.title),
      h('div', { class: 'room-head-row room-head-row2' }, this.peopleBtn, status),
      this.stateNote,
      this.eventBar.el,
      this.pinNote,
      this.readOnlyNote,
      this.privateWord?.bar,
      this.notices,
      this.peoplePanel,
      host.staff ? null : roomTools(store, host.switchLang),
    );

    this.log = new RoomLog(store, {
      stamp: (key, on) => this.composer.sendStamp(key, on),
      hide: (member, nick) => this.hide(member, nick),
      unhide: (member) => store.unhide(member),
      toRooms: () => host.toRooms(store.id),
      report: (seq, reason, note) => host.session.report(store.id, seq, reason, note),
      say: (text) => this.composer.say(text),
      reply: (ev) => this.composer.replyTo(ev.seq),
    }, host.staff ?? null);
    this.composer = new Composer(store, () => this.log.scrollToEnd());
    this.el = h('section', { class: 'screen room', 'aria-labelledby': titleId },
      head, this.log.wrap, this.helpCard.el, this.privateWord?.panel, this.composer.el);
    for (const n of store.notices) this.showNotice(n);

    // Back in a room seen before: what came meanwhile is "new since you were here".
    store.screenShown();
    this.log.renderAll();
    this.renderPeople();
    this.renderState();
    this.unsubscribe = store.changes.on((c) => this.onChange(c));
    // Issue 13: once on screen, the room opens at the newest message, also when the page
    // scrolls as a whole (large text, 200 % zoom), where the log cannot scroll itself.
    requestAnimationFrame(() => this.log.scrollToEnd());
  }

  focus(): void {
    this.title.focus();
  }

  dispose(): void {
    this.store.screenLeft();
    this.unsubscribe();
    this.log.dispose();
    this.privateWord?.dispose();
    this.helpCard.dispose();
    this.eventBar.dispose();
  }

  private onChange(c: RoomChange): void {
    switch (c.type) {
      case 'item':
        this.log.appended(c.item, c.dropped);
        break;
      case 'items':
        this.log.renderAll();
        break;
      case 'replaced':
        this.log.replaced(c.seq, c.item);
        break;
      case 'prepended':
        this.log.prepended(c.items);
        this.host.announce(t('earlierLoaded', { n: c.items.length }));
        break;
      case 'earlier':
        this.log.earlier.render();
        break;
      case 'divider':
        this.log.dividerMoved();
        break;
      case 'queuedSent':
        this.log.queuedSent();
        this.composer.say(t('draftQueuedSent'));
        this.host.announce(t('draftQueuedSent'));
        break;
      case 'notice':
        if (c.replaces) {
          this.noticeBoxes.get(c.replaces)?.remove();
          this.noticeBoxes.delete(c.replaces);
        }
        this.showNotice(c.notice);
        break;
      case 'helpCard':
        this.helpCard.render();
        break;
      case 'readOnly':
        this.renderState();
        break;
      case 'presence':
        this.renderPeople();
        this.privateWord?.refresh();
        break;
      case 'status':
        this.renderState();
        break;
      case 'joined':
        this.composer.say('');
        this.privateWord?.refresh();
        break;
      case 'listening':
        this.radioListen.checked = c.listening;
        this.radioTalk.checked = !c.listening;
        if (c.byUser) this.composer.say(c.listening ? t('statusListeningNow') : t('statusTalkingNow'));
        break;
      case 'pending':
        if (c.added) this.log.pendingAdded(c.id);
        else this.log.pendingGone(c.id);
        break;
      case 'announce':
        if (c.what === 'live') tabCountBump();
        if (c.what === 'catchUp') this.host.announce(t('roomCatchUp', { n: c.n }));
        else if (c.ev.type === 'message') this.host.announce(t('announceMessage', { nick: c.ev.nick, text: c.ev.text }));
        else this.host.announce(t('announceStamp', { nick: c.ev.nick, stamp: stampLabel(c.ev.stamp) }));
        break;
      case 'sendError':
        this.onSendError(c.code, c.retryAfterMs, c.restore, c.until);
        break;
      default:
        break;
    }
  }

  private onSendError(code: string, retryAfterMs: number | undefined, restore: string | undefined, until?: number): void {
    if (restore !== undefined) this.composer.restoreDraft(restore);
    const secs = retryAfterMs ? Math.max(1, Math.ceil(retryAfterMs / 1000)) : 0;
    const msg: Record<string, string> = {
      muted: t('err_muted', { until: when(until ?? Date.now() + (retryAfterMs ?? 0)) }),
      no_supporter: t('err_no_supporter'),
      slow_mode: t('err_slow_mode', { s: secs || 5 }),
      rate_limited: t('err_rate_limited'),
      room_paused: t('err_room_paused'),
      room_closed: t('err_room_closed'),
      text_too_long: t('err_text_too_long'),
      empty_text: t('err_empty_text'),
      service_degraded: t('err_service_degraded'),
    };
    this.composer.say(msg[code] ?? t('err_generic'));
  }

  // A private notice: calm, in place, until dismissed. From a supporter: reminders carry the
  // template's text; the others say when they end, in local time. From the server itself
  // (issue 12; no "from a supporter" title): contact details masked, a short pause after a
  // flood (until HH:MM), and a message not shown to others (its own copy in the log says so;
  // the notice is only read out).
  private showNotice(n: Notice): void {
    if (isEventNotice(n)) return; // the event bar shows these
    const flood = n.kind === 'muted' && n.reason === 'flood';
    const fromServer = flood || n.kind === 'contact_masked' || n.kind === 'not_shown';
    const until = typeof n.until === 'number' ? when(n.until) : '';
    const known = n.kind === 'muted' || n.kind === 'removed' || n.kind === 'banned' || n.kind === 'contact_masked' || n.kind === 'not_shown';
    const text = flood ? t('notice_muted_flood', { time: clockTime(typeof n.until === 'number' ? n.until : Date.now() + 60000) })
      : known ? t(('notice_' + n.kind) as Key, { until }) : n.text ?? '';
    if (!text) return;
    if (n.kind === 'not_shown' && !this.store.notices.includes(n)) {
      this.host.announce(t('notShownMark'));
      return;
    }
    const box: HTMLDivElement = h('div', { class: `room-notice notice-${n.kind}${flood ? ' notice-flood' : ''}` },
      fromServer ? null : h('p', { class: 'room-notice-title', text: t('noticeTitle') }),
      h('p', { class: 'room-notice-text', text }),
      h('button', {
        type: 'button', class: 'btn btn-quiet btn-small', text: t('noticeDismiss'),
        onclick: () => {
          this.store.dismissNotice(n);
          this.noticeBoxes.delete(n);
          box.remove();
          this.log.focus();
        },
      }));
    this.noticeBoxes.set(n, box);
    this.notices.appendChild(box);
    this.host.announce(text);
  }

  private hide(member: string, nick: string): void {
    this.store.hide(member, nick);
    this.composer.say(t('roomHidden', { nick }));
    this.log.focus();
  }

  private renderPeople(): void {
    renderPeople(this.store, this.peopleText, this.peoplePanel, {
      hide: (member, nick) => this.hide(member, nick),
      unhide: (member) => this.store.unhide(member),
    });
  }

  private togglePeople(): void {
    const open = this.peoplePanel.hidden;
    this.peoplePanel.hidden = !open;
    this.peopleBtn.setAttribute('aria-expanded', String(open));
  }

  private renderState(): void {
    // After a reload the room's name comes with the room list (the device does not keep it).
    const name = pick(this.store.info.name);
    if (this.title.textContent !== name.text) {
      this.title.textContent = name.text;
      if (name.lang !== lang()) this.title.lang = name.lang;
      else this.title.removeAttribute('lang');
    }
    const state = this.store.info.state;
    let text = '';
    let info = false;
    if (this.store.closed || state === 'closed') text = t('stateClosed');
    else if (state === 'paused') text = t('statePaused');
    else if (this.store.info.slow_mode_s > 0) {
      text = t('roomSlowMode', { s: this.store.info.slow_mode_s });
      info = true;
    }
    this.stateNote.textContent = text;
    this.stateNote.hidden = text === '';
    this.stateNote.classList.toggle('is-info', info);
    const pin = this.store.info.pin ?? '';
    this.pinNote.textContent = pin ? `${t('roomPinned')}: ${pin}` : '';
    this.pinNote.hidden = pin === '';
    this.readOnlyNote.hidden = !this.store.readOnly;
    this.composer.setBlocked(this.store.closed || this.store.readOnly);
  }
}
