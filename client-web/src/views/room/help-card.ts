// The help card (issue 12), inside the room, for the writer only, after a message that spoke of
// wanting to die or to hurt oneself. Never a modal: the text box stays usable and focus stays
// where it is; the card's host is a polite live region, so it is read out once, in turn. One
// warm next step (talk with a peer supporter now, when one is on duty; otherwise an honest line
// that the lines below are there), at most three lines to call with their hours, and the way to
// the full help screen. A new card replaces the one shown; the card can be closed.

import { clear, h, nextId } from '../../dom';
import { lang, pick, t } from '../../i18n';
import { HelpCard, HelpCardLine } from '../../protocol';
import { Unsubscribe } from '../../state/emitter';
import { PrivateWord } from '../../state/private-word';
import { RoomStore } from '../../state/room-store';
import { callLink } from '../help-entries';

function textEl(tag: 'span' | 'p', cls: string, text: { ja?: string; en?: string } | null | undefined): HTMLElement | null {
  const p = pick(text);
  if (!p.text) return null;
  const el = h(tag, { class: cls, text: p.text });
  if (p.lang !== lang()) el.setAttribute('lang', p.lang);
  return el;
}

function lineEl(l: HelpCardLine): HTMLLIElement | null {
  const name = pick(l.name).text;
  let reach: HTMLElement | null = null;
  if (typeof l.tel === 'string' && l.tel !== '') reach = callLink({ name: l.name, tel: l.tel }, 'call help-card-call');
  else if (typeof l.url === 'string' && /^https:\/\//.test(l.url)) {
    // A link leaves only when tapped: nothing is fetched from another site before that.
    reach = h('a', { class: 'help-card-url', href: l.url, target: '_blank', rel: 'noopener noreferrer', text: name });
  }
  if (!reach) return null;
  return h('li', { class: 'help-card-line' },
    textEl('span', 'help-card-name', l.name),
    reach,
    textEl('span', 'help-card-hours', l.hours) ?? h('span', { class: 'help-card-hours', text: t('helpHoursUnknown') }));
}

export class HelpCardView {
  // The live region that holds the card (empty while there is none).
  readonly el: HTMLDivElement;
  private action: HTMLDivElement | null = null;
  private readonly off: Unsubscribe | null;

  constructor(
    private readonly store: RoomStore,
    private readonly word: PrivateWord | null,
    private readonly openHelp: (() => void) | null,
    private readonly closed: (hadFocus: boolean) => void,
  ) {
    // aria-atomic false: when only the action changes (asking → waiting), only that is read.
    this.el = h('div', { class: 'help-card-host', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'false' });
    this.off = word ? word.changes.on((c) => {
      if (c.type === 'ask' && c.room === store.id) this.renderAction();
    }) : null;
    this.render();
  }

  dispose(): void {
    this.off?.();
  }

  // Draws the store's card (or nothing). Called when the card changes; never moves focus,
  // except back into a new card when focus was inside the one it replaces.
  render(): void {
    const hadFocus = this.el.contains(document.activeElement);
    clear(this.el);
    this.action = null;
    const card = this.store.helpCard;
    if (!card) return;
    this.el.appendChild(this.cardEl(card));
    if (hadFocus) this.el.querySelector<HTMLElement>('button, a')?.focus();
  }

  private cardEl(card: HelpCard): HTMLElement {
    const leadId = nextId('helpcard');
    this.action = h('div', { class: 'help-card-action' });
    const lines = card.lines.map(lineEl).filter((x): x is HTMLLIElement => x !== null);
    const section = h('section', { class: 'help-card', 'aria-labelledby': leadId, 'data-ref': card.ref },
      h('p', { id: leadId, class: 'help-card-lead', text: t('helpCardLead') }),
      this.action,
      lines.length > 0 ? h('ul', { class: 'help-card-lines', 'aria-label': t('helpCardLines') }, lines) : null,
      h('div', { class: 'row-buttons help-card-foot' },
        this.openHelp ? h('button', { type: 'button', class: 'btn btn-quiet btn-small help-card-more', text: t('helpCardMore'), onclick: this.openHelp }) : null,
        h('button', {
          type: 'button', class: 'btn btn-quiet btn-small help-card-close', text: t('helpCardClose'),
          'aria-label': t('helpCardCloseLabel'),
          onclick: () => {
            const hadFocus = this.el.contains(document.activeElement);
            this.store.dismissHelpCard();
            this.closed(hadFocus);
          },
        })));
    this.renderAction();
    return section;
  }

  // The one main step: talk with a peer supporter now (the existing ask), the waiting line once
  // asked, or, with nobody on duty, the honest line that the phone lines below are there.
  private renderAction(): void {
    const slot = this.action;
    const card = this.store.helpCard;
    if (!slot || !card) return;
    clear(slot);
    if (!card.on_duty) {
      slot.appendChild(h('p', { class: 'help-card-nostaff', text: t('helpCardNoStaff') }));
      return;
    }
    if (!this.word || this.store.badge) return;
    const a = this.word.askIn(this.store.id);
    if (a) {
      // Asked already (here or from the room's own button): the panel shows the rest.
      if (a.state !== 'open') slot.appendChild(h('p', { class: 'help-card-waiting', text: t('askWaiting') }));
      return;
    }
    const word = this.word;
    slot.appendChild(h('button', {
      type: 'button', class: 'btn btn-primary help-card-ask',
      onclick: () => {
        void word.ask(this.store.id).then((o) => {
          if (!o.ok && this.action === slot) slot.appendChild(h('p', { class: 'form-error', text: t('askFailed') }));
        });
      },
    }, t('helpCardAsk'), h('span', { class: 'visually-hidden', text: ' ' + t('askExplain') })));
  }
}
