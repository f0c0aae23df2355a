// The help directory as a whole screen (shown over any other screen by the help button).

import { h, nextId } from '../dom';
import { glyph } from '../icons';
import { t } from '../i18n';
import { Directory, familyEntries } from '../state/help-directory';
import { emergencyLine, entryCard } from './help-entries';
import { title } from './common';

export function helpScreen(opts: {
  directory: Directory | null;
  failed: boolean;
  retry: () => void;
  close: () => void;
}): HTMLElement {
  const body: (HTMLElement | null)[] = [];
  if (opts.directory) {
    body.push(emergencyLine(opts.directory));
    const family = familyEntries(opts.directory);
    const lines = opts.directory.entries.filter((e) => !family.includes(e));
    body.push(h('ul', { class: 'help-list' }, lines.map((e) => entryCard(e))));
    body.push(h('p', { class: 'muted small', text: t('helpNote') }));
    if (family.length > 0) {
      // The families' windows in a section of their own, after the lines to call now.
      const famId = nextId('helpfam');
      body.push(h('section', { class: 'help-family', 'aria-labelledby': famId },
        h('h2', { id: famId, class: 'group-title', text: t('familyHelpTitle') }),
        h('p', { text: t('familyHelpLead') }),
        h('ul', { class: 'help-list' }, family.map((e) => entryCard(e, 'h3')))));
    }
  } else if (opts.failed) {
    body.push(h('p', { class: 'muted', text: t('helpFailed') }),
      h('button', { type: 'button', class: 'btn btn-secondary', text: t('helpRetry'), onclick: opts.retry }));
  } else {
    body.push(h('p', { class: 'muted', text: t('helpLoading') }));
  }
  return h('div', { class: 'screen help' },
    h('div', { class: 'screen-top' },
      h('button', { type: 'button', class: 'btn btn-quiet help-close', onclick: opts.close },
        glyph('back'), h('span', { text: t('helpClose') }))),
    title(t('helpTitle')),
    h('p', { class: 'lead', text: t('helpLead') }),
    body,
    h('button', { type: 'button', class: 'btn btn-secondary btn-wide', text: t('helpClose'), onclick: opts.close }),
  );
}
