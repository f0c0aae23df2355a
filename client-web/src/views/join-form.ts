// "Before you enter": the room's rules, the affirmation for a limited room, the nickname and
// whether to come in as a listener.

import { h, nextId } from '../dom';
import { Key, lang, pick, t } from '../i18n';
import { RoomInfo } from '../protocol';
import { title } from './common';

export interface JoinForm {
  el: HTMLElement;
  showError(text: string, field?: 'nick' | 'affirm'): void;
  // The nickname is in use in the room: say so and offer the free ones as buttons.
  showTaken(suggestions: string[]): void;
  setBusy(busy: boolean): void;
}

export function joinScreen(opts: {
  room: RoomInfo;
  nick: string;
  suggest: (avoid: string) => string;
  submit: (v: { nick: string; affirm: boolean; listening: boolean }) => void;
  back: () => void;
}): JoinForm {
  const room = opts.room;
  const name = pick(room.name).text;
  const errId = nextId('err');
  const err = h('p', { id: errId, class: 'form-error', 'aria-live': 'polite' });

  const nickId = nextId('nick');
  const hintId = nextId('hint');
  const nick = h('input', {
    id: nickId, class: 'text-input', type: 'text', value: opts.nick, maxlength: '24',
    autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false', 'aria-describedby': hintId,
  });
  const other = h('button', {
    type: 'button', class: 'btn btn-secondary btn-small', text: t('joinNickOther'),
    onclick: () => { nick.value = opts.suggest(nick.value); nick.focus(); },
  });

  // Free nicknames the server offered after nickname_taken; a tap fills the field (the person
  // may still type another) and gives the field the focus back, ready to enter.
  const freeLabelId = nextId('free');
  const freeLabel = h('p', { id: freeLabelId, class: 'field-hint', text: t('joinNickFree') });
  const freeList = h('div', { class: 'nick-suggestions' });
  const free = h('div', { role: 'group', 'aria-labelledby': freeLabelId, hidden: true }, freeLabel, freeList);
  const clearFree = () => {
    free.hidden = true;
    freeList.replaceChildren();
  };
  nick.addEventListener('input', () => {
    if (nick.getAttribute('aria-invalid') === 'true') nick.removeAttribute('aria-invalid');
  });

  const affirmId = nextId('affirm');
  const affirm = h('input', { id: affirmId, type: 'checkbox', class: 'check' });
  const listenId = nextId('listen');
  const listen = h('input', { id: listenId, type: 'checkbox', class: 'check', checked: true });
  const enter = h('button', { type: 'submit', class: 'btn btn-primary btn-wide', text: t('joinEnter') });

  const audience = room.audience.filter((a) => a !== 'open').map((a) => t(('audience_' + a) as Key));
  const rules = pick(room.rules);
  const desc = pick(room.description);

  const form = h('form', {
    class: 'join-form', autocomplete: 'off', novalidate: true,
    onsubmit: (e: Event) => {
      e.preventDefault();
      err.textContent = '';
      clearFree();
      nick.removeAttribute('aria-invalid');
      affirm.removeAttribute('aria-invalid');
      if (room.limited && !affirm.checked) {
        api.showError(t('joinAffirmNeeded'), 'affirm');
        return;
      }
      if (nick.value.trim() === '') {
        api.showError(t('nickEmpty'), 'nick');
        return;
      }
      opts.submit({ nick: nick.value.trim(), affirm: room.limited ? affirm.checked : false, listening: listen.checked });
    },
  },
    room.limited
      ? h('div', { class: 'card affirm-card' },
        h('p', { class: 'for-whom', text: t('joinFor', { who: audience.join(lang() === 'ja' ? '・' : ', ') }) }),
        rules.text ? h('h2', { class: 'card-title', text: t('joinRules') }) : null,
        rules.text ? h('p', { class: 'rules', lang: rules.lang !== lang() ? rules.lang : null, text: rules.text }) : null,
        h('div', { class: 'check-row' }, affirm, h('label', { for: affirmId, text: t('joinAffirm') })))
      : rules.text
        ? h('div', { class: 'card' },
          h('h2', { class: 'card-title', text: t('joinRules') }),
          h('p', { class: 'rules', lang: rules.lang !== lang() ? rules.lang : null, text: rules.text }))
        : null,
    h('div', { class: 'field' },
      h('label', { for: nickId, class: 'field-label', text: t('joinNick') }),
      h('div', { class: 'nick-row' }, nick, other),
      h('p', { id: hintId, class: 'field-hint', text: t('joinNickHint') }),
      free),
    h('div', { class: 'check-row' }, listen, h('label', { for: listenId, text: t('joinListen') })),
    err,
    enter,
    h('button', { type: 'button', class: 'btn btn-quiet btn-wide', text: t('joinBack'), onclick: opts.back }),
  );

  const el = h('section', { class: 'screen join' },
    title(t('joinTitle', { room: name })),
    desc.text ? h('p', { class: 'lead', lang: desc.lang !== lang() ? desc.lang : null, text: desc.text }) : null,
    form,
  );

  const api: JoinForm = {
    el,
    showError(text: string, field?: 'nick' | 'affirm') {
      err.textContent = text;
      const target = field === 'nick' ? nick : field === 'affirm' ? affirm : null;
      if (target) {
        target.setAttribute('aria-invalid', 'true');
        target.setAttribute('aria-describedby', field === 'nick' ? `${hintId} ${errId}` : errId);
        target.focus();
      }
    },
    showTaken(suggestions: string[]) {
      freeList.replaceChildren(...suggestions.map((s) => h('button', {
        type: 'button', class: 'btn btn-secondary btn-small nick-suggestion', text: s,
        onclick: () => {
          nick.value = s;
          nick.removeAttribute('aria-invalid');
          err.textContent = '';
          nick.focus();
        },
      })));
      free.hidden = suggestions.length === 0;
      api.showError(t(suggestions.length > 0 ? 'err_nickname_taken' : 'err_nickname_taken_none'), 'nick');
    },
    setBusy(busy: boolean) {
      enter.disabled = busy;
      enter.textContent = busy ? t('joinJoining') : t('joinEnter');
    },
  };
  return api;
}
