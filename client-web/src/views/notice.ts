// The stopped states: another tab took over the session, or the session was removed.

import { h } from '../dom';
import { Key, t } from '../i18n';
import { Directory } from '../state/help-directory';
import { entryCard } from './help-entries';
import { title } from './common';

export function notice(opts: {
  titleKey: Key;
  textKey: Key;
  button: { key: Key; action: () => void };
  directory?: Directory | null;
}): HTMLElement {
  return h('section', { class: 'screen notice' },
    title(t(opts.titleKey)),
    h('p', { class: 'lead', text: t(opts.textKey) }),
    opts.directory ? h('ul', { class: 'help-list' }, opts.directory.entries.map((e) => entryCard(e))) : null,
    h('button', { type: 'button', class: 'btn btn-primary btn-wide', text: t(opts.button.key), onclick: opts.button.action }),
  );
}
