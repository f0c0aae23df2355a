// An event room's line in the room's head (issue 14): before the start a calm countdown in
// whole minutes ("あと8分で始まります"), during it the end time, in the last minutes how many
// are left; the server's `closing_soon` and `event_cancelled` notices shown gently in place (a
// polite status region, never a modal, focus left alone); and when the room closes at the
// end, the host is told so it can show the kind closing screen. Redraws when the line could
// read differently, not every second.

import { h } from '../../dom';
import { lang, t } from '../../i18n';
import { Notice } from '../../protocol';
import { Unsubscribe } from '../../state/emitter';
import { closingSoonMs, eventLine, nextChangeMs, parseWindow, phaseOf, Window } from '../../state/event-clock';
import { RoomChange, RoomStore } from '../../state/room-store';
import { clockIn, defaultZone, parseTime } from '../../state/zone-time';

export const eventNoticeKinds = ['closing_soon', 'event_cancelled'];

export function isEventNotice(n: Notice): boolean {
  return eventNoticeKinds.includes(n.kind) || eventNoticeKinds.includes(n.reason ?? '');
}

export interface EventBarHost {
  // The event room closed at its end (or the occurrence was called off): show the closing screen.
  ended(room: string, cancelled: boolean): void;
  announce(text: string): void;
}

export class EventBar {
  readonly el: HTMLDivElement;
  private readonly line: HTMLParagraphElement;
  private readonly lead: HTMLParagraphElement;
  private readonly notices: HTMLDivElement;
  private window: Window | null = null;
  private cancelled = false;
  private warned = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly off: Unsubscribe;

  constructor(private readonly store: RoomStore, private readonly host: EventBarHost, private readonly now: () => number = Date.now) {
    this.line = h('p', { class: 'room-event-line' });
    this.lead = h('p', { class: 'room-event-lead small', hidden: true, text: t('evWaitLead') });
    // Read out through the host's live region (once), so not a live region itself.
    this.notices = h('div', { class: 'room-event-notices' });
    this.el = h('div', { class: 'room-event', hidden: true }, this.line, this.lead, this.notices);
    for (const n of store.notices) if (isEventNotice(n)) this.showNotice(n, false);
    this.off = store.changes.on((c) => this.onChange(c));
    this.render();
  }

  dispose(): void {
    this.off();
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  private onChange(c: RoomChange): void {
    if (c.type === 'status' || c.type === 'joined') this.render();
    else if (c.type === 'notice' && isEventNotice(c.notice)) this.showNotice(c.notice, true);
    else if (c.type === 'item' && c.item.kind === 'note' && c.item.note === 'left') {
      const r = c.item.reason;
      if (r === 'removed' || r === 'banned' || !this.window) return;
      // Closed at (or near) the end, or after the occurrence was called off: the gathering is
      // over, not merely shut for a moment by a supporter.
      if (this.cancelled || this.warned || this.now() >= this.window.ends - closingSoonMs) {
        this.host.ended(this.store.id, this.cancelled);
      }
    }
  }

  private render(): void {
    // Keep the last window known: the room list drops `event` once the occurrence is over.
    const w = parseWindow(this.store.info.event);
    if (w) this.window = w;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const win = this.window;
    this.el.hidden = !win;
    if (!win) return;
    const now = this.now();
    const l = eventLine(win, now, defaultZone, lang());
    this.line.textContent = t(l.key, l.vars);
    this.lead.hidden = phaseOf(win, now) !== 'before';
    if (phaseOf(win, now) !== 'over') this.timer = setTimeout(() => this.render(), nextChangeMs(win, now));
  }

  private showNotice(n: Notice, announce: boolean): void {
    const kind = eventNoticeKinds.includes(n.kind) ? n.kind : n.reason;
    if (kind === 'event_cancelled') this.cancelled = true;
    else this.warned = true;
    const ends = parseTime(n.ends) ?? this.window?.ends ?? null;
    const text = kind === 'event_cancelled'
      ? t('notice_event_cancelled')
      : t('notice_closing_soon', { end: ends !== null ? clockIn(ends, defaultZone) : '' });
    // One of each kind: a repeat (another node, a reconnect) replaces the one shown.
    this.notices.querySelector(`[data-kind="${kind}"]`)?.remove();
    this.notices.appendChild(h('p', { class: 'room-notice room-event-notice', 'data-kind': kind ?? '', text }));
    this.el.hidden = false;
    if (announce) this.host.announce(text);
  }
}
