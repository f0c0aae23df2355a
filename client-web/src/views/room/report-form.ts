// "Tell a supporter" from a message's "…" menu: the reasons of the protocol, an optional note,
// and the promise that the reporter is never named. Plain DOM, small: it is in the first bundle.

import { h, nextId } from '../../dom';
import { Key, t } from '../../i18n';
import { ReportReason, reportReasons } from '../../protocol';
import { Outcome } from '../../state/requests';

export function reportForm(opts: {
  send: (reason: ReportReason, note: string) => Promise<Outcome>;
  done: (text: string) => void; // closes the menu and says how it went
  cancel: () => void;
}): HTMLFormElement {
  const group = nextId('reason');
  const noteId = nextId('rnote');
  const anonId = nextId('anon');
  const err = h('p', { class: 'form-error', 'aria-live': 'polite' });
  const radios = reportReasons.map((r, i) => {
    const id = `${group}-${r}`;
    return h('div', { class: 'check-row check-row-tight' },
      h('input', { type: 'radio', class: 'check', name: group, id, value: r, checked: i === 0 }),
      h('label', { for: id, text: t(('reason_' + r) as Key) }));
  });
  const note = h('textarea', { id: noteId, class: 'text-input report-note', rows: '2', maxlength: '300', autocomplete: 'off' });
  const send = h('button', { type: 'submit', class: 'btn btn-primary btn-small', text: t('reportSend') });
  const form = h('form', {
    class: 'report-form', autocomplete: 'off', 'aria-describedby': anonId,
    onsubmit: (e: Event) => {
      e.preventDefault();
      const picked = form.querySelector<HTMLInputElement>(`input[name="${group}"]:checked`);
      send.disabled = true;
      opts.send((picked?.value ?? 'other') as ReportReason, note.value).then((o) => {
        send.disabled = false;
        if (o.ok) opts.done(t('reportDone'));
        else err.textContent = t('err_generic');
      });
    },
  },
    h('p', { class: 'ev-actions-label', id: anonId, text: t('reportAnon') }),
    h('fieldset', { class: 'plain-fieldset' }, h('legend', { class: 'field-label', text: t('reportReason') }), radios),
    h('label', { for: noteId, class: 'field-hint', text: t('reportNote') }),
    note,
    err,
    h('div', { class: 'row-buttons' },
      send,
      h('button', { type: 'button', class: 'btn btn-quiet btn-small', text: t('reportCancel'), onclick: opts.cancel })),
  );
  return form;
}
