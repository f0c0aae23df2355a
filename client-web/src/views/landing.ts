// The first screen: what this place is, the way in, the families' way in, and help right now
// (the featured hotline).

import { h, nextId } from '../dom';
import { glyph } from '../icons';
import { Key, lang, pick, t } from '../i18n';
import { Directory } from '../state/help-directory';
import { callLink } from './help-entries';
import { langButton, title } from './common';

export function landing(opts: {
  enter: () => void;
  families: () => void;
  schedule?: () => void;
  openHelp: () => void;
  switchLang: () => void;
  directory: Directory | null;
  directoryFailed: boolean;
  retryDirectory: () => void;
}): HTMLElement {
  const callable = opts.directory?.entries.filter((e) => e.tel) ?? [];
  const featured = callable.find((e) => e.featured) ?? callable[0];
  const nowBody: HTMLElement[] = [];
  if (featured?.tel) {
    const hours = featured.hours ? pick(featured.hours).text : '';
    nowBody.push(h('div', { class: 'featured' },
      h('p', { class: 'featured-name', text: pick(featured.name).text + (hours ? (lang() === 'ja' ? `（${hours}）` : ` (${hours})`) : '') }),
      callLink({ name: featured.name, tel: featured.tel }, 'call call-wide')));
  } else if (opts.directoryFailed) {
    nowBody.push(h('p', { class: 'muted', text: t('helpFailed') }),
      h('button', { type: 'button', class: 'btn btn-secondary', text: t('helpRetry'), onclick: opts.retryDirectory }));
  } else {
    nowBody.push(h('p', { class: 'muted', text: t('helpLoading') }));
  }
  const nowId = nextId('now');
  const privId = nextId('priv');
  const famId = nextId('fam');
  const schedId = nextId('sched');
  return h('section', { class: 'screen landing' },
    h('div', { class: 'screen-top' }, langButton(opts.switchLang)),
    title(t('landingTitle')),
    h('p', { class: 'lead', text: t('landingLead') }),
    h('ul', { class: 'points' },
      (['landingPoint1', 'landingPoint2', 'landingPoint3', 'landingPoint4'] as Key[]).map((k) =>
        h('li', null, glyph('leaf', 'point-icon'), h('span', { text: t(k) })))),
    h('button', { type: 'button', class: 'btn btn-primary btn-wide enter', onclick: opts.enter, text: t('landingEnter') }),
    h('section', { class: 'card family-way', 'aria-labelledby': famId },
      h('h2', { id: famId, class: 'card-title', text: t('landingFamily') }),
      h('p', { text: t('landingFamilyLead') }),
      h('button', { type: 'button', class: 'btn btn-secondary btn-wide families', onclick: opts.families, text: t('landingFamilyOpen') })),
    // Issue 14: the gatherings at set times.
    opts.schedule ? h('section', { class: 'card schedule-way', 'aria-labelledby': schedId },
      h('h2', { id: schedId, class: 'card-title', text: t('landingScheduleTitle') }),
      h('p', { text: t('landingScheduleLead') }),
      h('button', { type: 'button', class: 'btn btn-secondary btn-wide open-schedule', onclick: opts.schedule, text: t('landingScheduleOpen') })) : null,
    h('section', { class: 'card now', 'aria-labelledby': nowId },
      h('h2', { id: nowId, class: 'card-title', text: t('landingNowTitle') }),
      h('p', { text: t('landingNowLead') }),
      nowBody,
      h('button', { type: 'button', class: 'btn btn-secondary btn-wide', text: t('landingMoreHelp'), onclick: opts.openHelp })),
    h('section', { class: 'card quiet', 'aria-labelledby': privId },
      h('h2', { id: privId, class: 'card-title', text: t('landingPrivacyTitle') }),
      h('p', { class: 'small', text: t('landingPrivacy') }),
      h('details', { class: 'trace-note' },
        h('summary', { text: t('landingTraceTitle') }),
        h('ul', { class: 'small' },
          (['landingTrace1', 'landingTrace2', 'landingTrace3', 'landingTrace4'] as Key[]).map((k) =>
            h('li', { text: t(k) }))))),
  );
}
