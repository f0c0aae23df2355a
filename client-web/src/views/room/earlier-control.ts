// Issue 13: the top of the room's log — "load earlier messages", and the calm note when the
// log reaches the room's first message or where history no longer keeps older ones.

import { h } from '../../dom';
import { t } from '../../i18n';
import { keptParts } from '../../state/earlier';
import { RoomStore } from '../../state/room-store';

export class EarlierControl {
  readonly el: HTMLDivElement;
  private readonly btn: HTMLButtonElement;
  private readonly note: HTMLParagraphElement;

  constructor(private readonly store: RoomStore) {
    this.btn = h('button', {
      type: 'button', class: 'btn btn-secondary btn-small earlier-load', text: t('earlierLoad'),
      onclick: () => {
        if (store.loadEarlier()) return;
        this.note.textContent = t('roomNotConnected');
        this.note.hidden = false;
      },
    });
    this.note = h('p', { class: 'earlier-note' });
    this.el = h('div', { class: 'earlier' }, this.btn, this.note);
    this.render();
  }

  render(): void {
    const s = this.store.earlierState;
    const can = this.store.canLoadEarlier() || s === 'loading';
    this.btn.hidden = !can;
    this.btn.disabled = s === 'loading';
    this.btn.textContent = s === 'loading' ? t('earlierLoading') : t('earlierLoad');
    let note = '';
    if (s === 'gone') {
      const k = keptParts(this.store.keptS || 3600);
      note = t('earlierGone', { time: t(k.unit === 'hours' ? 'hoursN' : 'minutesN', { n: k.n }) });
    } else if (s === 'start') note = t('earlierStart');
    else if (s === 'failed') note = t('earlierFailed');
    this.note.textContent = note;
    this.note.hidden = note === '';
    this.el.hidden = this.btn.hidden && this.note.hidden;
  }

  focus(): void {
    if (!this.btn.hidden) this.btn.focus();
  }
}
