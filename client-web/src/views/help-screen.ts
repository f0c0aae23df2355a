// The help directory as a whole screen (shown over any other screen by the help button).
// Issue 14: a region choice (the 47 prefectures, or none) kept on this device only; with one
// chosen, that prefecture's windows come first, then the national lines, and the other areas'
// windows (neighbours first) wait behind a disclosure.

import { h, nextId } from '../dom';
import { glyph } from '../icons';
import { lang, pick, t } from '../i18n';
import { Directory, familyEntries, HelpEntry } from '../state/help-directory';
import { areaNames, byRegion, regionByCode, regions } from '../state/regions';
import { emergencyLine, entryCard } from './help-entries';
import { title } from './common';

function regionName(code: string | undefined): string {
  const r = code ? regionByCode(code) : null;
  return r ? pick(r.name).text : '';
}

// The choice itself: a native select (every phone has a good picker for 48 options), by area.
export function regionChoice(value: string, choose: (code: string) => void): HTMLElement {
  const id = nextId('region');
  const hintId = nextId('regionhint');
  const sel = h('select', {
    id, class: 'select-input region-select', 'aria-describedby': hintId,
    onchange: () => choose(sel.value),
  },
  h('option', { value: '', text: t('regionNone') }),
  areaNames.map((area, i) => {
    const g = h('optgroup', { label: pick(area).text });
    for (const r of regions.filter((x) => x.area === i)) g.appendChild(h('option', { value: r.code, text: pick(r.name).text }));
    return g;
  }));
  sel.value = value;
  return h('div', { class: 'field region-field' },
    h('label', { class: 'field-label', for: id, text: t('regionLabel') }),
    sel,
    h('p', { class: 'field-hint', id: hintId, text: t('regionHint') }));
}

function regionalCard(e: HelpEntry): HTMLElement {
  const card = entryCard(e, 'h3');
  const name = regionName(e.region);
  if (name) card.insertBefore(h('p', { class: 'help-region small', text: name, lang: lang() }), card.children[1] ?? null);
  return card;
}

export function helpScreen(opts: {
  directory: Directory | null;
  failed: boolean;
  retry: () => void;
  close: () => void;
  region?: string;
  chooseRegion?: (code: string) => void;
}): HTMLElement {
  const body: (HTMLElement | null)[] = [];
  // The emergency number first, before anything to choose.
  if (opts.directory) body.push(emergencyLine(opts.directory));
  if (opts.chooseRegion) body.push(regionChoice(opts.region ?? '', opts.chooseRegion));
  if (opts.directory) {
    const parts = byRegion(opts.directory.entries, opts.region ?? '');
    if (parts.local.length > 0) {
      const localId = nextId('helplocal');
      body.push(h('section', { class: 'help-local', 'aria-labelledby': localId },
        h('h2', { id: localId, class: 'group-title', text: t('helpLocalTitle', { region: regionName(opts.region) }) }),
        h('ul', { class: 'help-list' }, parts.local.map((e) => entryCard(e, 'h3')))));
    }
    const national = parts.national;
    const family = familyEntries({ emergency: null, entries: national });
    const lines = national.filter((e) => !family.includes(e));
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
    const elsewhere = [...parts.nearby, ...parts.other];
    if (elsewhere.length > 0) {
      body.push(h('details', { class: 'help-other' },
        h('summary', { text: t('helpOtherTitle') }),
        h('ul', { class: 'help-list' }, elsewhere.map(regionalCard))));
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
